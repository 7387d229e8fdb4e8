package io.waas.crypto;

import io.waas.core.WaasSecurityException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when the key store cannot be read or written (an I/O error, missing permissions) or one of
 * its files is corrupted. The message names the file or key scope concerned.
 */
public class KeyStoreAccessException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed
   * @param cause the underlying failure, or {@code null}
   */
  public KeyStoreAccessException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
