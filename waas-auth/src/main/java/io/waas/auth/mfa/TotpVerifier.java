package io.waas.auth.mfa;

import io.waas.core.SecretBytes;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.DataEncryptor;
import io.waas.crypto.KeyRing;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Verifies TOTP codes (RFC 6238) of {@link TotpFactor}s, with replay protection and lockout.
 *
 * <pre>{@code
 * TotpVerifier verifier = TotpVerifier.builder(keyRing, new JdbcOtpReplayStore(dataSource)).build();
 * OtpVerification v = verifier.verify(TotpFactor.parse(storedFactor), submittedCode);
 * if (v.isAccepted()) { ... second factor passed ... }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Window: the code of the current time step is accepted, and with the default {@link
 *       Builder#window(int) window} of 1 also the previous and the next step (clock skew and typing
 *       time); never more.
 *   <li>Replay: each time step is accepted at most once per factor, across threads and (with a
 *       shared {@link OtpReplayStore} such as {@link JdbcOtpReplayStore}) processes, and a code
 *       older than the last accepted one is refused even while still inside the window. Of many
 *       concurrent submissions of one valid code, exactly one is accepted.
 *   <li>Lockout: after {@link Builder#maxConsecutiveFailures(int) N} consecutive failures (wrong
 *       codes and replays; default 5, at most 100 as NIST SP 800-63B requires) the factor is
 *       locked for the {@link Builder#lockout lockout} period, which doubles with every
 *       consecutive lockout up to a cap; an accepted code resets both counts. Attempts are counted
 *       before the code is checked, so concurrent guesses cannot exceed the limit.
 *   <li>Comparison: the whole code is compared with every candidate in constant time ({@link
 *       MessageDigest#isEqual}), with no early exit.
 *   <li>Secrets: the factor's secret is decrypted only for the comparison and zeroed afterwards;
 *       no secret or submitted code appears in events, logs or exception messages.
 * </ul>
 *
 * <p><b>Limits:</b> a 6-digit code can be guessed with probability about 3 in a million per attempt
 * (3 steps in the window); the lockout bounds the attempts, it does not make guessing impossible.
 * Watch the {@link MfaEvents#TOTP_LOCKED} events. TOTP does not resist phishing: a code typed into
 * a fake site can be relayed within its window.
 *
 * <p>Thread-safe.
 */
public final class TotpVerifier {
  private final DataEncryptor encryptor;
  private final OtpAttemptFlow flow;
  private final int window;

  private TotpVerifier(Builder b) {
    this.encryptor = b.keys.encryptor();
    this.window = b.window;
    this.flow = new OtpAttemptFlow(b.store, b.clock, b.events, b.maxFailures, b.lockout, b.maxLockout);
  }

  /**
   * Starts configuring a verifier.
   *
   * @param keys the key ring that sealed the factors' secrets
   * @param replayStore where accepted steps and failure counts are kept; share one store (for
   *     example {@link JdbcOtpReplayStore}) between all processes that verify codes
   * @return a builder
   */
  public static Builder builder(KeyRing keys, OtpReplayStore replayStore) {
    return new Builder(keys, replayStore);
  }

  /**
   * Verifies a code of an active factor.
   *
   * @param factor the factor, as stored
   * @param code the code the user typed; spaces are ignored, anything but the right number of
   *     digits is a wrong code
   * @return the verdict; only {@link OtpVerification#isAccepted()} lets the login proceed
   * @throws IllegalArgumentException if the factor is still pending (confirm it through {@link
   *     TotpEnroller#confirm})
   * @throws GeneralSecurityException if the sealed secret cannot be decrypted (for example
   *     {@link io.waas.crypto.DecryptionFailedException} when it was copied from another record)
   * @throws OtpStoreException if the replay store cannot be reached
   */
  public OtpVerification verify(TotpFactor factor, CharSequence code) throws GeneralSecurityException {
    if (!factor.isActive()) {
      throw new IllegalArgumentException("factor " + factor.id() + " is pending: confirm its enrollment first");
    }
    return check(factor, code);
  }

  /** Verifies a code of a factor whether active or pending (used to confirm enrollments). */
  OtpVerification check(TotpFactor factor, CharSequence code) throws GeneralSecurityException {
    TotpParameters p = factor.parameters();
    return flow.run(OtpAttemptFlow.EventTypes.TOTP, factor.id(), factor.tenant(), factor.subject(), code,
        p.digits(), (submitted, now) -> match(factor, submitted, now));
  }

  Clock clock() {
    return flow.clock();
  }

  private OtpAttemptFlow.@Nullable Match match(TotpFactor factor, byte[] submitted, Instant now)
      throws GeneralSecurityException {
    TotpParameters p = factor.parameters();
    long current = OtpCodes.timeStep(now, p);
    try (SecretBytes secret = factor.openSecret(encryptor)) {
      // The latest matching step wins; steps before the epoch do not exist.
      return OtpCodes.findMatch(secret, p.algorithm(), p.digits(), submitted,
          Math.max(0, current - window), current + window, current, false);
    }
  }

  @Override
  public String toString() {
    return "TotpVerifier[window=" + window + "]";
  }

  /** Configures a {@link TotpVerifier}. Not thread-safe. */
  public static final class Builder {
    private final KeyRing keys;
    private final OtpReplayStore store;
    private Clock clock = Clock.systemUTC();
    private SecurityEventListener events = SecurityEventListener.logging();
    private int window = 1;
    private int maxFailures = 5;
    private Duration lockout = Duration.ofMinutes(1);
    private Duration maxLockout = Duration.ofHours(24);

    private Builder(KeyRing keys, OtpReplayStore store) {
      this.keys = Objects.requireNonNull(keys, "keys");
      this.store = Objects.requireNonNull(store, "replayStore");
    }

    /**
     * Sets the clock (default: system UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets where events go (default: {@link SecurityEventListener#logging()}).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder eventListener(SecurityEventListener listener) {
      this.events = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets how many steps before and after the current one are accepted: 1 (default; RFC 6238's
     * recommendation, tolerating one step of clock skew or typing delay) or 0 (exact step only).
     * Wider windows are refused: they multiply the chance of a guessed code.
     *
     * @param steps 0 or 1
     * @return this builder
     * @throws IllegalArgumentException if {@code steps} is not 0 or 1
     */
    public Builder window(int steps) {
      if (steps != 0 && steps != 1) {
        throw new IllegalArgumentException("TOTP window must be 0 or 1 step, was " + steps);
      }
      this.window = steps;
      return this;
    }

    /**
     * Sets after how many consecutive failures the factor is locked (default 5).
     *
     * @param n 1 to 100
     * @return this builder
     * @throws IllegalArgumentException if {@code n} is out of range
     */
    public Builder maxConsecutiveFailures(int n) {
      this.maxFailures = OtpAttemptFlow.checkMaxFailures(n);
      return this;
    }

    /**
     * Sets how long the first lockout lasts (default 1 minute) and the cap for the doubling of
     * later consecutive lockouts (default 24 hours).
     *
     * @param first 1 second to 1 day
     * @param max at least {@code first}, at most 30 days
     * @return this builder
     * @throws IllegalArgumentException if a duration is out of range
     */
    public Builder lockout(Duration first, Duration max) {
      this.lockout = OtpAttemptFlow.checkLockout(first, max);
      this.maxLockout = max;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @return the thread-safe verifier
     */
    public TotpVerifier build() {
      return new TotpVerifier(this);
    }
  }
}
