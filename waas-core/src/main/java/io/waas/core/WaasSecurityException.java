package io.waas.core;

import java.security.GeneralSecurityException;
import org.jspecify.annotations.Nullable;

/**
 * Base class of the SDK's checked security failures: a ciphertext that does not authenticate, a
 * key that cannot be used, data in a malformed format.
 *
 * <p>It extends {@link GeneralSecurityException} so that callers already handling JCA or Tink
 * failures handle the SDK's too. Messages say what was wrong and never contain secret material
 * (keys, plaintext, passwords).
 */
public class WaasSecurityException extends GeneralSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what went wrong; must not contain secrets
   */
  public WaasSecurityException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what went wrong; must not contain secrets
   * @param cause the underlying failure, or {@code null}
   */
  public WaasSecurityException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
