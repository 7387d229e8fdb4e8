package io.waas.auth.mfa;

/**
 * The result of redeeming a recovery code.
 *
 * @param accepted whether the code was valid and unused; it is now used up
 * @param remaining how many unused codes the user has left (after this one)
 */
public record RecoveryCodeRedemption(boolean accepted, int remaining) {
  /**
   * Validates the components.
   *
   * @throws IllegalArgumentException if {@code remaining} is negative
   */
  public RecoveryCodeRedemption {
    if (remaining < 0) {
      throw new IllegalArgumentException("remaining must not be negative");
    }
  }
}
