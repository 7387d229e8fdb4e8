package io.waas.auth.mfa;

/**
 * Types of the {@link io.waas.core.SecurityEvent}s that the MFA factors emit. Event attributes never carry
 * secrets: no TOTP/HOTP secret, submitted code or recovery code ever appears in an event. Events carry
 * the tenant and subject of the factor and the attribute {@code factorId}; verification events add
 * {@code step} and {@code drift} (accepted), {@code attempt} (failed) or {@code lockedUntil}.
 */
public final class MfaEvents {
  /** A TOTP code was accepted (outcome SUCCESS). */
  public static final String TOTP_ACCEPTED = "auth.mfa.totp.accepted";
  /** A TOTP code was wrong (outcome FAILURE). */
  public static final String TOTP_FAILED = "auth.mfa.totp.failed";
  /** A TOTP code was valid but its time step had already been used (outcome DENIED). */
  public static final String TOTP_REPLAYED = "auth.mfa.totp.replayed";
  /** A TOTP factor was locked after too many consecutive failures (outcome DENIED). */
  public static final String TOTP_LOCKED = "auth.mfa.totp.locked";
  /** A TOTP code was refused unchecked because the factor is locked (outcome DENIED). */
  public static final String TOTP_REFUSED_LOCKED = "auth.mfa.totp.refused_locked";

  /** An HOTP code was accepted (outcome SUCCESS). */
  public static final String HOTP_ACCEPTED = "auth.mfa.hotp.accepted";
  /** An HOTP code was wrong (outcome FAILURE). */
  public static final String HOTP_FAILED = "auth.mfa.hotp.failed";
  /** An HOTP code was valid but its counter had already been used (outcome DENIED). */
  public static final String HOTP_REPLAYED = "auth.mfa.hotp.replayed";
  /** An HOTP factor was locked after too many consecutive failures (outcome DENIED). */
  public static final String HOTP_LOCKED = "auth.mfa.hotp.locked";
  /** An HOTP code was refused unchecked because the factor is locked (outcome DENIED). */
  public static final String HOTP_REFUSED_LOCKED = "auth.mfa.hotp.refused_locked";

  /** A TOTP enrollment was started: a pending factor and its otpauth URI were made (SUCCESS). */
  public static final String TOTP_ENROLLMENT_STARTED = "auth.mfa.totp.enrollment_started";
  /** A pending TOTP factor's first code was confirmed; the factor is active (SUCCESS). */
  public static final String TOTP_ENROLLMENT_CONFIRMED = "auth.mfa.totp.enrollment_confirmed";
  /** A confirmation was refused because the enrollment had expired (DENIED). */
  public static final String TOTP_ENROLLMENT_EXPIRED = "auth.mfa.totp.enrollment_expired";

  /** A new set of recovery codes replaced the user's previous set (SUCCESS; attribute {@code count}). */
  public static final String RECOVERY_CODES_GENERATED = "auth.mfa.recovery.generated";
  /** A recovery code was redeemed (SUCCESS; attribute {@code remaining}). */
  public static final String RECOVERY_CODE_REDEEMED = "auth.mfa.recovery.redeemed";
  /** A recovery code was wrong or already used (FAILURE). */
  public static final String RECOVERY_CODE_FAILED = "auth.mfa.recovery.failed";
  /** The user's last recovery code was redeemed; none are left (SUCCESS; regenerate now). */
  public static final String RECOVERY_CODES_EXHAUSTED = "auth.mfa.recovery.exhausted";

  private MfaEvents() {}
}
