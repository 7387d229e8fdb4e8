package io.waas.cli;

/**
 * The exit codes of {@code waas}. They are part of the command's interface (scripts branch on
 * them), so a code's meaning never changes; new kinds of failure get new codes.
 */
final class ExitCodes {
  /** Success. */
  static final int OK = 0;

  /**
   * The data or key refused the operation: a ciphertext failed authentication (tampered, or
   * another tenant, subject, purpose or record), is not a ciphertext, or needs a key that is
   * missing, disabled or destroyed; or a key change was refused (for example disabling the
   * primary key).
   */
  static final int DATA_OR_KEY = 1;

  /** The command line was wrong: unknown or missing options, invalid values, existing output. */
  static final int USAGE = 2;

  /** The key store, the master key or a file could not be used: I/O errors, wrong master key. */
  static final int STORE_OR_IO = 3;

  /** A bug: an unexpected exception, or the demo saw the SDK break one of its promises. */
  static final int INTERNAL = 4;

  /** The user declined a confirmation (shred, destroy); nothing was changed. */
  static final int ABORTED = 5;

  private ExitCodes() {}
}
