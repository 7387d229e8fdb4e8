package io.waas.crypto;

import io.waas.core.WaasSecurityException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a well-formed ciphertext does not authenticate: it was modified, it belongs to
 * another encryption context (another tenant, record or purpose), or its key commitment does not
 * match the key it names. No plaintext is ever released when this is thrown.
 */
public final class DecryptionFailedException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message why decryption failed
   * @param cause the underlying failure, or {@code null}
   */
  public DecryptionFailedException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
