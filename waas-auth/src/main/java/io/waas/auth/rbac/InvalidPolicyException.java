package io.waas.auth.rbac;

import io.waas.core.MalformedDataException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a policy is malformed (JSON syntax, an unknown field, a malformed permission) or
 * inconsistent (an unknown parent or assigned role, a tenant role named like a global role, an
 * inheritance cycle). {@link #location()} says where: a JSON pointer such as {@code
 * /tenants/site-a/roles/0/grants/1/allow}, {@code line 3, column 7} for a JSON syntax error, or a
 * role reference such as {@code role site-a/editor}.
 */
public class InvalidPolicyException extends MalformedDataException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String location;

  /**
   * Creates an exception.
   *
   * @param location where the problem is, or {@code null} if nowhere in particular
   * @param message what is wrong
   */
  public InvalidPolicyException(@Nullable String location, String message) {
    super(location == null ? message : "at " + location + ": " + message);
    this.location = location;
  }

  /**
   * Creates an exception with a cause.
   *
   * @param location where the problem is, or {@code null}
   * @param message what is wrong
   * @param cause the underlying failure
   */
  public InvalidPolicyException(@Nullable String location, String message, @Nullable Throwable cause) {
    super(location == null ? message : "at " + location + ": " + message, cause);
    this.location = location;
  }

  /**
   * Returns where the problem is: a JSON pointer, a line and column, or a role reference.
   *
   * @return the location or {@code null}
   */
  public @Nullable String location() {
    return location;
  }
}
