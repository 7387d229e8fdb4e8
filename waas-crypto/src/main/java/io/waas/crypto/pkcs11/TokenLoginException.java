package io.waas.crypto.pkcs11;

import io.waas.crypto.KeyStoreAccessException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a PKCS#11 token refuses the login: a wrong PIN, a locked PIN, or a PIN of a length
 * the token does not accept. The message never contains the PIN.
 */
public final class TokenLoginException extends KeyStoreAccessException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed; must not contain the PIN
   * @param cause the provider's failure, or {@code null}
   */
  public TokenLoginException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
