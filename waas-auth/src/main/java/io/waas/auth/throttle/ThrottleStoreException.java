package io.waas.auth.throttle;

import io.waas.core.WaasSecurityException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a {@link ThrottleStore} cannot be read or written. The throttle then fails closed: the
 * attempt is not admitted, because the exception reaches the caller instead of an admission.
 */
public class ThrottleStoreException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed
   * @param cause the underlying failure, or {@code null}
   */
  public ThrottleStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
