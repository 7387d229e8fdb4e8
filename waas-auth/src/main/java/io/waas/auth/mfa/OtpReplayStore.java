package io.waas.auth.mfa;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Per-factor state that must be shared by every process verifying one-time passwords: the last
 * accepted time step (TOTP) or counter (HOTP), and the consecutive-failure count and lockout.
 *
 * <p>Every method is one atomic operation in the store, so that any number of threads and
 * processes can verify codes of the same factor at once:
 *
 * <ul>
 *   <li>{@link #advance} is a compare-and-set: it records a step only if it is strictly greater
 *       than the last accepted one. Of many concurrent submissions of one valid code exactly one
 *       wins; an older code still inside the verification window is refused too; an HOTP counter
 *       only ever moves forward.
 *   <li>{@link #beginAttempt} counts an attempt <em>before</em> the code is checked, so concurrent
 *       guesses cannot exceed the failure limit: each gets a distinct attempt number.
 * </ul>
 *
 * <p>Implementations: {@link InMemoryOtpReplayStore} (one process), {@link JdbcOtpReplayStore}
 * (shared through a database). Implementations must be thread-safe.
 */
public interface OtpReplayStore {
  /**
   * Atomically records {@code step} as the factor's last accepted step if, and only if, no step
   * was accepted before or the last accepted one is strictly smaller; a successful advance also
   * clears the consecutive-failure and consecutive-lockout counts.
   *
   * @param factorId the factor
   * @param step the time step or counter of the code being accepted, at least 0
   * @return {@code true} if the step was recorded (the code is accepted), {@code false} if an
   *     equal or greater step was accepted before (a replay)
   * @throws OtpStoreException if the store cannot be reached
   */
  boolean advance(String factorId, long step);

  /**
   * Returns the last accepted step or counter of a factor.
   *
   * @param factorId the factor
   * @return the step, or empty if no code was ever accepted
   * @throws OtpStoreException if the store cannot be reached
   */
  OptionalLong lastAccepted(String factorId);

  /**
   * Atomically admits or refuses a verification attempt. If the factor is locked at {@code now},
   * nothing changes and the attempt is refused. Otherwise the consecutive-failure count is
   * incremented; if it then exceeds {@code maxFailures} (which can only happen when attempts race
   * with the one that should have locked the factor) the factor is locked until {@code lockUntil}
   * and the count reset (and the lockout count incremented), and the attempt is refused; else the
   * attempt is admitted with its number.
   *
   * @param factorId the factor
   * @param maxFailures the consecutive failures allowed before a lockout, at least 1
   * @param now the current time
   * @param lockUntil when a lockout started by this call would end
   * @return the admission
   * @throws OtpStoreException if the store cannot be reached
   */
  Admission beginAttempt(String factorId, int maxFailures, Instant now, Instant lockUntil);

  /**
   * Locks the factor until {@code until}, resets its consecutive-failure count and increments its
   * consecutive-lockout count (which lengthens the next lockout).
   *
   * @param factorId the factor
   * @param until end of the lockout
   * @throws OtpStoreException if the store cannot be reached
   */
  void lock(String factorId, Instant until);

  /**
   * Forgets everything about a factor (when it is deleted or re-enrolled under the same id).
   *
   * @param factorId the factor
   * @throws OtpStoreException if the store cannot be reached
   */
  void delete(String factorId);

  /**
   * The outcome of {@link #beginAttempt}: admitted with an attempt number, or refused because the
   * factor is locked.
   *
   * @param attempt the number of this attempt among consecutive failures (1 for the first after a
   *     success or lockout), or 0 when refused
   * @param lockouts how many lockouts happened since the last accepted code
   * @param lockedUntil end of the lockout when refused, {@code null} when admitted
   */
  record Admission(int attempt, int lockouts, @Nullable Instant lockedUntil) {
    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if an admitted attempt has a number below 1, a refused one
     *     has a number other than 0, or {@code lockouts} is negative
     */
    public Admission {
      if (lockedUntil == null ? attempt < 1 : attempt != 0) {
        throw new IllegalArgumentException("admitted attempts are numbered from 1; refused ones are 0");
      }
      if (lockouts < 0) {
        throw new IllegalArgumentException("lockouts must not be negative");
      }
    }

    /**
     * An admitted attempt.
     *
     * @param attempt its number, at least 1
     * @param lockouts lockouts since the last accepted code
     * @return the admission
     */
    public static Admission admitted(int attempt, int lockouts) {
      return new Admission(attempt, lockouts, null);
    }

    /**
     * A refused attempt.
     *
     * @param lockouts lockouts since the last accepted code
     * @param lockedUntil when the lockout ends
     * @return the admission
     */
    public static Admission locked(int lockouts, Instant lockedUntil) {
      return new Admission(0, lockouts, Objects.requireNonNull(lockedUntil, "lockedUntil"));
    }

    /**
     * Tells whether the attempt may proceed.
     *
     * @return whether admitted
     */
    public boolean isAdmitted() {
      return lockedUntil == null;
    }
  }
}
