package io.waas.auth.password;

/**
 * Types of the {@link io.waas.core.SecurityEvent}s that password hashing and the password policy emit. Event attributes never carry
 * secrets: no password, no hash, no pepper; only the algorithm, the reason and policy violation
 * names.
 */
public final class PasswordEvents {
  /** A password matched its stored hash (outcome SUCCESS; attribute {@code algorithm}). */
  public static final String VERIFIED = "auth.password.verified";

  /** A password did not match its stored hash (outcome FAILURE; attribute {@code algorithm}). */
  public static final String MISMATCH = "auth.password.mismatch";

  /**
   * A verification against no stored hash, that is an unknown user (outcome FAILURE). Emitted
   * after the same work as a real verification.
   */
  public static final String UNKNOWN_USER = "auth.password.unknown_user";

  /**
   * An outdated hash was replaced after a successful verification (outcome SUCCESS; attributes
   * {@code from} — the old algorithm — and {@code reason}).
   */
  public static final String UPGRADED = "auth.password.upgraded";

  /**
   * A hash or verification was refused because the {@link HashingBudget} stayed full for its
   * whole maximum wait (outcome DENIED; attribute {@code operation}).
   */
  public static final String BUSY = "auth.password.busy";

  /** A password was rejected by the {@link PasswordPolicy} (outcome DENIED; attribute {@code violations}). */
  public static final String POLICY_REJECTED = "auth.password.policy_rejected";

  private PasswordEvents() {}
}
