package io.waas.auth.rbac;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A role: a name, the roles it inherits from, and its {@linkplain Grant grants}. A role is either
 * <b>global</b> (usable in every tenant) or belongs to one tenant.
 *
 * <p>A tenant role may inherit from roles of its own tenant and from global roles; a global role
 * only from global roles. A tenant role may not have the name of a global role (the policy is
 * rejected): a name always means one role, so a tenant extends a global role by inheriting from it
 * under a new name rather than by shadowing it.
 *
 * <p>Immutable and thread-safe.
 */
public final class RoleDefinition {
  private final @Nullable String tenant;
  private final String name;
  private final List<String> parents;
  private final List<Grant> grants;

  private RoleDefinition(Builder b) {
    this.tenant = b.tenant;
    this.name = b.name;
    this.parents = List.copyOf(b.parents);
    this.grants = List.copyOf(b.grants);
  }

  /**
   * Starts a global role, usable in every tenant.
   *
   * @param name role name: a letter or digit, then letters, digits, {@code _ . -}; at most 64
   * @return a builder
   * @throws IllegalArgumentException if the name is malformed
   */
  public static Builder global(String name) {
    return new Builder(null, Names.checkRole(name));
  }

  /**
   * Starts a role that exists only in one tenant.
   *
   * @param tenant the tenant id (1 to 256 characters, no control characters)
   * @param name role name
   * @return a builder
   * @throws IllegalArgumentException if the tenant id or the name is malformed
   */
  public static Builder inTenant(String tenant, String name) {
    return new Builder(Names.checkId(tenant, "tenant id"), Names.checkRole(name));
  }

  /**
   * Returns the tenant, or {@code null} for a global role.
   *
   * @return the tenant id or {@code null}
   */
  public @Nullable String tenant() {
    return tenant;
  }

  /**
   * Returns whether the role is global.
   *
   * @return true if usable in every tenant
   */
  public boolean isGlobal() {
    return tenant == null;
  }

  /**
   * Returns the role name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the names of the roles this role inherits from, in definition order.
   *
   * @return an unmodifiable list
   */
  public List<String> parents() {
    return parents;
  }

  /**
   * Returns the role's own grants (not the inherited ones), in definition order.
   *
   * @return an unmodifiable list
   */
  public List<Grant> grants() {
    return grants;
  }

  /**
   * Returns {@code name} for a global role, {@code tenant/name} otherwise.
   *
   * @return a readable reference
   */
  @Override
  public String toString() {
    return tenant == null ? name : tenant + "/" + name;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof RoleDefinition)) {
      return false;
    }
    RoleDefinition r = (RoleDefinition) o;
    return Objects.equals(r.tenant, tenant) && r.name.equals(name) && r.parents.equals(parents)
        && r.grants.equals(grants);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, name, parents, grants);
  }

  /** Builds a {@link RoleDefinition}. Not thread-safe. */
  public static final class Builder {
    private final @Nullable String tenant;
    private final String name;
    private final LinkedHashSet<String> parents = new LinkedHashSet<>();
    private final LinkedHashSet<Grant> grants = new LinkedHashSet<>();

    private Builder(@Nullable String tenant, String name) {
      this.tenant = tenant;
      this.name = name;
    }

    /**
     * Adds roles to inherit from (every grant of a parent, transitively, applies to this role).
     *
     * @param parentNames role names
     * @return this builder
     * @throws IllegalArgumentException if a name is malformed
     */
    public Builder inherits(String... parentNames) {
      for (String p : parentNames) {
        parents.add(Names.checkRole(p)); // a self-reference is reported by Policy.build as a cycle
      }
      return this;
    }

    /**
     * Adds grants.
     *
     * @param newGrants the grants
     * @return this builder
     */
    public Builder grant(Grant... newGrants) {
      for (Grant g : newGrants) {
        grants.add(Objects.requireNonNull(g, "grant"));
      }
      return this;
    }

    /**
     * Allows permission patterns.
     *
     * @param permissions patterns such as {@code pages:*}
     * @return this builder
     * @throws IllegalArgumentException if a pattern is malformed
     */
    public Builder allow(String... permissions) {
      for (String p : permissions) {
        grants.add(Grant.allow(p));
      }
      return this;
    }

    /**
     * Allows permission patterns on resources the user owns.
     *
     * @param permissions patterns such as {@code pages:edit}
     * @return this builder
     * @throws IllegalArgumentException if a pattern is malformed
     */
    public Builder allowIfOwner(String... permissions) {
      for (String p : permissions) {
        grants.add(Grant.allowIfOwner(p));
      }
      return this;
    }

    /**
     * Denies permission patterns (overrides every allow).
     *
     * @param permissions patterns such as {@code billing:*}
     * @return this builder
     * @throws IllegalArgumentException if a pattern is malformed
     */
    public Builder deny(String... permissions) {
      for (String p : permissions) {
        grants.add(Grant.deny(p));
      }
      return this;
    }

    /**
     * Builds the role.
     *
     * @return the immutable role
     */
    public RoleDefinition build() {
      return new RoleDefinition(this);
    }
  }
}
