package io.waas.auth.rbac;

import io.waas.core.WaasSecurityException;
import org.jspecify.annotations.Nullable;

/** Thrown when a policy store cannot be read or written (database unreachable, SQL error). */
public final class PolicyStoreException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed
   * @param cause the underlying failure
   */
  public PolicyStoreException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
