package io.waas.auth.password;

import java.util.List;

/**
 * The result of {@link PasswordPolicy#check}: acceptable or not, the violations, and a strength
 * estimate to show the user. Never holds the password.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasswordCheck {
  private final List<PasswordViolation> violations;
  private final StrengthEstimate strength;
  private final int length;
  private final boolean breachCheckCompleted;

  PasswordCheck(List<PasswordViolation> violations, StrengthEstimate strength, int length, boolean breachCheckCompleted) {
    this.violations = List.copyOf(violations);
    this.strength = strength;
    this.length = length;
    this.breachCheckCompleted = breachCheckCompleted;
  }

  /**
   * Tells whether the password meets the policy.
   *
   * @return whether there are no violations
   */
  public boolean acceptable() {
    return violations.isEmpty();
  }

  /**
   * Returns the violations.
   *
   * @return an unmodifiable list, empty when acceptable
   */
  public List<PasswordViolation> violations() {
    return violations;
  }

  /**
   * Returns the strength estimate.
   *
   * @return zxcvbn's estimate of the normalized password
   */
  public StrengthEstimate strength() {
    return strength;
  }

  /**
   * Returns the length that the policy counted.
   *
   * @return Unicode code points after NFKC normalization
   */
  public int lengthInCodePoints() {
    return length;
  }

  /**
   * Tells whether a configured breach check gave an answer. {@code false} when none is
   * configured, and when it failed or timed out (then a fail-closed policy adds {@link
   * PasswordViolation#BREACH_CHECK_UNAVAILABLE}, a fail-open one accepts without it).
   *
   * @return whether the breach check completed
   */
  public boolean breachCheckCompleted() {
    return breachCheckCompleted;
  }

  /**
   * Throws if the password is not acceptable.
   *
   * @throws PasswordRejectedException listing the violations, if there are any
   */
  public void orThrow() throws PasswordRejectedException {
    if (!violations.isEmpty()) {
      throw new PasswordRejectedException(violations);
    }
  }

  @Override
  public String toString() {
    // No length: even that is information about a secret, and toString ends up in logs.
    return "PasswordCheck{violations=" + violations + ", " + strength + '}';
  }
}
