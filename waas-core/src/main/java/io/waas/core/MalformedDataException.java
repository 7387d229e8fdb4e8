package io.waas.core;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when input that should be in one of the SDK's formats (a ciphertext, a key store file, a
 * token) is not: truncated, of an unknown version, or structurally invalid. It is raised before
 * any cryptographic operation is attempted on the input.
 */
public class MalformedDataException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what was malformed and how
   */
  public MalformedDataException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what was malformed and how
   * @param cause the underlying failure, or {@code null}
   */
  public MalformedDataException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
