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

  /** An admission decision and the record to store with it. */
  record Decision(Kind kind, ThrottleRecord next, int failures, @Nullable Duration retryAfter) {}

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
    if (n == 0) {
      return new Decision(Kind.ADMITTED, record(1, now, l), 1, null);
    }
    if (isLockedCount(n, l)) {
      Duration lockout = l.lockoutDuration();
      Duration left = lockout == null ? null : Duration.between(now, r.lastFailureAt().plus(lockout));
      return new Decision(Kind.LOCKED, r, n, left);
    }
    Instant next = r.lastFailureAt().plusMillis(l.delayMillis(n));
    if (now.isBefore(next)) {
      return new Decision(Kind.DELAYED, r, n, Duration.between(now, next));
    }
    return new Decision(Kind.ADMITTED, record(n + 1, now, l), n + 1, null);
  }

  /** Gives back one reservation (an attempt that succeeded, or was refused by the other key). */
  static ThrottleRecord release(ThrottleRecord r, ThrottlePolicy.Limits l, Instant now) {
    int n = current(r, l, now);
    return n <= 1 ? ThrottleRecord.empty() : record(n - 1, r.lastFailureAt(), l);
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
