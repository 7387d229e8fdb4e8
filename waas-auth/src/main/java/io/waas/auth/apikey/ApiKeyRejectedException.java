package io.waas.auth.apikey;

import io.waas.core.WaasSecurityException;

/** Thrown by {@link ApiKeyVerification#requireValid()} when a key was not accepted. */
public class ApiKeyRejectedException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  private final ApiKeyStatus status;

  /**
   * Creates an exception.
   *
   * @param status why the key was refused; never {@link ApiKeyStatus#VALID}
   */
  public ApiKeyRejectedException(ApiKeyStatus status) {
    super("API key rejected: " + status);
    this.status = status;
  }

  /**
   * Returns why the key was refused.
   *
   * @return the status
   */
  public ApiKeyStatus status() {
    return status;
  }
}
