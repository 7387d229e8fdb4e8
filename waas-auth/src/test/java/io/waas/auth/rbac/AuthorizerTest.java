package io.waas.auth.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.SecurityEvent;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthorizerTest {
  static Policy fixture() throws InvalidPolicyException {
    return Policy.builder()
        .role(RoleDefinition.global("viewer").allow("*:read").build())
        .role(RoleDefinition.global("editor").inherits("viewer")
            .allow("pages:*").deny("pages:delete").allowIfOwner("pages:delete").build())
        .role(RoleDefinition.global("admin").allow("*").build())
        .role(RoleDefinition.global("auditor").inherits("viewer").deny("secrets:read").build())
        .role(RoleDefinition.global("author").allow("pages:create").allowIfOwner("pages:edit", "pages:delete").build())
        .role(RoleDefinition.global("one-page").allow("pages/42:edit", "media/7:*").build())
        .role(RoleDefinition.inTenant("site-a", "site-publisher").inherits("editor").allow("pages:publish").build())
        .role(RoleDefinition.inTenant("site-b", "billing").allow("billing:*").build())
        .assign("site-a", "alice", "admin")
        .assign("site-a", "bob", "viewer")
        .assign("site-a", "carol", "site-publisher")
        .assign("site-a", "dave", "author")
        .assign("site-a", "erin", "admin")
        .assign("site-a", "erin", "auditor")
        .assign("site-a", "gus", "one-page")
        .assign("site-b", "alice", "viewer")
        .assign("site-b", "frank", "billing")
        .build();
  }

  static Authorizer authorizer(Policy p, List<SecurityEvent> events) {
    return Authorizer.builder(p).eventListener(events::add).build();
  }

  private static boolean check(Authorizer a, String tenant, String user, String permission, @Nullable String owner) {
    return owner == null ? a.check(tenant, user, permission) : a.check(tenant, user, permission, owner);
  }

  @ParameterizedTest(name = "{0} {1} {2} owner={3}: {4}")
  @CsvSource(nullValues = "-", value = {
    // wildcards
    "site-a, alice, pages:edit, -, true",
    "site-a, alice, anything/1:at-all, -, true",
    "site-a, bob, pages:read, -, true",
    "site-a, bob, pages/9:read, -, true",
    "site-a, bob, pages:edit, -, false",
    "site-a, carol, pages:edit, -, true",
    "site-a, carol, pages/5:rename, -, true",
    "site-a, carol, posts:edit, -, false",
    "site-a, gus, pages/42:edit, -, true",
    "site-a, gus, pages/43:edit, -, false",
    "site-a, gus, pages:edit, -, false",
    "site-a, gus, media/7:delete, -, true",
    "site-a, gus, media/8:delete, -, false",
    // deny overrides allow (same role, inherited, other role)
    "site-a, carol, pages:delete, -, false",
    "site-a, carol, pages/5:delete, carol, false",
    "site-a, erin, secrets:read, -, false",
    "site-a, erin, secrets:write, -, true",
    "site-a, erin, pages:read, -, true",
    // inheritance: site-publisher -> editor -> viewer
    "site-a, carol, settings:read, -, true",
    "site-a, carol, pages:publish, -, true",
    // ownership
    "site-a, dave, pages/1:edit, dave, true",
    "site-a, dave, pages/1:edit, zoe, false",
    "site-a, dave, pages/1:edit, -, false",
    "site-a, dave, pages/1:delete, dave, true",
    "site-a, dave, pages:create, -, true",
    "site-a, dave, posts/1:edit, dave, false",
    // tenant isolation: admin in site-a is only a viewer in site-b; frank only in site-b
    "site-b, alice, pages:edit, -, false",
    "site-b, alice, pages:read, -, true",
    "site-a, frank, billing:pay, -, false",
    "site-b, frank, billing:pay, -, true",
    "site-c, alice, pages:read, -, false",
    "site-a, nobody, pages:read, -, false",
  })
  void check_fixture(String tenant, String user, String permission, @Nullable String owner, boolean expected)
      throws Exception {
    Policy p = fixture();
    Authorizer a = authorizer(p, new CopyOnWriteArrayList<>());
    assertEquals(expected, check(a, tenant, user, permission, owner));
    assertEquals(expected, ReferenceEvaluator.check(p, tenant, user, permission, owner), "oracle disagrees");
    Explanation e = owner == null ? a.explain(tenant, user, permission) : a.explain(tenant, user, permission, owner);
    assertEquals(expected, e.allowed());
    Grant rule = e.rule();
    if (rule != null) {
      assertTrue(rule.permission().matches(Permission.parse(permission)), "explained rule must match");
    }
  }

  @Test
  void explain_deny_namesRuleAndInheritancePath() throws Exception {
    Authorizer a = authorizer(fixture(), new CopyOnWriteArrayList<>());
    Explanation e = a.explain("site-a", "carol", "pages/5:delete", "carol");
    assertFalse(e.allowed());
    assertEquals(Explanation.Reason.DENIED_BY_RULE, e.reason());
    assertEquals(Grant.deny("pages:delete"), e.rule());
    assertEquals(List.of("site-a/site-publisher", "editor"), e.rolePath());
    assertEquals("editor", e.role());
  }

  @Test
  void explain_allow_throughTwoLevels() throws Exception {
    Authorizer a = authorizer(fixture(), new CopyOnWriteArrayList<>());
    Explanation e = a.explain("site-a", "carol", "comments:read");
    assertEquals(Explanation.Reason.ALLOWED_BY_RULE, e.reason());
    assertEquals(Grant.allow("*:read"), e.rule());
    assertEquals(List.of("site-a/site-publisher", "editor", "viewer"), e.rolePath());
    assertTrue(e.toString().contains("site-a/site-publisher -> editor -> viewer"), e.toString());
  }

  @Test
  void explain_owner_reasons() throws Exception {
    Authorizer a = authorizer(fixture(), new CopyOnWriteArrayList<>());
    Explanation own = a.explain("site-a", "dave", "pages/1:edit", "dave");
    assertEquals(Explanation.Reason.ALLOWED_AS_OWNER, own.reason());
    assertEquals(Grant.allowIfOwner("pages:edit"), own.rule());
    Explanation other = a.explain("site-a", "dave", "pages/1:edit", "zoe");
    assertFalse(other.allowed());
    assertEquals(Explanation.Reason.OWNER_MISMATCH, other.reason());
    assertEquals(Explanation.Reason.OWNER_MISMATCH, a.explain("site-a", "dave", "pages/1:edit").reason());
  }

  @Test
  void explain_noRule_defaultDeny() throws Exception {
    Authorizer a = authorizer(fixture(), new CopyOnWriteArrayList<>());
    Explanation e = a.explain("site-b", "alice", "pages:edit");
    assertFalse(e.allowed());
    assertEquals(Explanation.Reason.NO_RULE_MATCHED, e.reason());
    assertNull(e.rule());
    assertNull(e.role());
    assertEquals(List.of(), e.rolePath());
  }

  @ParameterizedTest
  @CsvSource({"pages:*", "*", "*:read", "Pages:read", "pages"})
  void check_nonConcreteOrMalformed_throws(String permission) throws Exception {
    Authorizer a = authorizer(fixture(), new CopyOnWriteArrayList<>());
    assertThrows(IllegalArgumentException.class, () -> a.check("site-a", "alice", permission));
  }

  @Test
  void globalRole_usableInEveryTenant_tenantRoleOnlyInItsTenant() throws Exception {
    Policy p = Policy.builder()
        .role(RoleDefinition.global("viewer").allow("*:read").build())
        .role(RoleDefinition.inTenant("a", "local").allow("x:y").build())
        .assign("a", "u", "viewer").assign("b", "u", "viewer").assign("a", "u", "local")
        .build();
    Authorizer az = authorizer(p, new CopyOnWriteArrayList<>());
    assertTrue(az.check("a", "u", "pages:read"));
    assertTrue(az.check("b", "u", "pages:read"));
    assertTrue(az.check("a", "u", "x:y"));
    assertFalse(az.check("b", "u", "x:y"));
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
        () -> Policy.builder().role(RoleDefinition.inTenant("a", "local").build()).assign("b", "u", "local").build());
    assertTrue(String.valueOf(e.getMessage()).contains("unknown role 'local'"), e.getMessage());
  }

  @Test
  void tenantRole_withGlobalName_rejected() {
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> Policy.builder()
        .role(RoleDefinition.global("editor").build())
        .role(RoleDefinition.inTenant("a", "editor").build())
        .build());
    assertEquals("role a/editor", e.location());
  }

  @Test
  void tenantRole_extendsGlobalRole_byInheritance() throws Exception {
    Policy p = Policy.builder()
        .role(RoleDefinition.global("editor").allow("pages:*").build())
        .role(RoleDefinition.inTenant("a", "editor-plus").inherits("editor").allow("media:*").build())
        .assign("a", "u", "editor-plus")
        .build();
    Authorizer az = authorizer(p, new CopyOnWriteArrayList<>());
    assertTrue(az.check("a", "u", "pages:edit"));
    assertTrue(az.check("a", "u", "media:upload"));
  }

  @Test
  void globalRole_cannotInheritTenantRole() {
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> Policy.builder()
        .role(RoleDefinition.inTenant("a", "local").build())
        .role(RoleDefinition.global("g").inherits("local").build())
        .build());
    assertTrue(String.valueOf(e.getMessage()).contains("only from global roles"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "self | a>a | a -> a",
    "two | a>b,b>a | a -> b -> a",
    "three | a>b,b>c,c>a | a -> b -> c -> a",
    "tail | x>a,a>b,b>c,c>b | b -> c -> b",
  })
  void inheritance_cycle_rejectedWithCycleNamed(String name, String edges, String expectedCycle) {
    Policy.Builder b = Policy.builder();
    java.util.Map<String, RoleDefinition.Builder> roles = new java.util.LinkedHashMap<>();
    for (String e : edges.split(",")) {
      String[] ab = e.trim().split(">");
      roles.computeIfAbsent(ab[0], RoleDefinition::global).inherits(ab[1]);
      roles.computeIfAbsent(ab[1], RoleDefinition::global);
    }
    roles.values().forEach(r -> b.role(r.build()));
    RoleCycleException e = assertThrows(RoleCycleException.class, b::build);
    assertEquals(expectedCycle, String.join(" -> ", e.cycle()));
    assertTrue(String.valueOf(e.getMessage()).contains(expectedCycle), e.getMessage());
  }

  @Test
  void inheritance_cycleThroughTenantAndGlobal_namesTenantRoles() {
    // Global roles cannot reach tenant roles, so a cycle must stay within one tenant's roles.
    RoleCycleException e = assertThrows(RoleCycleException.class, () -> Policy.builder()
        .role(RoleDefinition.global("base").build())
        .role(RoleDefinition.inTenant("t", "x").inherits("base", "y").build())
        .role(RoleDefinition.inTenant("t", "y").inherits("x").build())
        .build());
    assertEquals(List.of("t/x", "t/y", "t/x"), e.cycle());
  }

  @Test
  void inheritance_diamond_isNotACycle() throws Exception {
    Policy p = Policy.builder()
        .role(RoleDefinition.global("base").allow("a:b").build())
        .role(RoleDefinition.global("left").inherits("base").build())
        .role(RoleDefinition.global("right").inherits("base").deny("c:d").build())
        .role(RoleDefinition.global("top").inherits("left", "right").allow("c:*").build())
        .assign("t", "u", "top")
        .build();
    Authorizer az = authorizer(p, new CopyOnWriteArrayList<>());
    assertTrue(az.check("t", "u", "a:b"));
    assertFalse(az.check("t", "u", "c:d"));
    assertTrue(az.check("t", "u", "c:e"));
  }

  @Test
  void inheritance_tooDeep_rejected() {
    Policy.Builder b = Policy.builder();
    for (int i = 0; i < Policy.MAX_INHERITANCE_DEPTH + 1; i++) {
      b.role(RoleDefinition.global("r" + i).inherits("r" + (i + 1)).build());
    }
    b.role(RoleDefinition.global("r" + (Policy.MAX_INHERITANCE_DEPTH + 1)).build());
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, b::build);
    assertTrue(String.valueOf(e.getMessage()).contains("deeper"), e.getMessage());
  }

  @Test
  void inheritance_tooDeepListedAncestorFirst_rejected() {
    // The chain is listed from its root down, so a depth check on the current search path alone
    // would see every role as shallow; the height of each role must be counted.
    Policy.Builder b = Policy.builder();
    int n = Policy.MAX_INHERITANCE_DEPTH + 1;
    b.role(RoleDefinition.global("r" + n).allow("a:b").build());
    for (int i = n - 1; i >= 0; i--) {
      b.role(RoleDefinition.global("r" + i).inherits("r" + (i + 1)).build());
    }
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, b::build);
    assertTrue(String.valueOf(e.getMessage()).contains("deeper"), e.getMessage());
  }

  @Test
  void inheritance_exactlyMaxDepth_accepted() throws Exception {
    Policy.Builder b = Policy.builder();
    int n = Policy.MAX_INHERITANCE_DEPTH - 1;
    b.role(RoleDefinition.global("r" + n).allow("a:b").build());
    for (int i = n - 1; i >= 0; i--) {
      b.role(RoleDefinition.global("r" + i).inherits("r" + (i + 1)).build());
    }
    b.assign("t", "u", "r0");
    assertTrue(Authorizer.create(b.build()).check("t", "u", "a:b"));
  }

  @Test
  void usersWithSameRoleSet_shareOneMergedTable() throws Exception {
    Policy.Builder b = Policy.builder()
        .role(RoleDefinition.global("x").allow("a:read").build())
        .role(RoleDefinition.global("y").deny("a:write").allow("b:read").build());
    for (int i = 0; i < 50; i++) {
      b.assign("t", "u" + i, i % 2 == 0 ? "x" : "y");
      b.assign("t", "u" + i, i % 2 == 0 ? "y" : "x");
    }
    Authorizer az = Authorizer.create(b.build());
    for (int i = 0; i < 50; i++) {
      assertTrue(az.check("t", "u" + i, "a:read") && az.check("t", "u" + i, "b:read"));
      assertFalse(az.check("t", "u" + i, "a:write"));
    }
  }

  @Test
  void duplicateRole_rejected() {
    assertThrows(InvalidPolicyException.class, () -> Policy.builder()
        .role(RoleDefinition.global("a").build()).role(RoleDefinition.global("a").allow("x:y").build()).build());
  }

  @Test
  void events_deniedCheckEmitted_allowedOnlyWhenEnabled() throws Exception {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    Authorizer quiet = authorizer(fixture(), events);
    assertTrue(quiet.check("site-a", "alice", "pages:edit"));
    assertEquals(0, events.size());
    assertFalse(quiet.check("site-a", "bob", "pages:edit"));
    assertEquals(1, events.size());
    SecurityEvent d = events.get(0);
    assertEquals(RbacEvents.CHECK_DENIED, d.type());
    assertEquals(SecurityEvent.Outcome.DENIED, d.outcome());
    assertEquals("site-a", d.tenant());
    assertEquals("bob", d.subject());
    assertEquals("pages:edit", d.attributes().get("permission"));
    assertEquals("NO_RULE_MATCHED", d.attributes().get("reason"));

    events.clear();
    Authorizer loud = Authorizer.builder(fixture()).eventListener(events::add).allowEvents(true).build();
    assertTrue(loud.check("site-a", "alice", "pages:edit"));
    assertEquals(RbacEvents.CHECK_ALLOWED, events.get(0).type());

    events.clear();
    Authorizer silent = Authorizer.builder(fixture()).eventListener(events::add).denyEvents(false).build();
    assertFalse(silent.check("site-a", "bob", "pages:edit"));
    assertEquals(0, events.size());
  }

  @Test
  void reload_swapsPolicy_emitsEvent() throws Exception {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    Authorizer a = authorizer(Policy.empty(), events);
    assertFalse(a.check("site-a", "alice", "pages:edit"));
    assertEquals(1, a.snapshot().generation());
    events.clear();
    PolicySnapshot s = a.reload(fixture());
    assertEquals(2, s.generation());
    assertSame(s, a.snapshot());
    assertTrue(a.check("site-a", "alice", "pages:edit"));
    assertEquals(RbacEvents.POLICY_RELOADED, events.get(0).type());
    assertEquals("2", events.get(0).attributes().get("policyGeneration"));
  }

  @Test
  void reload_failingSource_keepsOldSnapshot_emitsEventAndThrows() throws Exception {
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    Authorizer a = authorizer(fixture(), events);
    PolicySnapshot before = a.snapshot();
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class,
        () -> a.reload(() -> PolicyJson.parse("{\"version\": 1, \"bogus\": 1}")));
    assertEquals("/bogus", e.location());
    assertSame(before, a.snapshot());
    assertTrue(a.check("site-a", "alice", "pages:edit"));
    SecurityEvent failed = events.get(events.size() - 1);
    assertEquals(RbacEvents.POLICY_RELOAD_FAILED, failed.type());
    assertEquals(SecurityEvent.Outcome.FAILURE, failed.outcome());
    assertEquals("InvalidPolicyException", failed.attributes().get("error"));

    assertThrows(IOException.class, () -> a.reload(() -> {
      throw new IOException("disk gone");
    }));
    assertSame(before, a.snapshot());
    assertEquals(RbacEvents.POLICY_RELOAD_FAILED, events.get(events.size() - 1).type());
  }

  @Test
  void snapshot_isImmutableAcrossReload() throws Exception {
    Authorizer a = authorizer(fixture(), new CopyOnWriteArrayList<>());
    PolicySnapshot old = a.snapshot();
    a.reload(Policy.empty());
    assertTrue(old.check("site-a", "alice", "pages:edit"));
    assertFalse(a.check("site-a", "alice", "pages:edit"));
  }

  @ParameterizedTest
  @CsvSource({"''", "' padded'", "'tab\tbed'"})
  void assignment_malformedIds_rejected(String id) {
    assertThrows(IllegalArgumentException.class, () -> RoleAssignment.of(id, "u", "r"));
    assertThrows(IllegalArgumentException.class, () -> RoleAssignment.of("t", id, "r"));
  }

  @ParameterizedTest
  @CsvSource({"''", "-lead", "has space", "a/b", "a:b"})
  void roleName_malformed_rejected(String name) {
    assertThrows(IllegalArgumentException.class, () -> RoleDefinition.global(name));
  }

  @Test
  void grant_denyWithCondition_rejected() {
    assertThrows(IllegalArgumentException.class,
        () -> Grant.of(Grant.Effect.DENY, Permission.parse("a:b"), Grant.Condition.OWNER));
  }
}
