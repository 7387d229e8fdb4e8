package io.waas.auth.throttle;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How hard {@link LoginThrottle} pushes back on failed logins: exponential back-off per account and per
 * client address, and an account lockout threshold.
 *
 * <p>For each key (an account, or a client address) the throttle counts consecutive failures. The first
 * {@code failuresBeforeDelay} failures are free; from then on, after {@code n} failures the next attempt
 * must wait {@code initialDelay × 2^(n − failuresBeforeDelay)}, capped at {@code maxDelay}. A counter that
 * saw no failure for {@code failureWindow} is forgotten. A successful login resets the account's counter.
 *
 * <p>An account whose counter reaches {@code lockoutThreshold} is locked: every attempt is refused until
 * an administrator calls {@link LoginThrottle#unlock} or, if a lockout duration is set, until that long
 * after the last failure. NIST SP 800-63B §5.2.2 requires such a limit of at most 100 consecutive failed
 * attempts; the builder refuses more. Client addresses are never locked, only delayed, because many users
 * share one address behind a NAT or proxy — which is also why their limits are separate and higher.
 *
 * <p><b>Lockout is a trade-off.</b> A permanent lockout ({@link Builder#lockoutUntilUnlocked()}) lets
 * anyone who knows an account name lock its owner out (denial of service) and costs help-desk time; a
 * timed lockout bounds that harm but gives an attacker {@code lockoutThreshold} more guesses after each
 * period. The {@linkplain #recommended() recommended} policy uses a timed lockout; the back-off alone
 * already limits an attacker to about 100 guesses a day per account.
 *
 * <p>Immutable and thread-safe.
 */
public final class ThrottlePolicy {
  /** The most consecutive failures before lockout that NIST SP 800-63B allows. */
  public static final int MAX_LOCKOUT_THRESHOLD = 100;

  private static final ThrottlePolicy RECOMMENDED = builder().build();

  /** Per-key counting parameters shared by the account and the address limits. */
  record Limits(
      int failuresBeforeDelay,
      Duration initialDelay,
      Duration maxDelay,
      Duration failureWindow,
      int lockoutThreshold,
      @Nullable Duration lockoutDuration) {

    /** Whether this key can be locked (accounts) rather than only delayed (addresses). */
    boolean locks() {
      return lockoutThreshold > 0;
    }

    /** The wait after {@code failures} consecutive failures, in milliseconds. */
    long delayMillis(int failures) {
      if (failures < failuresBeforeDelay) {
        return 0;
      }
      int doublings = failures - failuresBeforeDelay;
      long initial = initialDelay.toMillis();
      long max = maxDelay.toMillis();
      if (doublings >= 62 || initial > (max >> doublings)) {
        return max;
      }
      return Math.min(max, initial << doublings);
    }
  }

  private final Limits account;
  private final Limits address;

  private ThrottlePolicy(Limits account, Limits address) {
    this.account = account;
    this.address = address;
  }

  /**
   * Returns the recommended policy for interactive logins: per account, 3 free failures, then a delay
   * doubling from 1 second up to 15 minutes, lockout for 1 hour after 50 consecutive failures, counters
   * forgotten after 24 hours without failures; per client address, 100 free failures, then a delay
   * doubling from 1 second up to 1 minute, forgotten after 1 hour.
   *
   * @return the recommended policy
   */
  public static ThrottlePolicy recommended() {
    return RECOMMENDED;
  }

  /**
   * Returns a strict policy for high-value accounts (administrators, operators): per account, 3 free
   * failures, then a delay doubling from 1 second up to 30 minutes, and after 20 consecutive failures a
   * lockout that lasts until an administrator unlocks the account; client addresses as in {@link
   * #recommended()}. Beware the denial-of-service trade-off described on this class.
   *
   * @return the strict policy
   */
  public static ThrottlePolicy strict() {
    return builder().maxDelay(Duration.ofMinutes(30)).lockoutThreshold(20).lockoutUntilUnlocked().build();
  }

  /**
   * Starts a custom policy from the {@linkplain #recommended() recommended} values.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns how many consecutive failures of an account carry no delay.
   *
   * @return the count, at least 0
   */
  public int failuresBeforeDelay() {
    return account.failuresBeforeDelay();
  }

  /**
   * Returns an account's first delay, doubled after each further failure.
   *
   * @return the initial delay
   */
  public Duration initialDelay() {
    return account.initialDelay();
  }

  /**
   * Returns the longest delay imposed on an account.
   *
   * @return the cap
   */
  public Duration maxDelay() {
    return account.maxDelay();
  }

  /**
   * Returns how long after its last failure an account's counter is forgotten (unless it is locked).
   *
   * @return the window
   */
  public Duration failureWindow() {
    return account.failureWindow();
  }

  /**
   * Returns after how many consecutive failures an account is locked.
   *
   * @return the threshold, from 1 to {@value #MAX_LOCKOUT_THRESHOLD}
   */
  public int lockoutThreshold() {
    return account.lockoutThreshold();
  }

  /**
   * Returns how long a lockout lasts after the last failure, or empty if it lasts until {@link
   * LoginThrottle#unlock}.
   *
   * @return the lockout duration, if timed
   */
  public Optional<Duration> lockoutDuration() {
    return Optional.ofNullable(account.lockoutDuration());
  }

  /**
   * Returns how many consecutive failures from one client address carry no delay.
   *
   * @return the count
   */
  public int addressFailuresBeforeDelay() {
    return address.failuresBeforeDelay();
  }

  /**
   * Returns a client address's first delay.
   *
   * @return the initial delay
   */
  public Duration addressInitialDelay() {
    return address.initialDelay();
  }

  /**
   * Returns the longest delay imposed on a client address.
   *
   * @return the cap
   */
  public Duration addressMaxDelay() {
    return address.maxDelay();
  }

  /**
   * Returns how long after its last failure a client address's counter is forgotten.
   *
   * @return the window
   */
  public Duration addressFailureWindow() {
    return address.failureWindow();
  }

  Limits accountLimits() {
    return account;
  }

  Limits addressLimits() {
    return address;
  }

  @Override
  public String toString() {
    return "ThrottlePolicy{account=" + account + ", address=" + address + "}";
  }

  /** Builds a {@link ThrottlePolicy}; starts from the recommended values. Not thread-safe. */
  public static final class Builder {
    private int failuresBeforeDelay = 3;
    private Duration initialDelay = Duration.ofSeconds(1);
    private Duration maxDelay = Duration.ofMinutes(15);
    private Duration failureWindow = Duration.ofHours(24);
    private int lockoutThreshold = 50;
    private @Nullable Duration lockoutDuration = Duration.ofHours(1);
    private int addressFailuresBeforeDelay = 100;
    private Duration addressInitialDelay = Duration.ofSeconds(1);
    private Duration addressMaxDelay = Duration.ofMinutes(1);
    private Duration addressFailureWindow = Duration.ofHours(1);

    private Builder() {}

    /**
     * Sets how many consecutive failures of an account carry no delay.
     *
     * @param count from 0 to 99
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder failuresBeforeDelay(int count) {
      this.failuresBeforeDelay = range("failuresBeforeDelay", count, 0, MAX_LOCKOUT_THRESHOLD - 1);
      return this;
    }

    /**
     * Sets an account's first delay.
     *
     * @param delay from 1 millisecond to 3660 days
     * @return this builder
     * @throws IllegalArgumentException if shorter than 1 millisecond or longer than 3660 days
     */
    public Builder initialDelay(Duration delay) {
      this.initialDelay = positive("initialDelay", delay);
      return this;
    }

    /**
     * Sets the longest delay imposed on an account.
     *
     * @param delay at least the initial delay (checked by {@link #build()})
     * @return this builder
     * @throws IllegalArgumentException if shorter than 1 millisecond or longer than 3660 days
     */
    public Builder maxDelay(Duration delay) {
      this.maxDelay = positive("maxDelay", delay);
      return this;
    }

    /**
     * Sets how long after its last failure an account's counter is forgotten.
     *
     * @param window at least the maximum delay (checked by {@link #build()})
     * @return this builder
     * @throws IllegalArgumentException if shorter than 1 millisecond or longer than 3660 days
     */
    public Builder failureWindow(Duration window) {
      this.failureWindow = positive("failureWindow", window);
      return this;
    }

    /**
     * Sets after how many consecutive failures an account is locked.
     *
     * @param threshold from 1 to {@value #MAX_LOCKOUT_THRESHOLD} (NIST SP 800-63B)
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder lockoutThreshold(int threshold) {
      this.lockoutThreshold = range("lockoutThreshold", threshold, 1, MAX_LOCKOUT_THRESHOLD);
      return this;
    }

    /**
     * Makes a lockout end this long after the account's last failure.
     *
     * @param duration at least 1 millisecond
     * @return this builder
     * @throws IllegalArgumentException if shorter than 1 millisecond or longer than 3660 days
     */
    public Builder lockoutDuration(Duration duration) {
      this.lockoutDuration = positive("lockoutDuration", duration);
      return this;
    }

    /**
     * Makes a lockout last until {@link LoginThrottle#unlock} — see the denial-of-service trade-off on
     * {@link ThrottlePolicy}.
     *
     * @return this builder
     */
    public Builder lockoutUntilUnlocked() {
      this.lockoutDuration = null;
      return this;
    }

    /**
     * Sets how many consecutive failures from one client address carry no delay.
     *
     * @param count at least the account's {@code failuresBeforeDelay} (checked by {@link #build()}), at
     *     most 1,000,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder addressFailuresBeforeDelay(int count) {
      this.addressFailuresBeforeDelay = range("addressFailuresBeforeDelay", count, 0, 1_000_000);
      return this;
    }

    /**
     * Sets a client address's first delay.
     *
     * @param delay from 1 millisecond to 3660 days
     * @return this builder
     * @throws IllegalArgumentException if shorter than 1 millisecond or longer than 3660 days
     */
    public Builder addressInitialDelay(Duration delay) {
      this.addressInitialDelay = positive("addressInitialDelay", delay);
      return this;
    }

    /**
     * Sets the longest delay imposed on a client address.
     *
     * @param delay at least the address's initial delay (checked by {@link #build()})
     * @return this builder
     * @throws IllegalArgumentException if shorter than 1 millisecond or longer than 3660 days
     */
    public Builder addressMaxDelay(Duration delay) {
      this.addressMaxDelay = positive("addressMaxDelay", delay);
      return this;
    }

    /**
     * Sets how long after its last failure a client address's counter is forgotten.
     *
     * @param window at least the address's maximum delay (checked by {@link #build()})
     * @return this builder
     * @throws IllegalArgumentException if shorter than 1 millisecond or longer than 3660 days
     */
    public Builder addressFailureWindow(Duration window) {
      this.addressFailureWindow = positive("addressFailureWindow", window);
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the immutable policy
     * @throws IllegalArgumentException if a maximum delay is shorter than its initial delay, a failure
     *     window shorter than its maximum delay, the account's free failures not below the lockout
     *     threshold, or the address's free failures below the account's
     */
    public ThrottlePolicy build() {
      if (maxDelay.compareTo(initialDelay) < 0 || addressMaxDelay.compareTo(addressInitialDelay) < 0) {
        throw new IllegalArgumentException("a maximum delay must not be shorter than its initial delay");
      }
      if (failureWindow.compareTo(maxDelay) < 0 || addressFailureWindow.compareTo(addressMaxDelay) < 0) {
        throw new IllegalArgumentException("a failure window must not be shorter than its maximum delay");
      }
      if (failuresBeforeDelay >= lockoutThreshold) {
        throw new IllegalArgumentException("failuresBeforeDelay (" + failuresBeforeDelay
            + ") must be below lockoutThreshold (" + lockoutThreshold + ")");
      }
      if (addressFailuresBeforeDelay < failuresBeforeDelay) {
        throw new IllegalArgumentException("addressFailuresBeforeDelay (" + addressFailuresBeforeDelay
            + ") must not be below the account's failuresBeforeDelay (" + failuresBeforeDelay
            + "): many users share one address");
      }
      return new ThrottlePolicy(
          new Limits(failuresBeforeDelay, initialDelay, maxDelay, failureWindow, lockoutThreshold, lockoutDuration),
          new Limits(addressFailuresBeforeDelay, addressInitialDelay, addressMaxDelay, addressFailureWindow, 0, null));
    }

    private static int range(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", was " + value);
      }
      return value;
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(Duration.ofDays(3660)) > 0) {
        throw new IllegalArgumentException(name + " must be from 1 millisecond to 3660 days, was " + d);
      }
      return d;
    }
  }
}
