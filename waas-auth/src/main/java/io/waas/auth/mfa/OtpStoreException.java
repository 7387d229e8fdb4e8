package io.waas.auth.mfa;

/**
 * Thrown when an MFA store ({@link OtpReplayStore}, {@link RecoveryCodeStore}) cannot be read or
 * written, for example because the database is down. Unchecked: it is an operational failure, not a
 * verdict on the code being checked; callers should fail closed (refuse the login).
 */
public final class OtpStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed; never contains codes or secrets
   * @param cause the underlying failure
   */
  public OtpStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
