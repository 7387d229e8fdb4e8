package io.waas.auth.rbac;

import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.core.SecurityEvents;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One compiled, immutable version of a {@link Policy}. {@link Authorizer} answers every check from
 * the snapshot it holds at that moment and replaces it atomically on reload; take one with {@link
 * Authorizer#snapshot()} to make several checks against the same policy version (one request).
 *
 * <h2>How checks stay constant-time</h2>
 *
 * <p>Compilation expands inheritance (and global roles) once: every role gets a table from
 * permission pattern to flags (deny / allow / allow-if-owner), merged from its own grants and its
 * ancestors' tables, and every (tenant, user) gets the merge of its assigned roles' tables. A role
 * with no grants of its own and one parent shares its parent's table, and a user with one role
 * shares that role's table, so memory is proportional to the distinct effective permission sets,
 * not to users times rules. A check is then two hash lookups to find the user's table and one per
 * pattern that can match the permission ({@link Permission}: at most six), independent of the
 * number of rules, roles, tenants or users.
 *
 * <p>Immutable and thread-safe.
 */
public final class PolicySnapshot {
  static final byte DENY = 1;
  static final byte ALLOW = 2;
  static final byte ALLOW_IF_OWNER = 4;

  private static final Byte[] FLAGS = new Byte[8];

  static {
    for (byte i = 0; i < 8; i++) {
      FLAGS[i] = i;
    }
  }

  /** A user's compiled permissions in one tenant, and the roles they come from (for explain). */
  private static final class UserEntry {
    final Map<String, Byte> table;
    final List<RoleDefinition> roles;

    UserEntry(Map<String, Byte> table, List<RoleDefinition> roles) {
      this.table = table;
      this.roles = roles;
    }
  }

  private final Policy policy;
  private final long generation;
  private final Map<String, Map<String, UserEntry>> tenants;
  private final SecurityEventListener events;
  private final boolean denyEvents;
  private final boolean allowEvents;

  private PolicySnapshot(
      Policy policy,
      long generation,
      Map<String, Map<String, UserEntry>> tenants,
      SecurityEventListener events,
      boolean denyEvents,
      boolean allowEvents) {
    this.policy = policy;
    this.generation = generation;
    this.tenants = tenants;
    this.events = events;
    this.denyEvents = denyEvents;
    this.allowEvents = allowEvents;
  }

  /** Compiles a (validated) policy. */
  static PolicySnapshot compile(
      Policy policy, long generation, SecurityEventListener events, boolean denyEvents, boolean allowEvents) {
    Map<RoleDefinition, Map<String, Byte>> roleTables = new IdentityHashMap<>();
    Map<String, Map<String, List<RoleDefinition>>> rolesByUser = new HashMap<>();
    for (RoleAssignment a : policy.assignments()) {
      RoleDefinition r = Objects.requireNonNull(policy.resolve(a.tenant(), a.role()));
      rolesByUser.computeIfAbsent(a.tenant(), t -> new HashMap<>())
          .computeIfAbsent(a.user(), u -> new ArrayList<>(1))
          .add(r);
    }
    Map<String, Map<String, UserEntry>> tenants = new HashMap<>(capacity(rolesByUser.size()));
    Map<List<String>, Map<String, Byte>> mergedTables = new HashMap<>();
    for (Map.Entry<String, Map<String, List<RoleDefinition>>> t : rolesByUser.entrySet()) {
      Map<String, UserEntry> users = new HashMap<>(capacity(t.getValue().size()));
      for (Map.Entry<String, List<RoleDefinition>> u : t.getValue().entrySet()) {
        List<RoleDefinition> roles = u.getValue();
        Map<String, Byte> table;
        if (roles.size() == 1) {
          table = tableOf(policy, roles.get(0), roleTables);
        } else {
          // Users holding the same set of roles share one merged table, so memory follows the
          // distinct role combinations, not the number of users.
          List<String> combination = roles.stream().map(RoleDefinition::toString).sorted().distinct().toList();
          table = mergedTables.computeIfAbsent(combination, k -> {
            Map<String, Byte> merged = new HashMap<>();
            for (RoleDefinition r : roles) {
              mergeInto(merged, tableOf(policy, r, roleTables));
            }
            return Collections.unmodifiableMap(merged);
          });
        }
        users.put(u.getKey(), new UserEntry(table, List.copyOf(roles)));
      }
      tenants.put(t.getKey(), users);
    }
    return new PolicySnapshot(policy, generation, tenants, events, denyEvents, allowEvents);
  }

  private static int capacity(int n) {
    return (int) Math.min(Integer.MAX_VALUE, n * 4L / 3 + 1);
  }

  private static Map<String, Byte> tableOf(
      Policy policy, RoleDefinition role, Map<RoleDefinition, Map<String, Byte>> memo) {
    Map<String, Byte> done = memo.get(role);
    if (done != null) {
      return done;
    }
    Map<String, Byte> table;
    List<String> parents = role.parents();
    if (role.grants().isEmpty() && parents.size() == 1) {
      table = tableOf(policy, Objects.requireNonNull(policy.resolve(role.tenant(), parents.get(0))), memo);
    } else if (role.grants().isEmpty() && parents.isEmpty()) {
      table = Map.of();
    } else {
      Map<String, Byte> t = new HashMap<>();
      for (Grant g : role.grants()) {
        byte bit = g.effect() == Grant.Effect.DENY
            ? DENY
            : g.condition() == Grant.Condition.OWNER ? ALLOW_IF_OWNER : ALLOW;
        t.merge(g.permission().toString(), FLAGS[bit], (x, y) -> FLAGS[x | y]);
      }
      for (String parent : parents) {
        mergeInto(t, tableOf(policy, Objects.requireNonNull(policy.resolve(role.tenant(), parent)), memo));
      }
      table = Collections.unmodifiableMap(t);
    }
    memo.put(role, table);
    return table;
  }

  private static void mergeInto(Map<String, Byte> target, Map<String, Byte> source) {
    for (Map.Entry<String, Byte> e : source.entrySet()) {
      target.merge(e.getKey(), e.getValue(), (x, y) -> FLAGS[x | y]);
    }
  }

  /**
   * Returns the policy this snapshot was compiled from.
   *
   * @return the policy
   */
  public Policy policy() {
    return policy;
  }

  /**
   * Returns this snapshot's generation: 1 for an authorizer's first policy, one more on each
   * successful reload.
   *
   * @return the generation
   */
  public long generation() {
    return generation;
  }

  /**
   * Checks whether {@code user} may do {@code permission} in {@code tenant}. Owner-conditioned
   * allows do not apply (no owner is known).
   *
   * @param tenant tenant id
   * @param user user id
   * @param permission concrete permission such as {@code pages/123:edit}
   * @return true if allowed
   * @throws IllegalArgumentException if {@code permission} is malformed or contains a wildcard
   * @throws NullPointerException if an argument is null
   */
  public boolean check(String tenant, String user, String permission) {
    return check(tenant, user, Permission.parseConcrete(permission), null);
  }

  /**
   * Checks whether {@code user} may do {@code permission} in {@code tenant} on a resource owned by
   * {@code resourceOwner}; owner-conditioned allows apply when the owner is the user.
   *
   * @param tenant tenant id
   * @param user user id
   * @param permission concrete permission such as {@code pages/123:edit}
   * @param resourceOwner the user id owning the resource
   * @return true if allowed
   * @throws IllegalArgumentException if {@code permission} is malformed or contains a wildcard
   * @throws NullPointerException if an argument is null
   */
  public boolean check(String tenant, String user, String permission, String resourceOwner) {
    Objects.requireNonNull(resourceOwner, "resourceOwner");
    return check(tenant, user, Permission.parseConcrete(permission), resourceOwner);
  }

  /**
   * Checks a parsed permission (the fastest form: no parsing per check).
   *
   * @param tenant tenant id
   * @param user user id
   * @param permission a concrete permission
   * @param resourceOwner the resource owner's user id, or {@code null} if unknown or not
   *     applicable (owner-conditioned allows then do not apply)
   * @return true if allowed
   * @throws IllegalArgumentException if {@code permission} contains a wildcard
   * @throws NullPointerException if {@code tenant}, {@code user} or {@code permission} is null
   */
  public boolean check(String tenant, String user, Permission permission, @Nullable String resourceOwner) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(user, "user");
    if (permission.isPattern()) {
      throw new IllegalArgumentException(
          "a checked permission must be concrete (no '*'), was '" + permission + "'");
    }
    int flags = flags(tenant, user, permission);
    boolean allowed = decide(flags, user, resourceOwner);
    if (allowed ? allowEvents : denyEvents) {
      emit(tenant, user, permission, allowed, reasonOf(flags, user, resourceOwner));
    }
    return allowed;
  }

  private int flags(String tenant, String user, Permission permission) {
    Map<String, UserEntry> users = tenants.get(tenant);
    if (users == null) {
      return 0;
    }
    UserEntry entry = users.get(user);
    if (entry == null || entry.table.isEmpty()) {
      return 0;
    }
    int flags = 0;
    for (String key : permission.matchingKeys()) {
      Byte f = entry.table.get(key);
      if (f != null) {
        flags |= f;
      }
    }
    return flags;
  }

  private static boolean decide(int flags, String user, @Nullable String owner) {
    if ((flags & DENY) != 0) {
      return false;
    }
    if ((flags & ALLOW) != 0) {
      return true;
    }
    return (flags & ALLOW_IF_OWNER) != 0 && user.equals(owner);
  }

  private static Explanation.Reason reasonOf(int flags, String user, @Nullable String owner) {
    if ((flags & DENY) != 0) {
      return Explanation.Reason.DENIED_BY_RULE;
    }
    if ((flags & ALLOW) != 0) {
      return Explanation.Reason.ALLOWED_BY_RULE;
    }
    if ((flags & ALLOW_IF_OWNER) != 0) {
      return user.equals(owner) ? Explanation.Reason.ALLOWED_AS_OWNER : Explanation.Reason.OWNER_MISMATCH;
    }
    return Explanation.Reason.NO_RULE_MATCHED;
  }

  private void emit(String tenant, String user, Permission p, boolean allowed, Explanation.Reason reason) {
    SecurityEvent event = SecurityEvent.builder(
            allowed ? RbacEvents.CHECK_ALLOWED : RbacEvents.CHECK_DENIED,
            allowed ? SecurityEvent.Outcome.SUCCESS : SecurityEvent.Outcome.DENIED)
        .tenant(tenant)
        .subject(user)
        .attribute("permission", p.toString())
        .attribute("reason", reason.name())
        .attribute("policyGeneration", Long.toString(generation))
        .build();
    SecurityEvents.deliver(events, event);
  }

  /**
   * Explains the decision {@link #check(String, String, Permission, String)} gives. Emits no
   * event. Slower than a check (it walks the user's roles to find the deciding rule); meant for
   * debugging, audits and admin screens.
   *
   * @param tenant tenant id
   * @param user user id
   * @param permission a concrete permission
   * @param resourceOwner the resource owner's user id, or {@code null}
   * @return the explanation
   * @throws IllegalArgumentException if {@code permission} contains a wildcard
   * @throws NullPointerException if {@code tenant}, {@code user} or {@code permission} is null
   */
  public Explanation explain(String tenant, String user, Permission permission, @Nullable String resourceOwner) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(user, "user");
    if (permission.isPattern()) {
      throw new IllegalArgumentException(
          "a checked permission must be concrete (no '*'), was '" + permission + "'");
    }
    int flags = flags(tenant, user, permission);
    Explanation.Reason reason = reasonOf(flags, user, resourceOwner);
    if (reason == Explanation.Reason.NO_RULE_MATCHED) {
      return new Explanation(reason, tenant, user, permission, null, List.of(), generation);
    }
    Grant.Effect effect = reason == Explanation.Reason.DENIED_BY_RULE ? Grant.Effect.DENY : Grant.Effect.ALLOW;
    Grant.Condition condition = reason == Explanation.Reason.ALLOWED_BY_RULE || effect == Grant.Effect.DENY
        ? Grant.Condition.NONE
        : Grant.Condition.OWNER;
    UserEntry entry = Objects.requireNonNull(Objects.requireNonNull(tenants.get(tenant)).get(user));
    // Breadth-first from the assigned roles, so the reported path is a shortest one.
    ArrayDeque<List<RoleDefinition>> queue = new ArrayDeque<>();
    Map<RoleDefinition, Boolean> seen = new IdentityHashMap<>();
    for (RoleDefinition r : entry.roles) {
      if (seen.put(r, Boolean.TRUE) == null) {
        queue.add(List.of(r));
      }
    }
    while (!queue.isEmpty()) {
      List<RoleDefinition> path = queue.poll();
      RoleDefinition role = path.get(path.size() - 1);
      for (Grant g : role.grants()) {
        if (g.effect() == effect && g.condition() == condition && g.permission().matches(permission)) {
          List<String> names = new ArrayList<>(path.size());
          for (RoleDefinition r : path) {
            names.add(r.toString());
          }
          return new Explanation(reason, tenant, user, permission, g, names, generation);
        }
      }
      for (String parent : role.parents()) {
        RoleDefinition pr = Objects.requireNonNull(policy.resolve(role.tenant(), parent));
        if (seen.put(pr, Boolean.TRUE) == null) {
          List<RoleDefinition> next = new ArrayList<>(path);
          next.add(pr);
          queue.add(next);
        }
      }
    }
    throw new IllegalStateException("compiled table and policy disagree for " + tenant + " " + user);
  }
}
