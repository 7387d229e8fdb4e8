package io.waas.crypto.tls;

import java.security.cert.CertificateException;

/**
 * Thrown by {@link SpkiPinningTrustManager} when a peer's certificate chain is valid but none of the
 * public keys on its path to the trust anchor matches a pinned key. During a handshake JSSE reports
 * it as the cause of an {@link javax.net.ssl.SSLHandshakeException}.
 *
 * <p>It extends {@link CertificateException} because that is what a trust manager may throw.
 */
public final class SpkiPinMismatchException extends CertificateException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message which certificate path failed to match; public information only
   */
  public SpkiPinMismatchException(String message) {
    super(message);
  }
}
