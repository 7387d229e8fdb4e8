package io.waas.auth.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.ManualClock;
import io.waas.core.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ThrottleStore} must show, and {@link LoginThrottle} on top of it; run against
 * each implementation by a subclass.
 */
abstract class ThrottleStoreContractTest {
  static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  static final int THREADS = 64;

  /** Small numbers so that the back-off sequence is easy to follow by hand. */
  static final ThrottlePolicy POLICY = ThrottlePolicy.builder()
      .failuresBeforeDelay(3)
      .initialDelay(Duration.ofSeconds(1))
      .maxDelay(Duration.ofSeconds(8))
      .failureWindow(Duration.ofHours(1))
      .lockoutThreshold(10)
      .lockoutUntilUnlocked()
      .addressFailuresBeforeDelay(100_000)
      .build();

  final ManualClock clock = ManualClock.at(START);
  final RecordingListener events = new RecordingListener();
  ThrottleStore store = new InMemoryThrottleStore();
  ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  abstract ThrottleStore newStore() throws Exception;

  @BeforeEach
  void setUpStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  LoginThrottle throttle(ThrottlePolicy policy) {
    return LoginThrottle.builder().store(store).policy(policy).clock(clock).eventListener(events).build();
  }

  static ClientAddress address(String literal) {
    try {
      return ClientAddress.parse(literal);
    } catch (MalformedClientAddressException e) {
      throw new AssertionError(e);
    }
  }

  // ---- the store SPI

  @Test
  void get_absentKey_returnsEmpty() throws Exception {
    assertTrue(store.get("nobody").isEmpty());
  }

  @Test
  void update_absentKey_seesEmptyAndStoresResult() throws Exception {
    ThrottleRecord r = new ThrottleRecord(2, START, START.plusSeconds(60));
    ThrottleRecord stored = store.update("k", old -> {
      assertTrue(old.isEmpty());
      return r;
    });
    assertEquals(r, stored);
    assertEquals(r, store.get("k"));
  }

  @Test
  void update_emptyResult_deletesKey() throws Exception {
    store.update("k", old -> new ThrottleRecord(1, START, null));
    store.update("k", old -> ThrottleRecord.empty());
    assertTrue(store.get("k").isEmpty());
    assertEquals(0, store.purgeExpired(START.plus(Duration.ofDays(36500))));
  }

  @Test
  void update_nullExpiry_roundTrips() throws Exception {
    store.update("k", old -> new ThrottleRecord(7, START, null));
    assertNull(store.get("k").expiresAt());
    assertEquals(7, store.get("k").failures());
  }

  @Test
  void purgeExpired_deletesOnlyExpiredRecords() throws Exception {
    store.update("old", old -> new ThrottleRecord(1, START, START.plusSeconds(10)));
    store.update("edge", old -> new ThrottleRecord(1, START, START.plusSeconds(20)));
    store.update("young", old -> new ThrottleRecord(1, START, START.plusSeconds(30)));
    store.update("locked", old -> new ThrottleRecord(50, START, null));
    assertEquals(2, store.purgeExpired(START.plusSeconds(20)));
    assertTrue(store.get("old").isEmpty());
    assertTrue(store.get("edge").isEmpty());
    assertEquals(1, store.get("young").failures());
    assertEquals(50, store.get("locked").failures());
  }

  @Test
  void update_keyTooLong_throws() {
    String key = "k".repeat(ThrottleStore.MAX_KEY_LENGTH + 1);
    assertThrows(IllegalArgumentException.class, () -> store.update(key, r -> r));
  }

  @Test
  void update_concurrentIncrements_loseNoUpdate() throws Exception {
    int perThread = 10;
    run(THREADS, () -> {
      for (int i = 0; i < perThread; i++) {
        store.update("counter", r -> new ThrottleRecord(r.failures() + 1, START, null));
      }
      return null;
    });
    assertEquals(THREADS * perThread, store.get("counter").failures());
  }

  // ---- LoginThrottle on this store

  @Test
  void begin_freshAccount_isAllowed() throws Exception {
    LoginAttempt a = throttle(POLICY).begin("alice", address("192.0.2.1"));
    assertTrue(a.isAllowed());
    assertEquals(ThrottleStatus.ALLOWED, a.status());
    assertEquals(Optional.empty(), a.retryAfter());
  }

  @Test
  void failures_backOffDoublesFromInitialDelayUpToCap() throws Exception {
    LoginThrottle t = throttle(POLICY);
    ClientAddress ip = address("192.0.2.1");
    for (int i = 0; i < 3; i++) {
      LoginAttempt a = t.begin("alice", ip);
      assertTrue(a.isAllowed(), "free failure " + i);
      a.failed();
    }
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      LoginAttempt refused = t.begin("alice", ip);
      assertEquals(ThrottleStatus.ACCOUNT_THROTTLED, refused.status());
      Duration wait = refused.retryAfter().orElseThrow();
      waits.add(wait);
      clock.advance(wait);
      LoginAttempt a = t.begin("alice", ip);
      assertTrue(a.isAllowed(), "after waiting " + wait);
      a.failed();
    }
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(8), Duration.ofSeconds(8)), waits);
  }

  @Test
  void throttled_justBeforeDelayEnds_refusedThenAllowed() throws Exception {
    LoginThrottle t = throttle(POLICY);
    ClientAddress ip = address("192.0.2.1");
    for (int i = 0; i < 3; i++) {
      t.begin("alice", ip).failed();
    }
    clock.advance(Duration.ofMillis(999));
    LoginAttempt early = t.begin("alice", ip);
    assertEquals(ThrottleStatus.ACCOUNT_THROTTLED, early.status());
    assertEquals(Optional.of(Duration.ofMillis(1)), early.retryAfter());
    clock.advance(Duration.ofMillis(1));
    assertTrue(t.begin("alice", ip).isAllowed());
  }

  @Test
  void succeeded_resetsAccountCounter() throws Exception {
    LoginThrottle t = throttle(POLICY);
    ClientAddress ip = address("192.0.2.1");
    for (int i = 0; i < 3; i++) {
      t.begin("alice", ip).failed();
    }
    clock.advance(Duration.ofSeconds(1));
    t.begin("alice", ip).succeeded();
    assertEquals(0, t.failureCount("alice"));
    for (int i = 0; i < 3; i++) {
      assertTrue(t.begin("alice", ip).isAllowed(), "free attempts again after success");
    }
    SecurityEvent reset = events.ofType(ThrottleEvents.RESET).get(0);
    assertEquals("alice", reset.subject());
    assertEquals("3", reset.attributes().get("previousFailures"));
  }

  @Test
  void succeeded_givesBackOnlyItsOwnAddressCount() throws Exception {
    LoginThrottle t = throttle(POLICY);
    ClientAddress ip = address("192.0.2.1");
    t.begin("alice", ip).failed();
    t.begin("bob", ip).failed();
    t.begin("carol", ip).succeeded();
    assertEquals(2, store.get(ip.key()).failures());
  }

  @Test
  void unreportedAttempt_countsAsFailure() throws Exception {
    LoginThrottle t = throttle(POLICY);
    t.begin("alice", address("192.0.2.1"));
    assertEquals(1, t.failureCount("alice"));
  }

  @Test
  void reportTwice_throws() throws Exception {
    LoginAttempt a = throttle(POLICY).begin("alice", address("192.0.2.1"));
    a.failed();
    assertThrows(IllegalStateException.class, a::succeeded);
    assertThrows(IllegalStateException.class, a::failed);
  }

  @Test
  void reportRefusedAttempt_throws() throws Exception {
    LoginThrottle t = throttle(POLICY);
    ClientAddress ip = address("192.0.2.1");
    for (int i = 0; i < 3; i++) {
      t.begin("alice", ip).failed();
    }
    LoginAttempt refused = t.begin("alice", ip);
    assertFalse(refused.isAllowed());
    assertThrows(IllegalStateException.class, refused::succeeded);
  }

  @Test
  void lockout_atThreshold_locksUntilUnlocked() throws Exception {
    LoginThrottle t = throttle(POLICY);
    ClientAddress ip = address("192.0.2.1");
    int admitted = failUntilRefusedRepeatedly(t, "alice", ip);
    assertEquals(POLICY.lockoutThreshold(), admitted);
    assertTrue(t.isLocked("alice"));
    LoginAttempt a = t.begin("alice", ip);
    assertEquals(ThrottleStatus.ACCOUNT_LOCKED, a.status());
    assertEquals(Optional.empty(), a.retryAfter(), "locked until unlocked: no retry time");
    clock.advance(Duration.ofDays(30));
    assertEquals(ThrottleStatus.ACCOUNT_LOCKED, t.begin("alice", ip).status(), "permanent lockout survives time");
    assertEquals(1, events.ofType(ThrottleEvents.LOCKED_OUT).size());

    assertTrue(t.unlock("alice"));
    assertFalse(t.isLocked("alice"));
    assertTrue(t.begin("alice", ip).isAllowed());
    assertEquals("alice", events.ofType(ThrottleEvents.UNLOCKED).get(0).subject());
    assertFalse(t.unlock("alice"), "not locked any more");
  }

  @Test
  void recommendedPolicy_locksAfterFiftyFailuresForOneHour() throws Exception {
    LoginThrottle t = throttle(ThrottlePolicy.recommended());
    ClientAddress ip = address("192.0.2.1");
    Instant begin = clock.instant();
    assertEquals(50, failUntilRefusedRepeatedly(t, "alice", ip));
    Duration elapsed = Duration.between(begin, clock.instant());
    // 3 free, then 1 s doubling to 512 s (1023 s in all), then 37 waits at the 15-minute cap.
    assertEquals(Duration.ofSeconds(1023 + 37 * 900), elapsed);
    LoginAttempt locked = t.begin("alice", ip);
    assertEquals(Optional.of(Duration.ofHours(1)), locked.retryAfter());
  }

  @Test
  void lockout_timed_endsAfterDuration() throws Exception {
    ThrottlePolicy timed = ThrottlePolicy.builder()
        .failuresBeforeDelay(3).initialDelay(Duration.ofSeconds(1)).maxDelay(Duration.ofSeconds(8))
        .failureWindow(Duration.ofHours(1)).lockoutThreshold(10).lockoutDuration(Duration.ofMinutes(30))
        .build();
    LoginThrottle t = throttle(timed);
    ClientAddress ip = address("192.0.2.1");
    failUntilRefusedRepeatedly(t, "alice", ip);
    LoginAttempt locked = t.begin("alice", ip);
    assertEquals(ThrottleStatus.ACCOUNT_LOCKED, locked.status());
    Duration left = locked.retryAfter().orElseThrow();
    assertTrue(left.compareTo(Duration.ofMinutes(30)) <= 0 && !left.isNegative(), left.toString());
    clock.advance(left.minusMillis(1));
    assertEquals(ThrottleStatus.ACCOUNT_LOCKED, t.begin("alice", ip).status());
    clock.advance(Duration.ofMillis(1));
    assertTrue(t.begin("alice", ip).isAllowed());
  }

  @Test
  void clientAddress_isDelayedButNeverLocked() throws Exception {
    ThrottlePolicy p = ThrottlePolicy.builder()
        .failuresBeforeDelay(3).lockoutThreshold(10)
        .addressFailuresBeforeDelay(5).addressInitialDelay(Duration.ofSeconds(1))
        .addressMaxDelay(Duration.ofSeconds(4)).addressFailureWindow(Duration.ofHours(1))
        .build();
    LoginThrottle t = throttle(p);
    ClientAddress ip = address("198.51.100.7");
    for (int i = 0; i < 5; i++) {
      assertTrue(t.begin("user" + i, ip).isAllowed());
    }
    LoginAttempt refused = t.begin("fresh-user", ip);
    assertEquals(ThrottleStatus.ADDRESS_THROTTLED, refused.status());
    assertEquals(Optional.of(Duration.ofSeconds(1)), refused.retryAfter());
    assertEquals(0, t.failureCount("fresh-user"), "a refused attempt is not counted against the account");
    // Far more failures than the account threshold: the address stays delayed, never locked.
    int admitted = 0;
    for (int i = 0; i < 40; i++) {
      clock.advance(Duration.ofSeconds(4));
      LoginAttempt a = t.begin("spray" + i, ip);
      assertTrue(a.isAllowed(), "the capped delay has passed");
      a.failed();
      admitted++;
    }
    assertEquals(40, admitted);
    assertTrue(t.begin("another", address("198.51.100.8")).isAllowed(), "other addresses unaffected");
  }

  @Test
  void ipv6_sameSlash64_sharesOneCounter() throws Exception {
    ThrottlePolicy p = ThrottlePolicy.builder().addressFailuresBeforeDelay(3).failuresBeforeDelay(3).build();
    LoginThrottle t = throttle(p);
    t.begin("a", address("2001:db8:0:1::1")).failed();
    t.begin("b", address("2001:db8:0:1:ffff:ffff:ffff:ffff")).failed();
    t.begin("c", address("[2001:DB8:0:1:1234::9]")).failed();
    assertEquals(ThrottleStatus.ADDRESS_THROTTLED, t.begin("d", address("2001:db8:0:1::42")).status());
    assertTrue(t.begin("d", address("2001:db8:0:2::1")).isAllowed(), "the next /64 is another client");
  }

  @Test
  void sharedAddress_successfulLoginsDoNotRestartItsBackOffOrWindow() throws Exception {
    ThrottlePolicy p = ThrottlePolicy.builder()
        .failuresBeforeDelay(2)
        .addressFailuresBeforeDelay(2)
        .addressInitialDelay(Duration.ofSeconds(10))
        .addressMaxDelay(Duration.ofSeconds(10))
        .addressFailureWindow(Duration.ofMinutes(5))
        .build();
    LoginThrottle t = throttle(p);
    ClientAddress nat = address("203.0.113.9");
    t.begin("x", nat).failed();
    t.begin("y", nat).failed();
    assertEquals(ThrottleStatus.ADDRESS_THROTTLED, t.begin("z", nat).status());
    // Every 10 s someone behind the NAT signs in successfully: each success gives its reservation
    // back, including the time, so the address is never delayed again by those logins.
    for (int i = 0; i < 6; i++) {
      clock.advance(Duration.ofSeconds(10));
      LoginAttempt ok = t.begin("user" + i, nat);
      assertTrue(ok.isAllowed(), "login " + i);
      ok.succeeded();
      LoginAttempt next = t.begin("other" + i, nat);
      assertTrue(next.isAllowed(), "the next login right after " + i + " is not delayed");
      next.succeeded();
    }
    // The two failures are forgotten 5 minutes after they happened, despite the steady logins.
    clock.set(START.plus(Duration.ofMinutes(5)));
    t.begin("q", nat).failed();
    t.begin("r", nat).failed();
    assertEquals(ThrottleStatus.ADDRESS_THROTTLED, t.begin("s", nat).status(), "two new failures delay again");
  }

  @Test
  void failures_forgottenAfterWindow() throws Exception {
    LoginThrottle t = throttle(POLICY);
    ClientAddress ip = address("192.0.2.1");
    for (int i = 0; i < 3; i++) {
      t.begin("alice", ip).failed();
    }
    clock.advance(Duration.ofHours(1).minusMillis(1));
    assertEquals(3, t.failureCount("alice"));
    clock.advance(Duration.ofMillis(1));
    assertEquals(0, t.failureCount("alice"));
    assertEquals(2, t.purgeExpired(), "account and address records expired");
  }

  @Test
  void refusal_emitsThrottledEventWithReasonAddressAndWait() throws Exception {
    LoginThrottle t = throttle(POLICY);
    ClientAddress ip = address("192.0.2.1");
    for (int i = 0; i < 4; i++) {
      LoginAttempt a = t.begin("alice", ip);
      if (a.isAllowed()) {
        a.failed();
      }
    }
    SecurityEvent e = events.ofType(ThrottleEvents.THROTTLED).get(0);
    assertEquals(SecurityEvent.Outcome.DENIED, e.outcome());
    assertEquals("alice", e.subject());
    assertEquals("account_backoff", e.attributes().get("reason"));
    assertEquals("ip4:192.0.2.1", e.attributes().get("clientAddress"));
    assertEquals("1000", e.attributes().get("retryAfterMillis"));
  }

  // ---- concurrency

  @Test
  void concurrentWrongPasswords_admitExactlyWhatPolicyPermits() throws Exception {
    LoginThrottle t = throttle(POLICY);
    ClientAddress ip = address("192.0.2.1");
    // {advance the clock by this many seconds, then expect this many admitted password checks}
    long[][] steps = {
      {0, 3}, // three free failures
      {1, 1}, // 1 s after the third: one attempt; next wait 2 s
      {1, 0},
      {1, 1}, // t=3; next wait 4 s
      {3, 0},
      {1, 1}, // t=7; next wait 8 s
      {8, 1}, // t=15; delay capped at 8 s
      {7, 0},
      {1, 1}, // t=23
      {8, 1}, // t=31
      {8, 1}, // t=39: tenth failure reaches the threshold
      {8, 0}, // locked
    };
    int total = 0;
    for (long[] step : steps) {
      clock.advance(Duration.ofSeconds(step[0]));
      int admitted = hammer(t, "victim", ip, 2);
      assertEquals(step[1], admitted, "at t=" + Duration.between(START, clock.instant()));
      total += admitted;
    }
    assertEquals(POLICY.lockoutThreshold(), total);
    assertEquals(POLICY.lockoutThreshold(), t.failureCount("victim"));
    assertEquals(total, store.get(ip.key()).failures(), "address counts exactly the admitted attempts");
    assertTrue(t.isLocked("victim"));
    assertEquals(1, events.ofType(ThrottleEvents.LOCKED_OUT).size());
  }

  @Test
  void concurrentAttemptsOnManyAccounts_countExactlyOnSharedAddress() throws Exception {
    LoginThrottle t = throttle(POLICY);
    ClientAddress ip = address("2001:db8::7");
    int perThread = 3;
    AtomicInteger ids = new AtomicInteger();
    List<LoginAttempt> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
    run(THREADS, () -> {
      int me = ids.getAndIncrement();
      for (int i = 0; i < perThread; i++) {
        LoginAttempt a = t.begin("user-" + me + "-" + i, ip);
        assertTrue(a.isAllowed());
        attempts.add(a);
      }
      return null;
    });
    assertEquals(THREADS * perThread, store.get(ip.key()).failures());
    List<Callable<Void>> reports = new ArrayList<>();
    for (LoginAttempt a : attempts) {
      reports.add(() -> {
        a.succeeded();
        return null;
      });
    }
    for (Future<Void> f : pool.invokeAll(reports)) {
      f.get();
    }
    assertTrue(store.get(ip.key()).isEmpty(), "every success gave back exactly its own count");
  }

  /** Has every thread try {@code perThread} wrong passwords at once; returns how many were admitted. */
  int hammer(LoginThrottle t, String account, ClientAddress ip, int perThread) throws Exception {
    AtomicInteger admitted = new AtomicInteger();
    run(THREADS, () -> {
      for (int i = 0; i < perThread; i++) {
        LoginAttempt a = t.begin(account, ip);
        if (a.isAllowed()) {
          admitted.incrementAndGet();
          a.failed();
        }
      }
      return null;
    });
    return admitted.get();
  }

  void run(int threads, Callable<Void> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Void>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(pool.submit(() -> {
        start.await();
        return task.call();
      }));
    }
    start.countDown();
    for (Future<Void> f : futures) {
      f.get(120, TimeUnit.SECONDS);
    }
  }

  /** Fails attempts on {@code account}, waiting out each delay, until it is locked; returns the count. */
  int failUntilRefusedRepeatedly(LoginThrottle t, String account, ClientAddress ip) throws Exception {
    int admitted = 0;
    for (int i = 0; i < 200; i++) {
      LoginAttempt a = t.begin(account, ip);
      if (a.isAllowed()) {
        admitted++;
        a.failed();
      } else if (a.status() == ThrottleStatus.ACCOUNT_LOCKED) {
        return admitted;
      } else {
        clock.advance(a.retryAfter().orElseThrow());
      }
    }
    throw new AssertionError("never locked");
  }
}
