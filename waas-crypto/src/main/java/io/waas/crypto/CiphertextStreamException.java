package io.waas.crypto;

import io.waas.core.WaasSecurityException;
import java.io.IOException;

/**
 * Thrown by the streams and channels of a {@link StreamingEncryptor} when a cryptographic check
 * fails in a method that the Java I/O API lets throw only {@link IOException} ({@code read},
 * {@code write}, {@code close}). The cause is always the typed security failure, available as
 * {@link #securityCause()}; usually a {@link DecryptionFailedException} (modified, truncated,
 * reordered or extended ciphertext, or another encryption context).
 *
 * <p>Failures of the underlying stream or channel (a disk error, a closed socket) are passed
 * through as they are and are never of this type, so callers can tell "the data is bad" from "the
 * storage is bad":
 *
 * <pre>{@code
 * try (InputStream in = streaming.newDecryptingStream(source, ctx)) {
 *   in.transferTo(sink);
 * } catch (CiphertextStreamException e) {
 *   throw e.securityCause();               // tampered, truncated or wrong context
 * }
 * }</pre>
 */
public final class CiphertextStreamException extends IOException {
  private static final long serialVersionUID = 1L;

  private final WaasSecurityException security;

  /**
   * Creates an exception.
   *
   * @param cause the security failure; its message becomes this exception's message
   */
  public CiphertextStreamException(WaasSecurityException cause) {
    super(cause.getMessage(), cause);
    this.security = cause;
  }

  /**
   * Returns the security failure that this exception carries through the I/O API.
   *
   * @return the typed cause, for example a {@link DecryptionFailedException}
   */
  public WaasSecurityException securityCause() {
    return security;
  }
}
