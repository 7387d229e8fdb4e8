package io.waas.crypto.audit;

import io.waas.core.WaasSecurityException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when an audit log's files cannot be read or written (I/O errors, permissions, a directory
 * that is not an audit log), when the log is already open for writing elsewhere, or when an
 * earlier write failure left the log unusable until it is opened again. The message names the
 * directory or file concerned.
 */
public final class AuditLogAccessException extends WaasSecurityException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed
   * @param cause the underlying failure, or {@code null}
   */
  public AuditLogAccessException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
