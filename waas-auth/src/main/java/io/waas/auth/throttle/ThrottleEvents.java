package io.waas.auth.throttle;

/**
 * Types of the {@link io.waas.core.SecurityEvent}s that login throttling emit. The subject is the
 * account id; attributes carry the client address key, counts and delays — never passwords.
 */
public final class ThrottleEvents {
  /**
   * An attempt was refused ({@code DENIED}); attribute {@code reason} is {@code account_backoff}, {@code
   * address_backoff} or {@code account_locked}, {@code clientAddress} the address key, {@code
   * retryAfterMillis} the wait if known.
   */
  public static final String THROTTLED = "auth.throttle.throttled";

  /**
   * An account reached the lockout threshold with a failed attempt ({@code DENIED}); attributes {@code
   * failures}, {@code clientAddress} and {@code lockoutMillis} (absent if locked until unlocked).
   */
  public static final String LOCKED_OUT = "auth.throttle.locked_out";

  /** An administrator unlocked a locked account ({@code SUCCESS}). */
  public static final String UNLOCKED = "auth.throttle.unlocked";

  /**
   * A successful login reset an account's failure counter ({@code SUCCESS}); attribute {@code
   * previousFailures}. Not emitted when there was nothing to reset.
   */
  public static final String RESET = "auth.throttle.reset";

  private ThrottleEvents() {}
}
