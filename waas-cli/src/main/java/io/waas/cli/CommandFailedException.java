package io.waas.cli;

/**
 * A failure the command has already explained in plain words: the message is printed as is, as
 * {@code waas: error: <message>}, and the process exits with {@link #exitCode()}.
 */
final class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /**
   * Creates the exception.
   *
   * @param exitCode one of {@link ExitCodes}
   * @param message one line for the user; never a secret
   */
  CommandFailedException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** Returns the process exit code, one of {@link ExitCodes}. */
  int exitCode() {
    return exitCode;
  }
}
