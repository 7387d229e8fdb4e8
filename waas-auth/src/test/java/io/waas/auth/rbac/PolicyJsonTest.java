package io.waas.auth.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyJsonTest {
  static final String EXAMPLE = """
      {
        "version": 1,
        "globalRoles": [
          {"name": "viewer", "grants": [{"allow": "*:read"}]},
          {"name": "editor", "inherits": ["viewer"],
           "grants": [{"allow": "pages:*"}, {"deny": "pages:delete"}]},
          {"name": "author", "grants": [{"allow": "pages:edit", "when": "owner"}]}
        ],
        "tenants": {
          "site-a": {
            "roles": [{"name": "site-admin", "inherits": ["editor"], "grants": [{"allow": "*"}]}],
            "assignments": [{"user": "alice", "roles": ["site-admin"]},
                            {"user": "bob", "roles": ["viewer", "author"]}]
          },
          "site-b": {"assignments": [{"user": "alice", "roles": ["viewer"]}]}
        }
      }
      """;

  @SuppressWarnings("NullAway.Init")
  @TempDir
  Path dir;

  @Test
  void parse_example_buildsPolicy() throws Exception {
    Policy p = PolicyJson.parse(EXAMPLE);
    assertEquals(4, p.roles().size());
    assertEquals(4, p.assignments().size());
    Authorizer a = Authorizer.builder(p).eventListener(e -> { }).build();
    assertTrue(a.check("site-a", "alice", "billing:pay"));
    assertFalse(a.check("site-a", "alice", "pages:delete"));
    assertTrue(a.check("site-a", "bob", "pages/1:edit", "bob"));
    assertFalse(a.check("site-a", "bob", "pages/1:edit", "carol"));
    assertFalse(a.check("site-b", "alice", "billing:pay"));
  }

  @Test
  void toJson_roundTrip_equalPolicy() throws Exception {
    Policy p = PolicyJson.parse(EXAMPLE);
    String json = PolicyJson.toJson(p);
    assertEquals(p, PolicyJson.parse(json));
    assertEquals(json, PolicyJson.toJson(PolicyJson.parse(json)));
    assertEquals(Policy.empty(), PolicyJson.parse(PolicyJson.toJson(Policy.empty())));
  }

  @Test
  void fileSource_readsFile_andReloadUsesIt() throws Exception {
    Path f = dir.resolve("policy.json");
    Files.writeString(f, EXAMPLE);
    Authorizer a = Authorizer.builder(Policy.empty()).eventListener(e -> { }).build();
    a.reload(PolicyJson.fileSource(f));
    assertTrue(a.check("site-a", "alice", "x:y"));
    Files.writeString(f, "{\"version\": 1}");
    a.reload(PolicyJson.fileSource(f));
    assertFalse(a.check("site-a", "alice", "x:y"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    "unknown top field | {\"version\":1,\"extra\":[]} | /extra | unknown field",
    "missing version | {} | `` | missing required field \"version\"",
    "version 2 | {\"version\":2} | /version | unsupported version",
    "version string | {\"version\":\"1\"} | /version | unsupported version",
    "version float | {\"version\":1.0} | /version | unsupported version",
    "root array | [] | `` | expected a JSON object",
    "roles not array | {\"version\":1,\"globalRoles\":{}} | /globalRoles | expected a JSON array",
    "role unknown field | {\"version\":1,\"globalRoles\":[{\"name\":\"a\",\"perms\":[]}]} | /globalRoles/0/perms | unknown field",
    "role no name | {\"version\":1,\"globalRoles\":[{}]} | /globalRoles/0 | missing required field \"name\"",
    "role bad name | {\"version\":1,\"globalRoles\":[{\"name\":\"a b\"}]} | /globalRoles/0/name | role name",
    "name number | {\"version\":1,\"globalRoles\":[{\"name\":5}]} | /globalRoles/0/name | expected a JSON string",
    "bad permission | {\"version\":1,\"globalRoles\":[{\"name\":\"a\",\"grants\":[{\"allow\":\"pa*:x\"}]}]} | /globalRoles/0/grants/0/allow | permission",
    "both allow deny | {\"version\":1,\"globalRoles\":[{\"name\":\"a\",\"grants\":[{\"allow\":\"a:b\",\"deny\":\"a:b\"}]}]} | /globalRoles/0/grants/0 | exactly one",
    "neither | {\"version\":1,\"globalRoles\":[{\"name\":\"a\",\"grants\":[{}]}]} | /globalRoles/0/grants/0 | exactly one",
    "when on deny | {\"version\":1,\"globalRoles\":[{\"name\":\"a\",\"grants\":[{\"deny\":\"a:b\",\"when\":\"owner\"}]}]} | /globalRoles/0/grants/0/when | deny cannot",
    "when other | {\"version\":1,\"globalRoles\":[{\"name\":\"a\",\"grants\":[{\"allow\":\"a:b\",\"when\":\"admin\"}]}]} | /globalRoles/0/grants/0/when | only condition",
    "bad tenant | {\"version\":1,\"tenants\":{\" x\":{}}} | /tenants/ x | tenant id",
    "tenant slash escaped | {\"version\":1,\"tenants\":{\"a/b\":{\"x\":1}}} | /tenants/a~1b/x | unknown field",
    "assignment user | {\"version\":1,\"tenants\":{\"t\":{\"assignments\":[{\"user\":\"\",\"roles\":[]}]}}} | /tenants/t/assignments/0/user | user id",
    "assignment role name | {\"version\":1,\"tenants\":{\"t\":{\"assignments\":[{\"user\":\"u\",\"roles\":[\"a b\"]}]}}} | /tenants/t/assignments/0/roles/0 | role name",
    "assignment unknown role | {\"version\":1,\"tenants\":{\"t\":{\"assignments\":[{\"user\":\"u\",\"roles\":[\"ghost\"]}]}}} | /tenants/t/assignments/0/roles/0 | unknown role",
    "unknown parent | {\"version\":1,\"globalRoles\":[{\"name\":\"a\",\"inherits\":[\"b\"]}]} | /globalRoles/0 | unknown role 'b'",
    "tenant role clash | {\"version\":1,\"globalRoles\":[{\"name\":\"a\"}],\"tenants\":{\"t\":{\"roles\":[{\"name\":\"x\"},{\"name\":\"a\"}]}}} | /tenants/t/roles/1 | name of the global role",
    "duplicate key | {\"version\":1,\"version\":1} | line 1, column 23 | Duplicate field",
    "trailing | {\"version\":1} {} | line 1, column 15 | malformed JSON",
  })
  void parse_invalid_throwsWithLocation(String name, String json, String location, String message) {
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PolicyJson.parse(json));
    assertEquals(location, e.location(), e.getMessage());
    assertTrue(String.valueOf(e.getMessage()).contains(message), e.getMessage());
  }

  @Test
  void parse_syntaxError_locatedByLineAndColumn() {
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
        () -> PolicyJson.parse("{\"version\":1,\n  \"globalRoles\": [}"));
    assertEquals("line 2, column 19", e.location(), e.getMessage());
  }

  @Test
  void parse_cycle_throwsRoleCycleException() {
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PolicyJson.parse(
        "{\"version\":1,\"globalRoles\":[{\"name\":\"a\",\"inherits\":[\"b\"]},{\"name\":\"b\",\"inherits\":[\"a\"]}]}"));
    RoleCycleException c = assertInstanceOf(RoleCycleException.class, e);
    assertEquals(List.of("a", "b", "a"), c.cycle());
  }

  @Test
  void parse_tooDeep_rejected() {
    String json = "{\"version\":1,\"x\":" + "[".repeat(40) + "]".repeat(40) + "}";
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PolicyJson.parse(json));
    assertTrue(String.valueOf(e.getMessage()).contains("nesting depth"), e.getMessage());
  }

  @Test
  void parse_tooLarge_rejected() {
    byte[] big = new byte[PolicyJson.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PolicyJson.parse(big));
    assertTrue(String.valueOf(e.getMessage()).contains("larger than"), e.getMessage());
    assertThrows(InvalidPolicyException.class, () -> PolicyJson.parse(new ByteArrayInputStream(big)));
  }

  @Test
  void parse_stream_equalsString() throws Exception {
    assertEquals(PolicyJson.parse(EXAMPLE),
        PolicyJson.parse(new ByteArrayInputStream(EXAMPLE.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void reload_fromBrokenFile_keepsOld() throws Exception {
    Path f = dir.resolve("broken.json");
    Files.writeString(f, "{\"version\": 1, \"tenants\": {\"t\": {\"assignments\": 3}}}");
    List<io.waas.core.SecurityEvent> events = new CopyOnWriteArrayList<>();
    Authorizer a = Authorizer.builder(PolicyJson.parse(EXAMPLE)).eventListener(events::add).build();
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> a.reload(PolicyJson.fileSource(f)));
    assertEquals("/tenants/t/assignments", e.location());
    assertTrue(a.check("site-a", "alice", "x:y"));
    assertEquals(RbacEvents.POLICY_RELOAD_FAILED, events.get(events.size() - 1).type());
  }
}
