package io.waas.auth.throttle;

import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.core.SecurityEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Brute-force protection for password logins: per-account and per-client-address failure counters with
 * exponential back-off, and account lockout, as set by a {@link ThrottlePolicy}.
 *
 * <pre>{@code
 * LoginThrottle throttle = LoginThrottle.builder()
 *     .store(new JdbcThrottleStore(dataSource))
 *     .policy(ThrottlePolicy.recommended())
 *     .build();
 *
 * LoginAttempt attempt = throttle.begin(username, ClientAddress.parse(request.getRemoteAddr()));
 * if (!attempt.isAllowed()) {
 *   return tooManyAttempts(attempt.retryAfter());   // same response for every refusal
 * }
 * if (passwordMatches) {
 *   attempt.succeeded();
 * } else {
 *   attempt.failed();
 * }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Admission is atomic in the store: {@link #begin} checks lockout and back-off and reserves the
 *       attempt in one atomic update of the key's record. However many attempts race — threads of one
 *       process or instances sharing a {@link JdbcThrottleStore} — no more password checks are admitted
 *       than the policy permits, and no failure is lost.
 *   <li>An admitted attempt counts as a failure until reported as a success, so crashes and unreported
 *       attempts fail closed.
 *   <li>Client addresses are counted per IPv4 address and per IPv6 /64 and are only ever delayed, never
 *       locked; accounts are delayed and locked after at most 100 consecutive failures.
 *   <li>Events name the account and the client address; no password ever reaches the throttle.
 * </ul>
 *
 * <p>Limits: throttle every attempt for the name the user typed, whether or not the account exists, or
 * response differences reveal which accounts exist. Account ids are compared exactly; pass the canonical
 * form (and qualify them by tenant if names repeat across tenants). A successful login does not reset
 * the address counter (only gives back its own attempt), so an attacker cannot clear their address's
 * record by logging into an account of their own.
 *
 * <p>Thread-safe.
 */
public final class LoginThrottle {
  /** The longest account id accepted. */
  public static final int MAX_ACCOUNT_LENGTH = 256;

  private final ThrottleStore store;
  private final ThrottlePolicy policy;
  private final Clock clock;
  private final SecurityEventListener events;

  private LoginThrottle(Builder b) {
    this.store = b.store == null ? new InMemoryThrottleStore() : b.store;
    this.policy = b.policy;
    this.clock = b.clock;
    this.events = b.events;
  }

  /**
   * Starts building a throttle; defaults: an {@link InMemoryThrottleStore}, the {@linkplain
   * ThrottlePolicy#recommended() recommended} policy, the UTC system clock, the {@linkplain
   * SecurityEventListener#logging() logging} listener.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Asks whether a login attempt may check a password, and if so reserves it.
   *
   * @param account the account id the user typed (exists or not), 1 to {@value #MAX_ACCOUNT_LENGTH}
   *     characters
   * @param clientAddress where the attempt came from
   * @return the attempt: allowed, or refused with the reason and how long to wait
   * @throws IllegalArgumentException if {@code account} is empty or too long
   * @throws ThrottleStoreException if the store cannot be read or written (fail closed: refuse the login)
   */
  public LoginAttempt begin(String account, ClientAddress clientAddress) throws ThrottleStoreException {
    checkAccount(account);
    Objects.requireNonNull(clientAddress, "clientAddress");
    Instant now = now();
    String addressKey = addressKey(clientAddress);
    ThrottleRules.Decision addr = acquire(addressKey, policy.addressLimits(), now);
    if (addr.kind() != ThrottleRules.Kind.ADMITTED) {
      return refuse(ThrottleStatus.ADDRESS_THROTTLED, addr, account, clientAddress);
    }
    ThrottleRules.Decision acct;
    try {
      acct = acquire(accountKey(account), policy.accountLimits(), now);
    } catch (ThrottleStoreException | RuntimeException e) {
      releaseAddressQuietly(addressKey, now, addr.reservation(), e);
      throw e;
    }
    if (acct.kind() != ThrottleRules.Kind.ADMITTED) {
      store.update(addressKey, r -> ThrottleRules.release(r, policy.addressLimits(), now, addr.reservation()));
      ThrottleStatus status = acct.kind() == ThrottleRules.Kind.LOCKED
          ? ThrottleStatus.ACCOUNT_LOCKED
          : ThrottleStatus.ACCOUNT_THROTTLED;
      return refuse(status, acct, account, clientAddress);
    }
    return new LoginAttempt(
        this, ThrottleStatus.ALLOWED, null, account, clientAddress, acct.failures(), addr.reservation());
  }

  /**
   * Lifts an account's lockout and clears its failure counter (an administrator's action, after
   * verifying the account holder some other way).
   *
   * @param account the account id
   * @return whether the account was locked
   * @throws IllegalArgumentException if {@code account} is empty or too long
   * @throws ThrottleStoreException if the store cannot be written
   */
  public boolean unlock(String account) throws ThrottleStoreException {
    checkAccount(account);
    Instant now = now();
    AtomicBoolean wasLocked = new AtomicBoolean();
    store.update(accountKey(account), r -> {
      wasLocked.set(ThrottleRules.isLocked(r, policy.accountLimits(), now));
      return ThrottleRecord.empty();
    });
    if (wasLocked.get()) {
      emit(SecurityEvent.builder(ThrottleEvents.UNLOCKED, SecurityEvent.Outcome.SUCCESS).subject(account));
    }
    return wasLocked.get();
  }

  /**
   * Returns whether an account is locked now.
   *
   * @param account the account id
   * @return whether locked
   * @throws IllegalArgumentException if {@code account} is empty or too long
   * @throws ThrottleStoreException if the store cannot be read
   */
  public boolean isLocked(String account) throws ThrottleStoreException {
    checkAccount(account);
    return ThrottleRules.isLocked(store.get(accountKey(account)), policy.accountLimits(), now());
  }

  /**
   * Returns how many consecutive failures currently count against an account (forgotten ones excluded;
   * attempts admitted and not yet reported included).
   *
   * @param account the account id
   * @return the count
   * @throws IllegalArgumentException if {@code account} is empty or too long
   * @throws ThrottleStoreException if the store cannot be read
   */
  public int failureCount(String account) throws ThrottleStoreException {
    checkAccount(account);
    return ThrottleRules.current(store.get(accountKey(account)), policy.accountLimits(), now());
  }

  /**
   * Deletes expired records from the store; run it periodically.
   *
   * @return how many records were deleted
   * @throws ThrottleStoreException if the store cannot be written
   */
  public int purgeExpired() throws ThrottleStoreException {
    return store.purgeExpired(now());
  }

  /**
   * Returns the policy.
   *
   * @return the policy
   */
  public ThrottlePolicy policy() {
    return policy;
  }

  // ---- called by LoginAttempt

  void succeeded(LoginAttempt attempt) throws ThrottleStoreException {
    Instant now = now();
    store.update(accountKey(attempt.account()), r -> ThrottleRecord.empty());
    ThrottleRules.Reservation reservation = Objects.requireNonNull(attempt.addressReservation());
    store.update(addressKey(attempt.clientAddress()),
        r -> ThrottleRules.release(r, policy.addressLimits(), now, reservation));
    if (attempt.failures() > 1) {
      emit(SecurityEvent.builder(ThrottleEvents.RESET, SecurityEvent.Outcome.SUCCESS)
          .subject(attempt.account())
          .attribute("previousFailures", Integer.toString(attempt.failures() - 1))
          .attribute("clientAddress", attempt.clientAddress().key()));
    }
  }

  void failed(LoginAttempt attempt) {
    if (attempt.failures() == policy.lockoutThreshold()) {
      SecurityEvent.Builder e = SecurityEvent.builder(ThrottleEvents.LOCKED_OUT, SecurityEvent.Outcome.DENIED)
          .subject(attempt.account())
          .attribute("failures", Integer.toString(attempt.failures()))
          .attribute("clientAddress", attempt.clientAddress().key());
      policy.lockoutDuration().ifPresent(d -> e.attribute("lockoutMillis", Long.toString(d.toMillis())));
      emit(e);
    }
  }

  // ---- internals

  private ThrottleRules.Decision acquire(String key, ThrottlePolicy.Limits limits, Instant now)
      throws ThrottleStoreException {
    // The transition may run more than once (a JDBC retry); the last run's decision is the stored one.
    AtomicReference<ThrottleRules.@Nullable Decision> decision = new AtomicReference<>();
    store.update(key, r -> {
      ThrottleRules.Decision d = ThrottleRules.acquire(r, limits, now);
      decision.set(d);
      return d.next();
    });
    return Objects.requireNonNull(decision.get(), "store did not apply the transition");
  }

  private void releaseAddressQuietly(
      String addressKey, Instant now, ThrottleRules.Reservation reservation, Exception cause) {
    try {
      store.update(addressKey, r -> ThrottleRules.release(r, policy.addressLimits(), now, reservation));
    } catch (ThrottleStoreException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private LoginAttempt refuse(
      ThrottleStatus status, ThrottleRules.Decision d, String account, ClientAddress address) {
    String reason = switch (status) {
      case ACCOUNT_LOCKED -> "account_locked";
      case ADDRESS_THROTTLED -> "address_backoff";
      default -> "account_backoff";
    };
    SecurityEvent.Builder e = SecurityEvent.builder(ThrottleEvents.THROTTLED, SecurityEvent.Outcome.DENIED)
        .subject(account)
        .attribute("reason", reason)
        .attribute("clientAddress", address.key())
        .attribute("failures", Integer.toString(d.failures()));
    Duration retry = d.retryAfter();
    if (retry != null) {
      e.attribute("retryAfterMillis", Long.toString(retry.toMillis()));
    }
    emit(e);
    return new LoginAttempt(null, status, retry, account, address, d.failures(), null);
  }

  private void emit(SecurityEvent.Builder e) {
    SecurityEvents.deliver(events, e.timestamp(clock.instant()).build());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private static String accountKey(String account) {
    return "acct:" + account;
  }

  private static String addressKey(ClientAddress address) {
    return address.key();
  }

  private static void checkAccount(String account) {
    Objects.requireNonNull(account, "account");
    if (account.isEmpty() || account.length() > MAX_ACCOUNT_LENGTH) {
      throw new IllegalArgumentException("account id must be 1 to " + MAX_ACCOUNT_LENGTH + " characters");
    }
  }

  /** Builds a {@link LoginThrottle}. Not thread-safe. */
  public static final class Builder {
    private @Nullable ThrottleStore store;
    private ThrottlePolicy policy = ThrottlePolicy.recommended();
    private Clock clock = Clock.systemUTC();
    private SecurityEventListener events = SecurityEventListener.logging();

    private Builder() {}

    /**
     * Sets where counters live (default: a new {@link InMemoryThrottleStore}, right only for a single
     * instance).
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(ThrottleStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the policy (default: {@link ThrottlePolicy#recommended()}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(ThrottlePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the clock (default: UTC system clock). Instances sharing a store need clocks in sync.
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
     * Builds the throttle.
     *
     * @return the thread-safe throttle
     */
    public LoginThrottle build() {
      return new LoginThrottle(this);
    }
  }
}
