package io.waas.auth.throttle;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The counting rules, as pure functions from a stored record to the next one, so that every store
 * applies them identically inside its own atomic update.
 *
 * <p>Design: an admitted attempt is counted as a failure <em>when it is admitted</em> (a reservation),
 * not when it is reported. This is what makes admission exact under concurrency: two attempts racing
 * for the last free slot or one back-off slot serialize on the key's record, and the second sees the
 * first one's reservation. A success then gives the reservation back (addresses) or resets the counter
 * (accounts); an attempt never reported stays counted as a failure, which fails closed.
 */
final class ThrottleRules {
  /** What an admission check decided. */
  enum Kind {
    ADMITTED,
    DELAYED,
    LOCKED
  }

  /**
   * An admission decision and the record to store with it. {@code reservation} is what {@link
   * #release} needs to give an admitted attempt back exactly: when it was reserved and the
   * record's last failure time before that.
   */
  record Decision(Kind kind, ThrottleRecord next, int failures, @Nullable Duration retryAfter, Reservation reservation) {}

  /** When an attempt was reserved, and the last failure time it replaced (null: none counted). */
  record Reservation(Instant reservedAt, @Nullable Instant previousLastFailureAt) {}

  private ThrottleRules() {}

  /** The failures that still count at {@code now}: forgotten after the window or an expired lockout. */
  static int current(ThrottleRecord r, ThrottlePolicy.Limits l, Instant now) {
    if (r.isEmpty()) {
      return 0;
    }
    if (isLockedCount(r.failures(), l)) {
      Duration lockout = l.lockoutDuration();
      return lockout == null || now.isBefore(r.lastFailureAt().plus(lockout)) ? r.failures() : 0;
    }
    return now.isBefore(r.lastFailureAt().plus(l.failureWindow())) ? r.failures() : 0;
  }

  static boolean isLocked(ThrottleRecord r, ThrottlePolicy.Limits l, Instant now) {
    return isLockedCount(current(r, l, now), l);
  }

  private static boolean isLockedCount(int failures, ThrottlePolicy.Limits l) {
    return l.locks() && failures >= l.lockoutThreshold();
  }

  /** Checks lockout and back-off and, if the attempt may go ahead, reserves it as a failure. */
  static Decision acquire(ThrottleRecord r, ThrottlePolicy.Limits l, Instant now) {
    int n = current(r, l, now);
    Reservation reservation = new Reservation(now, n == 0 ? null : r.lastFailureAt());
    if (n == 0) {
      return new Decision(Kind.ADMITTED, record(1, now, l), 1, null, reservation);
    }
    if (isLockedCount(n, l)) {
      Duration lockout = l.lockoutDuration();
      Duration left = lockout == null ? null : Duration.between(now, r.lastFailureAt().plus(lockout));
      return new Decision(Kind.LOCKED, r, n, left, reservation);
    }
    Instant next = r.lastFailureAt().plusMillis(l.delayMillis(n));
    if (now.isBefore(next)) {
      return new Decision(Kind.DELAYED, r, n, Duration.between(now, next), reservation);
    }
    return new Decision(Kind.ADMITTED, record(n + 1, now, l), n + 1, null, reservation);
  }

  /**
   * Gives back one reservation (an attempt that succeeded, or was refused by the other key). When
   * no later reservation has touched the record, its last failure time goes back to what it was
   * before: otherwise every successful login from a shared address would restart that address's
   * back-off and its forgetting window without any failure.
   */
  static ThrottleRecord release(ThrottleRecord r, ThrottlePolicy.Limits l, Instant now, Reservation reservation) {
    int n = current(r, l, now);
    if (n <= 1) {
      return ThrottleRecord.empty();
    }
    Instant last = r.lastFailureAt();
    Instant previous = reservation.previousLastFailureAt();
    if (previous != null && last.equals(reservation.reservedAt())) {
      last = previous;
    }
    return record(n - 1, last, l);
  }

  private static ThrottleRecord record(int failures, Instant last, ThrottlePolicy.Limits l) {
    Instant expires;
    if (isLockedCount(failures, l)) {
      Duration lockout = l.lockoutDuration();
      expires = lockout == null ? null : last.plus(lockout);
    } else {
      expires = last.plus(l.failureWindow());
    }
    return new ThrottleRecord(failures, last, expires);
  }
}
