package io.waas.crypto.tls;

import io.waas.core.MalformedDataException;

/**
 * Thrown when a file or byte array given as PEM is not usable PEM of the expected kind: no
 * {@code -----BEGIN ...-----} block, a block without its end line, invalid base64, a block of the
 * wrong type (for example a PKCS#1 {@code RSA PRIVATE KEY} where PKCS#8 is expected), or DER that
 * does not parse as a certificate or private key.
 *
 * <p>The message names the source and the block (by position and label), never its content.
 */
public final class MalformedPemException extends MalformedDataException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what was wrong and where; must not contain key material
   */
  public MalformedPemException(String message) {
    super(message);
  }
}
