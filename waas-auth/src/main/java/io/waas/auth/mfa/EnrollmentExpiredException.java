package io.waas.auth.mfa;

import io.waas.core.WaasSecurityException;

/**
 * Thrown when a pending TOTP enrollment is confirmed after it expired. Start a new enrollment.
 */
public final class EnrollmentExpiredException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message which enrollment and since when; never a secret
   */
  public EnrollmentExpiredException(String message) {
    super(message);
  }
}
