package io.waas.auth.mfa;

import io.waas.core.MalformedDataException;

/**
 * Thrown when a string is not a valid otpauth URI in the Key Uri Format. The message says what is
 * wrong and never contains the URI or its secret.
 */
public final class MalformedOtpAuthUriException extends MalformedDataException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what is wrong; never the URI itself
   */
  public MalformedOtpAuthUriException(String message) {
    super(message);
  }
}
