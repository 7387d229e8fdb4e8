package io.waas.auth.throttle;

import io.waas.core.MalformedDataException;

/**
 * Thrown when a client address is not an IPv4 or IPv6 literal. Host names are refused rather than
 * resolved: a throttle must never wait on DNS, and an attacker must not choose which key they are
 * counted under. The message does not repeat the input.
 */
public class MalformedClientAddressException extends MalformedDataException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what was wrong
   */
  public MalformedClientAddressException(String message) {
    super(message);
  }
}
