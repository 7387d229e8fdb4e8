package io.waas.auth.password;

import io.waas.core.WaasSecurityException;

/**
 * Thrown when a hash or verification could not start within the {@link HashingBudget}'s maximum
 * wait because as many Argon2 computations as the budget allows were already running. The
 * password was not checked: answer "try again later" (HTTP 503 with {@code Retry-After}), not
 * "wrong password".
 */
public class PasswordHashingBusyException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message how long was waited and for what budget
   */
  public PasswordHashingBusyException(String message) {
    super(message);
  }
}
