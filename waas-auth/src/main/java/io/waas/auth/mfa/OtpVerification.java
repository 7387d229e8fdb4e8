package io.waas.auth.mfa;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The verdict on a submitted one-time password. Only {@link Status#ACCEPTED} lets the login
 * proceed; the other statuses say why not (for logs and user messages — tell the user no more than
 * "wrong code" unless the factor is locked).
 *
 * <p>Immutable and thread-safe.
 */
public final class OtpVerification {
  /** Why a code was or was not accepted. */
  public enum Status {
    /** The code is valid and had not been used; the login may proceed. */
    ACCEPTED,
    /** The code is not valid for any step in the window (or is not a well-formed code). */
    WRONG_CODE,
    /** The code is valid but its step (or a later one) was already accepted: a replay. */
    REPLAYED,
    /** The factor is locked after too many failures; the code was not checked. */
    LOCKED_OUT
  }

  private final Status status;
  private final long matchedStep;
  private final int drift;
  private final @Nullable Instant lockedUntil;

  private OtpVerification(Status status, long matchedStep, int drift, @Nullable Instant lockedUntil) {
    this.status = status;
    this.matchedStep = matchedStep;
    this.drift = drift;
    this.lockedUntil = lockedUntil;
  }

  static OtpVerification accepted(long step, int drift) {
    return new OtpVerification(Status.ACCEPTED, step, drift, null);
  }

  static OtpVerification replayed(long step, int drift, @Nullable Instant lockedUntil) {
    return new OtpVerification(Status.REPLAYED, step, drift, lockedUntil);
  }

  static OtpVerification wrongCode(@Nullable Instant lockedUntil) {
    return new OtpVerification(Status.WRONG_CODE, -1, 0, lockedUntil);
  }

  static OtpVerification lockedOut(Instant lockedUntil) {
    return new OtpVerification(Status.LOCKED_OUT, -1, 0, Objects.requireNonNull(lockedUntil));
  }

  /**
   * Returns the verdict.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * Tells whether the code was accepted.
   *
   * @return whether {@link #status()} is {@link Status#ACCEPTED}
   */
  public boolean isAccepted() {
    return status == Status.ACCEPTED;
  }

  /**
   * Returns the time step (TOTP) or counter (HOTP) the code matched, for accepted and replayed
   * codes.
   *
   * @return the step, or empty when no step matched
   */
  public OptionalLong matchedStep() {
    return matchedStep < 0 ? OptionalLong.empty() : OptionalLong.of(matchedStep);
  }

  /**
   * Returns how far the matched step was from the expected one: for TOTP −1, 0 or +1 steps
   * relative to the server's clock (a persistent non-zero drift means the device clock is off);
   * for HOTP how many counters the token had skipped ahead. 0 when nothing matched.
   *
   * @return the drift in steps
   */
  public int drift() {
    return drift;
  }

  /**
   * Returns until when the factor is locked: set for {@link Status#LOCKED_OUT}, and for the {@link
   * Status#WRONG_CODE} or {@link Status#REPLAYED} attempt that caused the lockout.
   *
   * @return the end of the lockout, or empty
   */
  public Optional<Instant> lockedUntil() {
    return Optional.ofNullable(lockedUntil);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("OtpVerification[").append(status);
    if (matchedStep >= 0) {
      b.append(", step=").append(matchedStep).append(", drift=").append(drift);
    }
    if (lockedUntil != null) {
      b.append(", lockedUntil=").append(lockedUntil);
    }
    return b.append(']').toString();
  }
}
