package io.waas.auth.rbac;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A role given to a user in one tenant. The role is a role of that tenant or a global role. A user
 * can hold different roles in different tenants (admin of one site, viewer of another); roles held
 * in one tenant mean nothing in another.
 *
 * <p>Immutable and thread-safe.
 */
public final class RoleAssignment {
  private final String tenant;
  private final String user;
  private final String role;

  private RoleAssignment(String tenant, String user, String role) {
    this.tenant = tenant;
    this.user = user;
    this.role = role;
  }

  /**
   * Creates an assignment.
   *
   * @param tenant tenant id (1 to 256 characters, no control characters)
   * @param user user id (same rules)
   * @param role role name
   * @return the assignment
   * @throws IllegalArgumentException if an id or the role name is malformed
   */
  public static RoleAssignment of(String tenant, String user, String role) {
    return new RoleAssignment(
        Names.checkId(tenant, "tenant id"), Names.checkId(user, "user id"), Names.checkRole(role));
  }

  /**
   * Returns the tenant.
   *
   * @return the tenant id
   */
  public String tenant() {
    return tenant;
  }

  /**
   * Returns the user.
   *
   * @return the user id
   */
  public String user() {
    return user;
  }

  /**
   * Returns the role name.
   *
   * @return the role
   */
  public String role() {
    return role;
  }

  /**
   * Returns {@code tenant: user -> role}.
   *
   * @return a readable form
   */
  @Override
  public String toString() {
    return tenant + ": " + user + " -> " + role;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof RoleAssignment)) {
      return false;
    }
    RoleAssignment a = (RoleAssignment) o;
    return a.tenant.equals(tenant) && a.user.equals(user) && a.role.equals(role);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, user, role);
  }
}
