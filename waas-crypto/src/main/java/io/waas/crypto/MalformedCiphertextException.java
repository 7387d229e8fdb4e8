package io.waas.crypto;

import io.waas.core.MalformedDataException;

/**
 * Thrown when bytes given as a ciphertext are not in the SDK's ciphertext format: too short, a
 * wrong magic number, an unsupported format version or an unknown algorithm. Raised by the header
 * parser before any key is looked up.
 */
public final class MalformedCiphertextException extends MalformedDataException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what was wrong with the input
   */
  public MalformedCiphertextException(String message) {
    super(message);
  }
}
