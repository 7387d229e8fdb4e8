package io.waas.auth.apikey;

import io.waas.core.MalformedDataException;

/**
 * Thrown when a presented string is not a well-formed API key: wrong prefix, wrong structure, characters
 * outside the key alphabet, or a checksum that does not match (a typo or truncation). It is raised before
 * any store lookup. The message never contains the presented string or any part of it.
 */
public class MalformedApiKeyException extends MalformedDataException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what was wrong; must not contain the key
   */
  public MalformedApiKeyException(String message) {
    super(message);
  }
}
