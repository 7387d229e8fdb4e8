package io.waas.crypto;

/**
 * Thrown when a key store is opened with a master key (or passphrase) other than the one it was
 * created with. Nothing in the store is changed.
 */
public final class MasterKeyMismatchException extends KeyStoreAccessException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed
   */
  public MasterKeyMismatchException(String message) {
    super(message, null);
  }
}
