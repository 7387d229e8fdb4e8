package io.waas.auth.throttle;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One login attempt as admitted or refused by {@link LoginThrottle#begin}. If {@linkplain #isAllowed()
 * allowed}, check the password and report the outcome exactly once with {@link #succeeded()} or {@link
 * #failed()}. If refused, do not check the password; tell the user to retry later.
 *
 * <p>An allowed attempt is counted as a failure from the moment it is admitted; {@link #succeeded()}
 * takes that back. So an attempt that is never reported — the password check threw, the process died —
 * stays counted as a failure: the throttle fails closed.
 *
 * <p>Thread-safe; reporting is accepted once.
 */
public final class LoginAttempt {
  private final @Nullable LoginThrottle throttle;
  private final ThrottleStatus status;
  private final @Nullable Duration retryAfter;
  private final String account;
  private final ClientAddress address;
  private final int failures;
  private final ThrottleRules.@Nullable Reservation addressReservation;
  private final AtomicBoolean reported = new AtomicBoolean();

  LoginAttempt(
      @Nullable LoginThrottle throttle,
      ThrottleStatus status,
      @Nullable Duration retryAfter,
      String account,
      ClientAddress address,
      int failures,
      ThrottleRules.@Nullable Reservation addressReservation) {
    this.throttle = throttle;
    this.addressReservation = addressReservation;
    this.status = status;
    this.retryAfter = retryAfter;
    this.account = account;
    this.address = address;
    this.failures = failures;
  }

  /** The address reservation to give back on success; null for refused attempts. */
  ThrottleRules.@Nullable Reservation addressReservation() {
    return addressReservation;
  }

  /**
   * Returns whether the password may be checked.
   *
   * @return whether the status is {@link ThrottleStatus#ALLOWED}
   */
  public boolean isAllowed() {
    return status == ThrottleStatus.ALLOWED;
  }

  /**
   * Returns what the throttle decided.
   *
   * @return the status
   */
  public ThrottleStatus status() {
    return status;
  }

  /**
   * Returns how long to wait before the next attempt can be admitted: empty if allowed, or if the
   * account is locked until an administrator unlocks it.
   *
   * @return the wait, if known
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Returns the account the attempt is for.
   *
   * @return the account id
   */
  public String account() {
    return account;
  }

  /**
   * Returns the client address the attempt came from.
   *
   * @return the address
   */
  public ClientAddress clientAddress() {
    return address;
  }

  /**
   * Reports that the password was right: resets the account's failure counter (and lifts a lockout this
   * attempt's own reservation triggered) and gives back the attempt's count on the client address.
   *
   * @throws IllegalStateException if the attempt was not allowed or was already reported
   * @throws ThrottleStoreException if the store cannot be written; the attempt then stays counted as a
   *     failure
   */
  public void succeeded() throws ThrottleStoreException {
    claim().succeeded(this);
  }

  /**
   * Reports that the password was wrong. The failure was already counted when the attempt was admitted;
   * this emits the lockout event if this failure reached the threshold.
   *
   * @throws IllegalStateException if the attempt was not allowed or was already reported
   */
  public void failed() {
    claim().failed(this);
  }

  int failures() {
    return failures;
  }

  private LoginThrottle claim() {
    LoginThrottle t = throttle;
    if (t == null) {
      throw new IllegalStateException("login attempt was refused (" + status + "); there is nothing to report");
    }
    if (!reported.compareAndSet(false, true)) {
      throw new IllegalStateException("login attempt was already reported");
    }
    return t;
  }

  @Override
  public String toString() {
    return "LoginAttempt{status=" + status + ", account=" + account + ", clientAddress=" + address
        + (retryAfter == null ? "" : ", retryAfter=" + retryAfter) + "}";
  }
}
