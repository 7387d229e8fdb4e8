package io.waas.core;

/**
 * Thrown when the key an operation needs cannot be used. Subclasses tell why: it was never known
 * ({@link KeyNotFoundException}), it is disabled ({@link KeyDisabledException}), or it was
 * destroyed ({@link KeyDestroyedException}).
 */
public class KeyUnavailableException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  private final String scope;
  private final long keyId;

  /**
   * Creates an exception.
   *
   * @param message what happened
   * @param scope the key scope (for example a tenant) the key belongs to; not secret
   * @param keyId the key's id, or {@code -1} when no particular key is concerned
   */
  public KeyUnavailableException(String message, String scope, long keyId) {
    super(message);
    this.scope = scope;
    this.keyId = keyId;
  }

  /**
   * Returns the scope (tenant, or tenant and data subject) whose key was unavailable.
   *
   * @return the scope's display name
   */
  public String scope() {
    return scope;
  }

  /**
   * Returns the id of the unavailable key.
   *
   * @return the key id, or {@code -1} when the failure concerns the whole scope
   */
  public long keyId() {
    return keyId;
  }
}
