package io.waas.auth.mfa;

import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.core.SecurityEvents;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The verification sequence shared by TOTP and HOTP, around a code matcher:
 *
 * <ol>
 *   <li>{@link OtpReplayStore#beginAttempt} counts the attempt first (or refuses it while the factor
 *       is locked), so that concurrent guesses can never exceed the failure limit;
 *   <li>the matcher compares the submitted code with every candidate in constant time;
 *   <li>a match is accepted only through {@link OtpReplayStore#advance}'s compare-and-set, which
 *       also resets the failure count; a match that loses the compare-and-set is a replay;
 *   <li>a failure (wrong code or replay) that was the {@code maxFailures}-th in a row locks the
 *       factor, for a period that doubles with each consecutive lockout up to a cap.
 * </ol>
 */
final class OtpAttemptFlow {
  /** A candidate step that matched the submitted code, with its distance from the expected step. */
  record Match(long step, int drift) {}

  /** Finds the step a well-formed submitted code (ASCII digits) matches, or returns null. */
  @FunctionalInterface
  interface Matcher {
    @Nullable Match match(byte[] submitted, Instant now) throws GeneralSecurityException;
  }

  /** The event types of one factor kind. */
  record EventTypes(String accepted, String failed, String replayed, String locked, String refusedLocked) {
    static final EventTypes TOTP = new EventTypes(MfaEvents.TOTP_ACCEPTED, MfaEvents.TOTP_FAILED,
        MfaEvents.TOTP_REPLAYED, MfaEvents.TOTP_LOCKED, MfaEvents.TOTP_REFUSED_LOCKED);
    static final EventTypes HOTP = new EventTypes(MfaEvents.HOTP_ACCEPTED, MfaEvents.HOTP_FAILED,
        MfaEvents.HOTP_REPLAYED, MfaEvents.HOTP_LOCKED, MfaEvents.HOTP_REFUSED_LOCKED);
  }

  static final int MAX_FAILURES_LIMIT = 100; // NIST SP 800-63B 5.2.2

  private final OtpReplayStore store;
  private final Clock clock;
  private final SecurityEventListener events;
  private final int maxFailures;
  private final Duration lockout;
  private final Duration maxLockout;

  OtpAttemptFlow(OtpReplayStore store, Clock clock, SecurityEventListener events, int maxFailures,
      Duration lockout, Duration maxLockout) {
    this.store = store;
    this.clock = clock;
    this.events = events;
    this.maxFailures = maxFailures;
    this.lockout = lockout;
    this.maxLockout = maxLockout;
  }

  static int checkMaxFailures(int maxFailures) {
    if (maxFailures < 1 || maxFailures > MAX_FAILURES_LIMIT) {
      throw new IllegalArgumentException("maxConsecutiveFailures must be 1 to " + MAX_FAILURES_LIMIT
          + " (NIST SP 800-63B allows at most 100), was " + maxFailures);
    }
    return maxFailures;
  }

  static Duration checkLockout(Duration lockout, Duration maxLockout) {
    if (lockout.compareTo(Duration.ofSeconds(1)) < 0 || lockout.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("lockout must be 1 second to 1 day");
    }
    if (maxLockout.compareTo(lockout) < 0 || maxLockout.compareTo(Duration.ofDays(30)) > 0) {
      throw new IllegalArgumentException("maximum lockout must be at least the lockout and at most 30 days");
    }
    return lockout;
  }

  Clock clock() {
    return clock;
  }

  /** Returns how long the lockout after {@code previousLockouts} earlier consecutive ones lasts. */
  Duration lockoutAfter(int previousLockouts) {
    if (previousLockouts >= 30) {
      return maxLockout;
    }
    Duration d = lockout.multipliedBy(1L << previousLockouts);
    return d.compareTo(maxLockout) > 0 ? maxLockout : d;
  }

  OtpVerification run(EventTypes types, String factorId, String tenant, String subject, CharSequence code,
      int digits, Matcher matcher) throws GeneralSecurityException {
    Instant now = clock.instant();
    OtpReplayStore.Admission admission = store.beginAttempt(factorId, maxFailures, now, now.plus(lockout));
    Instant lockedUntil = admission.lockedUntil();
    if (lockedUntil != null) {
      deliver(types.refusedLocked(), SecurityEvent.Outcome.DENIED, now, tenant, subject, factorId,
          "lockedUntil", lockedUntil.toString());
      return OtpVerification.lockedOut(lockedUntil);
    }
    byte[] submitted = OtpCodes.normalize(code, digits);
    Match match = null;
    if (submitted != null) {
      try {
        match = matcher.match(submitted, now);
      } finally {
        Arrays.fill(submitted, (byte) 0);
      }
    }
    if (match != null) {
      if (store.advance(factorId, match.step())) {
        deliver(types.accepted(), SecurityEvent.Outcome.SUCCESS, now, tenant, subject, factorId,
            "step", Long.toString(match.step()), "drift", Integer.toString(match.drift()));
        return OtpVerification.accepted(match.step(), match.drift());
      }
      deliver(types.replayed(), SecurityEvent.Outcome.DENIED, now, tenant, subject, factorId,
          "step", Long.toString(match.step()), "attempt", Integer.toString(admission.attempt()));
      return OtpVerification.replayed(match.step(), match.drift(), lockIfLimit(types, admission, now, tenant,
          subject, factorId));
    }
    deliver(types.failed(), SecurityEvent.Outcome.FAILURE, now, tenant, subject, factorId,
        "attempt", Integer.toString(admission.attempt()));
    return OtpVerification.wrongCode(lockIfLimit(types, admission, now, tenant, subject, factorId));
  }

  private @Nullable Instant lockIfLimit(EventTypes types, OtpReplayStore.Admission admission, Instant now,
      String tenant, String subject, String factorId) {
    if (admission.attempt() < maxFailures) {
      return null;
    }
    Instant until = now.plus(lockoutAfter(admission.lockouts()));
    store.lock(factorId, until);
    deliver(types.locked(), SecurityEvent.Outcome.DENIED, now, tenant, subject, factorId,
        "lockedUntil", until.toString(), "lockouts", Integer.toString(admission.lockouts() + 1));
    return until;
  }

  private void deliver(String type, SecurityEvent.Outcome outcome, Instant now, String tenant, String subject,
      String factorId, String... attributes) {
    SecurityEvent.Builder b = SecurityEvent.builder(type, outcome).timestamp(now).tenant(tenant).subject(subject)
        .attribute("factorId", factorId);
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      b.attribute(attributes[i], attributes[i + 1]);
    }
    SecurityEvents.deliver(events, b.build());
  }
}
