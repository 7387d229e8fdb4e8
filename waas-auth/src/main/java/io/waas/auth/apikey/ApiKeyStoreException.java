package io.waas.auth.apikey;

import io.waas.core.WaasSecurityException;
import org.jspecify.annotations.Nullable;

/** Thrown when an {@link ApiKeyStore} cannot be read or written. Verification then fails closed. */
public class ApiKeyStoreException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed; never contains a key or hash
   * @param cause the underlying failure, or {@code null}
   */
  public ApiKeyStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
