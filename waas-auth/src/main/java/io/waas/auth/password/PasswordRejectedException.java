package io.waas.auth.password;

import io.waas.core.WaasSecurityException;
import java.util.List;

/**
 * Thrown by {@link PasswordPolicy#requireAcceptable} and {@link PasswordCheck#orThrow()} when a
 * password breaks the policy. Lists the violations; never contains the password.
 */
public class PasswordRejectedException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  private final List<PasswordViolation> violations;

  /**
   * Creates an exception.
   *
   * @param violations what was wrong, at least one
   */
  public PasswordRejectedException(List<PasswordViolation> violations) {
    super("password rejected by policy: " + violations);
    this.violations = List.copyOf(violations);
  }

  /**
   * Returns the violations.
   *
   * @return an unmodifiable list in the policy's checking order
   */
  public List<PasswordViolation> violations() {
    return violations;
  }
}
