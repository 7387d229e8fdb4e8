package io.waas.core;

/** Thrown when the key was never created in this key store, or the scope has no keys. */
public final class KeyNotFoundException extends KeyUnavailableException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what happened
   * @param scope the key scope the key belongs to
   * @param keyId the key's id, or {@code -1} when the failure concerns the whole scope
   */
  public KeyNotFoundException(String message, String scope, long keyId) {
    super(message, scope, keyId);
  }
}
