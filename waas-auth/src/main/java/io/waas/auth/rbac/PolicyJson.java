package io.waas.auth.rbac;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes policies as JSON.
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "globalRoles": [
 *     {"name": "viewer", "grants": [{"allow": "*:read"}]},
 *     {"name": "editor", "inherits": ["viewer"],
 *      "grants": [{"allow": "pages:*"}, {"deny": "pages:delete"},
 *                 {"allow": "pages:delete", "when": "owner"}]}
 *   ],
 *   "tenants": {
 *     "site-a": {
 *       "roles": [{"name": "site-admin", "inherits": ["editor"], "grants": [{"allow": "*"}]}],
 *       "assignments": [{"user": "alice", "roles": ["site-admin"]},
 *                       {"user": "bob", "roles": ["viewer"]}]
 *     }
 *   }
 * }
 * }</pre>
 *
 * <h2>Strictness</h2>
 *
 * <p>The parser rejects, with an {@link InvalidPolicyException} whose {@linkplain
 * InvalidPolicyException#location() location} is a JSON pointer (or {@code line L, column C} for a
 * syntax error; for whole-policy errors such as an unknown parent, the pointer of the role or
 * assignment concerned): unknown fields, missing required fields, wrong JSON types, duplicate object keys,
 * trailing content, a {@code version} other than 1, malformed names, ids and permissions, a grant
 * with both or neither of {@code allow} and {@code deny}, a {@code when} other than {@code
 * "owner"} or on a deny, and documents over {@link #MAX_BYTES} bytes or nested deeper than 16. The
 * resulting policy is then validated as a whole ({@link Policy.Builder#build()}).
 *
 * <p>Thread-safe (stateless).
 */
public final class PolicyJson {
  /** Largest accepted document: 16 MiB. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  private static final ObjectMapper MAPPER = mapper();

  private PolicyJson() {}

  private static ObjectMapper mapper() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(16)
            .maxStringLength(4096)
            .maxNumberLength(16)
            .maxNameLength(Names.MAX_ID)
            .maxDocumentLength(MAX_BYTES)
            .build())
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    return new ObjectMapper(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
  }

  /**
   * Parses a policy.
   *
   * @param json the document
   * @return the validated policy
   * @throws RoleCycleException if role inheritance has a cycle
   * @throws InvalidPolicyException if the document is malformed or the policy inconsistent
   * @throws NullPointerException if {@code json} is null
   */
  public static Policy parse(String json) throws InvalidPolicyException {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses a policy from UTF-8 bytes.
   *
   * @param json the document
   * @return the validated policy
   * @throws RoleCycleException if role inheritance has a cycle
   * @throws InvalidPolicyException if the document is malformed or the policy inconsistent
   * @throws NullPointerException if {@code json} is null
   */
  public static Policy parse(byte[] json) throws InvalidPolicyException {
    if (json.length > MAX_BYTES) {
      throw new InvalidPolicyException(null, "policy document larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      String where = l == null ? null : "line " + l.getLineNr() + ", column " + l.getColumnNr();
      throw new InvalidPolicyException(where, "malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidPolicyException(null, "unreadable JSON: " + e.getMessage(), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidPolicyException("", "empty document");
    }
    return new Reader().read(root);
  }

  /**
   * Parses a policy from a stream (read to the end, at most {@link #MAX_BYTES}; not closed).
   *
   * @param in the stream
   * @return the validated policy
   * @throws RoleCycleException if role inheritance has a cycle
   * @throws InvalidPolicyException if the document is too large, malformed or inconsistent
   * @throws IOException if the stream cannot be read
   */
  public static Policy parse(InputStream in) throws InvalidPolicyException, IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new InvalidPolicyException(null, "policy document larger than " + MAX_BYTES + " bytes");
    }
    return parse(bytes);
  }

  /**
   * Returns a source that parses {@code file} on every load, for {@link Authorizer#reload(PolicySource)}.
   *
   * @param file the JSON file
   * @return the source
   */
  public static PolicySource fileSource(Path file) {
    Objects.requireNonNull(file, "file");
    return () -> {
      try (InputStream in = Files.newInputStream(file)) {
        return parse(in);
      }
    };
  }

  /**
   * Writes a policy in the format {@link #parse} reads: global roles, then per tenant its roles and
   * its assignments grouped by user.
   *
   * @param policy the policy
   * @return the JSON document
   */
  public static String toJson(Policy policy) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", 1);
    ArrayNode global = root.putArray("globalRoles");
    Map<String, ObjectNode> tenants = new LinkedHashMap<>();
    ObjectNode tenantsNode = root.putObject("tenants");
    for (RoleDefinition r : policy.roles()) {
      String t = r.tenant();
      ArrayNode target = t == null ? global : tenantNode(tenantsNode, tenants, t).withArray("roles");
      ObjectNode rn = target.addObject();
      rn.put("name", r.name());
      if (!r.parents().isEmpty()) {
        ArrayNode parents = rn.putArray("inherits");
        r.parents().forEach(parents::add);
      }
      ArrayNode grants = rn.putArray("grants");
      for (Grant g : r.grants()) {
        ObjectNode gn = grants.addObject();
        gn.put(g.effect() == Grant.Effect.ALLOW ? "allow" : "deny", g.permission().toString());
        if (g.condition() == Grant.Condition.OWNER) {
          gn.put("when", "owner");
        }
      }
    }
    Map<String, Map<String, ArrayNode>> byUser = new LinkedHashMap<>();
    for (RoleAssignment a : policy.assignments()) {
      ObjectNode tn = tenantNode(tenantsNode, tenants, a.tenant());
      ArrayNode roles = byUser.computeIfAbsent(a.tenant(), x -> new LinkedHashMap<>())
          .computeIfAbsent(a.user(), u -> {
            ObjectNode an = tn.withArray("assignments").addObject();
            an.put("user", u);
            return an.putArray("roles");
          });
      roles.add(a.role());
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  private static ObjectNode tenantNode(ObjectNode tenantsNode, Map<String, ObjectNode> tenants, String t) {
    return tenants.computeIfAbsent(t, x -> tenantsNode.putObject(x));
  }

  /** Walks the tree, tracking the JSON pointer of the node being read. */
  private static final class Reader {
    private final Policy.Builder builder = Policy.builder();
    /** JSON pointer of each role ({@code role ...}) and assignment ({@code assignment ...}). */
    private final Map<String, String> pointers = new java.util.HashMap<>();

    Policy read(JsonNode root) throws InvalidPolicyException {
      ObjectNode o = object(root, "");
      fields(o, "", Set.of("version", "globalRoles", "tenants"), Set.of("version"));
      JsonNode v = o.get("version");
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() != 1) {
        throw new InvalidPolicyException("/version", "unsupported version (must be the number 1)");
      }
      JsonNode globals = o.get("globalRoles");
      if (globals != null) {
        ArrayNode a = array(globals, "/globalRoles");
        for (int i = 0; i < a.size(); i++) {
          role(a.get(i), "/globalRoles/" + i, null);
        }
      }
      JsonNode tenants = o.get("tenants");
      if (tenants != null) {
        ObjectNode t = object(tenants, "/tenants");
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          tenant(e.getKey(), e.getValue(), "/tenants/" + escape(e.getKey()));
        }
      }
      try {
        return builder.build();
      } catch (RoleCycleException e) {
        throw e;
      } catch (InvalidPolicyException e) {
        // Whole-policy errors name a role or assignment; point at it in the document.
        String at = e.location() == null ? null : pointers.get(e.location());
        if (at == null) {
          throw e;
        }
        throw new InvalidPolicyException(at, String.valueOf(e.getMessage()), e);
      }
    }

    private void tenant(String tenant, JsonNode node, String at) throws InvalidPolicyException {
      try {
        Names.checkId(tenant, "tenant id");
      } catch (IllegalArgumentException e) {
        throw new InvalidPolicyException(at, String.valueOf(e.getMessage()));
      }
      ObjectNode o = object(node, at);
      fields(o, at, Set.of("roles", "assignments"), Set.of());
      JsonNode roles = o.get("roles");
      if (roles != null) {
        ArrayNode a = array(roles, at + "/roles");
        for (int i = 0; i < a.size(); i++) {
          role(a.get(i), at + "/roles/" + i, tenant);
        }
      }
      JsonNode assignments = o.get("assignments");
      if (assignments != null) {
        ArrayNode a = array(assignments, at + "/assignments");
        for (int i = 0; i < a.size(); i++) {
          String ai = at + "/assignments/" + i;
          ObjectNode an = object(a.get(i), ai);
          fields(an, ai, Set.of("user", "roles"), Set.of("user", "roles"));
          String user = text(an.get("user"), ai + "/user");
          try {
            Names.checkId(user, "user id");
          } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(ai + "/user", String.valueOf(e.getMessage()));
          }
          ArrayNode rs = array(an.get("roles"), ai + "/roles");
          for (int j = 0; j < rs.size(); j++) {
            String role = text(rs.get(j), ai + "/roles/" + j);
            try {
              builder.assign(tenant, user, role);
              pointers.putIfAbsent("assignment " + RoleAssignment.of(tenant, user, role), ai + "/roles/" + j);
            } catch (IllegalArgumentException e) {
              throw new InvalidPolicyException(ai + "/roles/" + j, String.valueOf(e.getMessage()));
            }
          }
        }
      }
    }

    private void role(JsonNode node, String at, @Nullable String tenant) throws InvalidPolicyException {
      ObjectNode o = object(node, at);
      fields(o, at, Set.of("name", "inherits", "grants"), Set.of("name"));
      String name = text(o.get("name"), at + "/name");
      RoleDefinition.Builder rb;
      try {
        rb = tenant == null ? RoleDefinition.global(name) : RoleDefinition.inTenant(tenant, name);
      } catch (IllegalArgumentException e) {
        throw new InvalidPolicyException(at + "/name", String.valueOf(e.getMessage()));
      }
      JsonNode inherits = o.get("inherits");
      if (inherits != null) {
        ArrayNode a = array(inherits, at + "/inherits");
        for (int i = 0; i < a.size(); i++) {
          String parent = text(a.get(i), at + "/inherits/" + i);
          try {
            rb.inherits(parent);
          } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException(at + "/inherits/" + i, String.valueOf(e.getMessage()));
          }
        }
      }
      JsonNode grants = o.get("grants");
      if (grants != null) {
        ArrayNode a = array(grants, at + "/grants");
        for (int i = 0; i < a.size(); i++) {
          rb.grant(grant(a.get(i), at + "/grants/" + i));
        }
      }
      RoleDefinition built = rb.build();
      builder.role(built);
      pointers.putIfAbsent("role " + built, at);
    }

    private static Grant grant(JsonNode node, String at) throws InvalidPolicyException {
      ObjectNode o = object(node, at);
      fields(o, at, Set.of("allow", "deny", "when"), Set.of());
      JsonNode allow = o.get("allow");
      JsonNode deny = o.get("deny");
      if ((allow == null) == (deny == null)) {
        throw new InvalidPolicyException(at, "a grant needs exactly one of \"allow\" and \"deny\"");
      }
      String key = allow != null ? "allow" : "deny";
      String permission = text(allow != null ? allow : Objects.requireNonNull(deny), at + "/" + key);
      Grant.Condition condition = Grant.Condition.NONE;
      JsonNode when = o.get("when");
      if (when != null) {
        if (!"owner".equals(text(when, at + "/when"))) {
          throw new InvalidPolicyException(at + "/when", "the only condition is \"owner\"");
        }
        if (deny != null) {
          throw new InvalidPolicyException(at + "/when", "a deny cannot have a condition; denies always apply");
        }
        condition = Grant.Condition.OWNER;
      }
      try {
        return Grant.of(
            allow != null ? Grant.Effect.ALLOW : Grant.Effect.DENY, Permission.parse(permission), condition);
      } catch (IllegalArgumentException e) {
        throw new InvalidPolicyException(at + "/" + key, String.valueOf(e.getMessage()));
      }
    }

    private static void fields(ObjectNode o, String at, Set<String> allowed, Set<String> required)
        throws InvalidPolicyException {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!allowed.contains(f)) {
          throw new InvalidPolicyException(at + "/" + escape(f), "unknown field (allowed: "
              + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
        }
      }
      for (String f : required) {
        if (!o.has(f)) {
          throw new InvalidPolicyException(at, "missing required field \"" + f + "\"");
        }
      }
    }

    private static ObjectNode object(@Nullable JsonNode n, String at) throws InvalidPolicyException {
      if (n == null || !n.isObject()) {
        throw new InvalidPolicyException(at, "expected a JSON object");
      }
      return (ObjectNode) n;
    }

    private static ArrayNode array(@Nullable JsonNode n, String at) throws InvalidPolicyException {
      if (n == null || !n.isArray()) {
        throw new InvalidPolicyException(at, "expected a JSON array");
      }
      return (ArrayNode) n;
    }

    private static String text(@Nullable JsonNode n, String at) throws InvalidPolicyException {
      if (n == null || !n.isTextual()) {
        throw new InvalidPolicyException(at, "expected a JSON string");
      }
      return n.textValue();
    }

    private static String escape(String key) {
      return key.replace("~", "~0").replace("/", "~1");
    }
  }
}
