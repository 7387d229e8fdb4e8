package io.waas.crypto.tls;

import io.waas.core.WaasSecurityException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when TLS key material or a {@link TlsPolicy} cannot be used as configured: a private key
 * that does not belong to its certificate, a certificate chain out of order, a key below the
 * policy's minimum size, a key store that cannot be opened, or a combination of settings the SDK
 * refuses (for example client certificates checked against the JDK's public CAs).
 *
 * <p>The message names the file, alias or setting concerned; it never contains key material or
 * passwords.
 */
public class TlsConfigurationException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what is wrong; must not contain secrets
   */
  public TlsConfigurationException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what is wrong; must not contain secrets
   * @param cause the underlying failure, or {@code null}
   */
  public TlsConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
