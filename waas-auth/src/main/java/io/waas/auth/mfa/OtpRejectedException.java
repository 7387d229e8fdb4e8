package io.waas.auth.mfa;

import io.waas.core.WaasSecurityException;

/**
 * Thrown when an enrollment confirmation code is not accepted: wrong, replayed, or the factor is
 * locked. {@link #verification()} says which.
 */
public final class OtpRejectedException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  private final transient OtpVerification verification;

  /**
   * Creates an exception.
   *
   * @param message what happened; never the code
   * @param verification the verdict
   */
  public OtpRejectedException(String message, OtpVerification verification) {
    super(message);
    this.verification = verification;
  }

  /**
   * Returns the verdict on the code.
   *
   * @return the verification (never {@link OtpVerification.Status#ACCEPTED})
   */
  public OtpVerification verification() {
    return verification;
  }
}
