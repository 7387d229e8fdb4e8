package io.waas.auth.password;

import io.waas.core.MalformedDataException;

/**
 * Thrown when a stored password hash is not in a format the hasher accepts: not a well-formed PHC
 * string, out-of-range parameters, bad Base64, or a legacy format that was not enabled. Messages
 * describe the structure only, never the stored string itself.
 */
public class MalformedPasswordHashException extends MalformedDataException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what was wrong with the hash's structure
   */
  public MalformedPasswordHashException(String message) {
    super(message);
  }
}
