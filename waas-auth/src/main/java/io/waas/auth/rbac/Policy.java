package io.waas.auth.rbac;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A complete, validated RBAC policy: global roles, tenant roles and role assignments.
 *
 * <p>{@link Builder#build()} checks the whole policy, so an existing {@code Policy} is always
 * consistent: every parent and assigned role exists where it is used, no tenant role has the name
 * of a global role, and inheritance has no cycle. An {@link Authorizer} compiles it into an
 * immutable snapshot for constant-time checks.
 *
 * <p>Immutable and thread-safe.
 */
public final class Policy {
  /** Deepest accepted inheritance chain (roles from an assigned role to its farthest ancestor). */
  public static final int MAX_INHERITANCE_DEPTH = 64;

  private static final Policy EMPTY = new Policy(List.of(), List.of(), Map.of(), Map.of());

  private final List<RoleDefinition> roles;
  private final List<RoleAssignment> assignments;
  private final Map<String, RoleDefinition> globalRoles;
  private final Map<String, Map<String, RoleDefinition>> tenantRoles;

  private Policy(
      List<RoleDefinition> roles,
      List<RoleAssignment> assignments,
      Map<String, RoleDefinition> globalRoles,
      Map<String, Map<String, RoleDefinition>> tenantRoles) {
    this.roles = roles;
    this.assignments = assignments;
    this.globalRoles = globalRoles;
    this.tenantRoles = tenantRoles;
  }

  /**
   * Returns the policy with no roles and no assignments (everything is denied).
   *
   * @return the empty policy
   */
  public static Policy empty() {
    return EMPTY;
  }

  /**
   * Starts building a policy.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns every role, global and per tenant, in definition order.
   *
   * @return an unmodifiable list
   */
  public List<RoleDefinition> roles() {
    return roles;
  }

  /**
   * Returns every assignment, in definition order, without duplicates.
   *
   * @return an unmodifiable list
   */
  public List<RoleAssignment> assignments() {
    return assignments;
  }

  /**
   * Returns the number of grants over all roles.
   *
   * @return the rule count
   */
  public int grantCount() {
    int n = 0;
    for (RoleDefinition r : roles) {
      n += r.grants().size();
    }
    return n;
  }

  /** Resolves a role name as seen from {@code tenant} (null: from a global role). */
  @Nullable RoleDefinition resolve(@Nullable String tenant, String name) {
    if (tenant != null) {
      Map<String, RoleDefinition> own = tenantRoles.get(tenant);
      if (own != null) {
        RoleDefinition r = own.get(name);
        if (r != null) {
          return r;
        }
      }
    }
    return globalRoles.get(name);
  }

  /**
   * Two policies are equal when they have the same roles and assignments, in any order.
   *
   * @param o the other object
   * @return whether equal
   */
  @Override
  public boolean equals(@Nullable Object o) {
    // Order does not matter: roles are unique by (tenant, name), assignments are a set.
    return o instanceof Policy
        && new HashSet<>(((Policy) o).roles).equals(new HashSet<>(roles))
        && new HashSet<>(((Policy) o).assignments).equals(new HashSet<>(assignments));
  }

  @Override
  public int hashCode() {
    return new HashSet<>(roles).hashCode() * 31 + new HashSet<>(assignments).hashCode();
  }

  @Override
  public String toString() {
    return "Policy{" + roles.size() + " roles, " + grantCount() + " grants, " + assignments.size()
        + " assignments}";
  }

  /** Builds a {@link Policy}. Not thread-safe. */
  public static final class Builder {
    private final List<RoleDefinition> roles = new ArrayList<>();
    private final LinkedHashSet<RoleAssignment> assignments = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Adds a role (global or of a tenant).
     *
     * @param role the role
     * @return this builder
     */
    public Builder role(RoleDefinition role) {
      roles.add(Objects.requireNonNull(role, "role"));
      return this;
    }

    /**
     * Assigns a role to a user in a tenant.
     *
     * @param tenant tenant id
     * @param user user id
     * @param role a role of that tenant or a global role
     * @return this builder
     * @throws IllegalArgumentException if an id or the role name is malformed
     */
    public Builder assign(String tenant, String user, String role) {
      assignments.add(RoleAssignment.of(tenant, user, role));
      return this;
    }

    /**
     * Adds an assignment.
     *
     * @param assignment the assignment
     * @return this builder
     */
    public Builder assign(RoleAssignment assignment) {
      assignments.add(Objects.requireNonNull(assignment, "assignment"));
      return this;
    }

    /**
     * Validates and builds the policy.
     *
     * @return the immutable policy
     * @throws RoleCycleException if role inheritance has a cycle
     * @throws InvalidPolicyException if a role is defined twice, a tenant role has the name of a
     *     global role, a parent or assigned role does not exist where it is used, or inheritance
     *     is deeper than {@link #MAX_INHERITANCE_DEPTH}
     */
    public Policy build() throws InvalidPolicyException {
      Map<String, RoleDefinition> global = new LinkedHashMap<>();
      Map<String, Map<String, RoleDefinition>> perTenant = new LinkedHashMap<>();
      for (RoleDefinition r : roles) {
        String tenant = r.tenant();
        Map<String, RoleDefinition> scope =
            tenant == null ? global : perTenant.computeIfAbsent(tenant, t -> new LinkedHashMap<>());
        if (scope.putIfAbsent(r.name(), r) != null) {
          throw new InvalidPolicyException("role " + r, "role defined twice");
        }
      }
      for (Map<String, RoleDefinition> scope : perTenant.values()) {
        for (RoleDefinition r : scope.values()) {
          if (global.containsKey(r.name())) {
            throw new InvalidPolicyException("role " + r, "tenant role has the name of the global role '"
                + r.name() + "'; inherit from the global role under another name instead");
          }
        }
      }
      Policy p = new Policy(List.copyOf(roles), List.copyOf(assignments), global, perTenant);
      for (RoleDefinition r : roles) {
        for (String parent : r.parents()) {
          if (p.resolve(r.tenant(), parent) == null) {
            throw new InvalidPolicyException("role " + r, "inherits from unknown role '" + parent + "'"
                + (r.isGlobal() ? " (a global role can inherit only from global roles)" : ""));
          }
        }
      }
      for (RoleAssignment a : assignments) {
        if (p.resolve(a.tenant(), a.role()) == null) {
          throw new InvalidPolicyException("assignment " + a,
              "unknown role '" + a.role() + "' (neither a role of tenant '" + a.tenant() + "' nor global)");
        }
      }
      checkAcyclic(p);
      return p;
    }

    /**
     * Rejects cycles and inheritance chains longer than {@link #MAX_INHERITANCE_DEPTH}. The depth
     * is each role's height (the roles on its longest chain of parents, itself included),
     * memoised, so a long chain is caught whatever order its roles are listed in; the snapshot
     * compiler recurses along these chains, and this bound keeps that recursion shallow.
     */
    private static void checkAcyclic(Policy p) throws InvalidPolicyException {
      Map<RoleDefinition, Integer> height = new IdentityHashMap<>(); // ON_PATH while being visited
      for (RoleDefinition r : p.roles) {
        List<RoleDefinition> path = new ArrayList<>();
        visit(p, r, height, path);
      }
    }

    private static final int ON_PATH = -1;

    private static int visit(
        Policy p, RoleDefinition r, Map<RoleDefinition, Integer> height, List<RoleDefinition> path)
        throws InvalidPolicyException {
      Integer state = height.get(r);
      if (state != null) {
        if (state == ON_PATH) {
          List<String> cycle = new ArrayList<>();
          int start = 0;
          while (path.get(start) != r) {
            start++;
          }
          for (int i = start; i < path.size(); i++) {
            cycle.add(path.get(i).toString());
          }
          cycle.add(r.toString());
          throw new RoleCycleException(cycle);
        }
        return state;
      }
      if (path.size() >= MAX_INHERITANCE_DEPTH) {
        throw new InvalidPolicyException("role " + path.get(0),
            "inheritance deeper than " + MAX_INHERITANCE_DEPTH + " roles");
      }
      height.put(r, ON_PATH);
      path.add(r);
      int h = 1;
      for (String parent : r.parents()) {
        RoleDefinition pr = Objects.requireNonNull(p.resolve(r.tenant(), parent));
        h = Math.max(h, 1 + visit(p, pr, height, path));
      }
      path.remove(path.size() - 1);
      if (h > MAX_INHERITANCE_DEPTH) {
        throw new InvalidPolicyException("role " + r,
            "inheritance deeper than " + MAX_INHERITANCE_DEPTH + " roles");
      }
      height.put(r, h);
      return h;
    }
  }
}
