package io.waas.auth.mfa;

import io.waas.core.SecretBytes;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.DataEncryptor;
import io.waas.crypto.KeyRing;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Verifies HOTP codes (RFC 4226) of {@link HotpFactor}s, with counter resynchronisation, replay
 * protection and lockout.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Look-ahead: the codes of the next expected counter and up to {@link Builder#lookAhead(int)
 *       look-ahead} counters after it (default 3, at most 10) are accepted, which resynchronises a
 *       token whose button was pressed without logging in (RFC 4226 section 7.4).
 *   <li>The counter only moves forward: an accepted code's counter is stored with the replay
 *       store's atomic compare-and-set, so every code is accepted at most once, and all codes below
 *       it become invalid. Of concurrent submissions of one code exactly one is accepted.
 *   <li>Lockout, constant-time comparison and secret handling as in {@link TotpVerifier}.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class HotpVerifier {
  /** The largest look-ahead allowed. */
  public static final int MAX_LOOK_AHEAD = 10;

  private final DataEncryptor encryptor;
  private final OtpReplayStore store;
  private final OtpAttemptFlow flow;
  private final int lookAhead;

  private HotpVerifier(Builder b) {
    this.encryptor = b.keys.encryptor();
    this.store = b.store;
    this.lookAhead = b.lookAhead;
    this.flow = new OtpAttemptFlow(b.store, b.clock, b.events, b.maxFailures, b.lockout, b.maxLockout);
  }

  /**
   * Starts configuring a verifier.
   *
   * @param keys the key ring that sealed the factors' secrets
   * @param replayStore where the moving counters and failure counts are kept
   * @return a builder
   */
  public static Builder builder(KeyRing keys, OtpReplayStore replayStore) {
    return new Builder(keys, replayStore);
  }

  /**
   * Verifies a code.
   *
   * @param factor the factor, as stored
   * @param code the code the user typed; spaces are ignored
   * @return the verdict; {@link OtpVerification#matchedStep()} is the matched counter and {@link
   *     OtpVerification#drift()} how many counters were skipped
   * @throws GeneralSecurityException if the sealed secret cannot be decrypted
   * @throws OtpStoreException if the replay store cannot be reached
   */
  public OtpVerification verify(HotpFactor factor, CharSequence code) throws GeneralSecurityException {
    HotpParameters p = factor.parameters();
    return flow.run(OtpAttemptFlow.EventTypes.HOTP, factor.id(), factor.tenant(), factor.subject(), code,
        p.digits(), (submitted, now) -> match(factor, submitted));
  }

  private OtpAttemptFlow.@Nullable Match match(HotpFactor factor, byte[] submitted) throws GeneralSecurityException {
    HotpParameters p = factor.parameters();
    OptionalLong last = store.lastAccepted(factor.id());
    long next = last.isPresent() ? Math.max(last.getAsLong() + 1, factor.initialCounter()) : factor.initialCounter();
    try (SecretBytes secret = factor.openSecret(encryptor)) {
      // The lowest matching counter wins (the smallest resynchronisation); advance() refuses it
      // if another request got there first.
      return OtpCodes.findMatch(secret, p.algorithm(), p.digits(), submitted, next, next + lookAhead, next, true);
    }
  }

  @Override
  public String toString() {
    return "HotpVerifier[lookAhead=" + lookAhead + "]";
  }

  /** Configures an {@link HotpVerifier}. Not thread-safe. */
  public static final class Builder {
    private final KeyRing keys;
    private final OtpReplayStore store;
    private Clock clock = Clock.systemUTC();
    private SecurityEventListener events = SecurityEventListener.logging();
    private int lookAhead = 3;
    private int maxFailures = 5;
    private Duration lockout = Duration.ofMinutes(1);
    private Duration maxLockout = Duration.ofHours(24);

    private Builder(KeyRing keys, OtpReplayStore store) {
      this.keys = Objects.requireNonNull(keys, "keys");
      this.store = Objects.requireNonNull(store, "replayStore");
    }

    /**
     * Sets the clock used for lockouts (default: system UTC).
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
     * Sets how many counters past the expected one are tried (default 3). Every extra counter adds
     * one more code an attacker's guess can hit.
     *
     * @param counters 0 to {@value #MAX_LOOK_AHEAD}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder lookAhead(int counters) {
      if (counters < 0 || counters > MAX_LOOK_AHEAD) {
        throw new IllegalArgumentException("HOTP look-ahead must be 0 to " + MAX_LOOK_AHEAD + ", was " + counters);
      }
      this.lookAhead = counters;
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
     * Sets the first lockout's length (default 1 minute) and the cap of its doubling (default 24 h).
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
    public HotpVerifier build() {
      return new HotpVerifier(this);
    }
  }
}
