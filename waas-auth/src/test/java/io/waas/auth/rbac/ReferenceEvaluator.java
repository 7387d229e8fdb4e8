package io.waas.auth.rbac;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The documented semantics implemented the slow, obvious way (walk every assigned role and its
 * ancestors, test every grant), as an oracle for the compiled snapshot.
 */
final class ReferenceEvaluator {
  private ReferenceEvaluator() {}

  static boolean check(Policy policy, String tenant, String user, String permission, @Nullable String owner) {
    Permission p = Permission.parseConcrete(permission);
    boolean deny = false;
    boolean allow = false;
    boolean ownerAllow = false;
    ArrayDeque<RoleDefinition> todo = new ArrayDeque<>();
    Set<RoleDefinition> seen = new HashSet<>();
    for (RoleAssignment a : policy.assignments()) {
      if (a.tenant().equals(tenant) && a.user().equals(user)) {
        todo.add(java.util.Objects.requireNonNull(policy.resolve(tenant, a.role())));
      }
    }
    while (!todo.isEmpty()) {
      RoleDefinition r = todo.poll();
      if (!seen.add(r)) {
        continue;
      }
      for (Grant g : r.grants()) {
        if (g.permission().matches(p)) {
          if (g.effect() == Grant.Effect.DENY) {
            deny = true;
          } else if (g.condition() == Grant.Condition.OWNER) {
            ownerAllow = true;
          } else {
            allow = true;
          }
        }
      }
      for (String parent : r.parents()) {
        RoleDefinition pr = policy.resolve(r.tenant(), parent);
        if (pr != null) {
          todo.add(pr);
        }
      }
    }
    if (deny) {
      return false;
    }
    return allow || (ownerAllow && user.equals(owner));
  }
}
