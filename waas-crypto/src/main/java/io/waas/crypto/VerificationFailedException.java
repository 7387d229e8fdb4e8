package io.waas.crypto;

import io.waas.core.WaasSecurityException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a well-formed authentication tag or signature does not verify: the data or the tag
 * was modified, or it was made with another key or for another purpose.
 */
public final class VerificationFailedException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what did not verify; must not contain secrets
   * @param cause the underlying failure, or {@code null}
   */
  public VerificationFailedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
