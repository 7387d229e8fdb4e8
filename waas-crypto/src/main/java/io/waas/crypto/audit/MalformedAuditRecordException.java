package io.waas.crypto.audit;

import io.waas.core.MalformedDataException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a line of an audit log is not an audit record in the canonical format: not JSON,
 * fields missing, out of order or of the wrong type, an unknown version, or any byte that differs
 * from how the SDK writes the record. Raised before any key is used.
 */
public final class MalformedAuditRecordException extends MalformedDataException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what was wrong with the line; never the line itself
   */
  public MalformedAuditRecordException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a cause.
   *
   * @param message what was wrong with the line; never the line itself
   * @param cause the underlying parser failure, or {@code null}
   */
  public MalformedAuditRecordException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
