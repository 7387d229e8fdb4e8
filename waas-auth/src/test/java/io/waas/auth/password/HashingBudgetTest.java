package io.waas.auth.password;

import static io.waas.auth.password.PasswordFixtures.impl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.auth.password.PasswordFixtures.RecordingListener;
import io.waas.core.SecurityEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HashingBudgetTest {
  private static final Argon2Parameters TEST_PARAMS = Argon2Parameters.insecureForTests(4096, 1, 1);
  private final RecordingListener events = new RecordingListener();

  @Test
  void concurrentHashes_32ThreadsBudget2_peakNeverExceeds2() throws Exception {
    PasswordHasher hasher =
        PasswordHasher.builder()
            .parameters(TEST_PARAMS)
            .budget(HashingBudget.ofConcurrentHashes(2, Duration.ofMinutes(2)))
            .eventListener(events)
            .build();
    int completed = hammer(hasher, 32, 4);
    Argon2Engine engine = impl(hasher).engine();
    assertEquals(32 * 4, completed);
    assertEquals(32 * 4 * 2, engine.computations()); // one hash + one verify each
    assertTrue(engine.peakConcurrency() <= 2, "peak " + engine.peakConcurrency());
    assertTrue(engine.peakConcurrency() >= 1);
    assertEquals(0, events.count(PasswordEvents.BUSY));
  }

  @Test
  void memoryBudget_twoComputationsWorth_peakNeverExceeds2() throws Exception {
    PasswordHasher hasher =
        PasswordHasher.builder()
            .parameters(TEST_PARAMS)
            .budget(HashingBudget.ofMemory(2 * TEST_PARAMS.memoryBytes() + 1024, Duration.ofMinutes(2)))
            .eventListener(events)
            .build();
    hammer(hasher, 16, 3);
    assertTrue(impl(hasher).engine().peakConcurrency() <= 2, "peak " + impl(hasher).engine().peakConcurrency());
  }

  @Test
  void budgetFull_tinyMaxWait_throwsBusyAndEmitsEvent() throws Exception {
    HashingBudget budget = HashingBudget.ofConcurrentHashes(1, Duration.ofMillis(5));
    PasswordHasher hasher =
        PasswordHasher.builder().parameters(TEST_PARAMS).budget(budget).eventListener(events).build();
    String stored = hasher.hash("busy".toCharArray());
    try (HashingBudget.Permit held = budget.acquire(1)) {
      PasswordHashingBusyException e =
          assertThrows(PasswordHashingBusyException.class, () -> hasher.verify("busy".toCharArray(), stored));
      assertTrue(String.valueOf(e.getMessage()).contains("budget exhausted"), e.getMessage());
      assertThrows(PasswordHashingBusyException.class, () -> hasher.hash("busy".toCharArray()));
      assertThrows(PasswordHashingBusyException.class, () -> hasher.verify("busy".toCharArray(), null));
    }
    assertEquals(3, events.count(PasswordEvents.BUSY));
    SecurityEvent busy = events.events.stream().filter(ev -> ev.type().equals(PasswordEvents.BUSY)).findFirst().orElseThrow();
    assertEquals(SecurityEvent.Outcome.DENIED, busy.outcome());
    // room again: works
    assertTrue(hasher.verify("busy".toCharArray(), stored).matches());
  }

  @Test
  void manyThreadsTinyMaxWait_busyIsReportedNotOom() throws Exception {
    PasswordHasher hasher =
        PasswordHasher.builder()
            .parameters(Argon2Parameters.insecureForTests(16384, 2, 1))
            .budget(HashingBudget.ofConcurrentHashes(1, Duration.ZERO))
            .eventListener(events)
            .build();
    AtomicInteger busy = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 3; i++) {
            try {
              hasher.hash("many".toCharArray());
              ok.incrementAndGet();
            } catch (PasswordHashingBusyException e) {
              busy.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(48, ok.get() + busy.get());
    assertTrue(ok.get() >= 1);
    assertTrue(impl(hasher).engine().peakConcurrency() <= 1);
    assertEquals(busy.get(), events.count(PasswordEvents.BUSY));
  }

  @Test
  void permit_largerThanMemoryBudget_runsAlone() throws Exception {
    HashingBudget budget = HashingBudget.ofMemory(8L << 20, Duration.ofMillis(1));
    try (HashingBudget.Permit p = budget.acquire(1 << 20)) { // 1 GiB against 8 MiB: takes the whole budget
      assertThrows(PasswordHashingBusyException.class, () -> budget.acquire(1).close());
    }
    budget.acquire(1).close();
  }

  @Test
  void factories_refuseNonsense() {
    assertThrows(IllegalArgumentException.class, () -> HashingBudget.ofConcurrentHashes(0, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> HashingBudget.ofMemory(1000, Duration.ofSeconds(1)));
    assertThrows(IllegalArgumentException.class, () -> HashingBudget.ofConcurrentHashes(1, Duration.ofSeconds(-1)));
    assertTrue(HashingBudget.defaults().toString().contains("memory=256 MiB"), HashingBudget.defaults().toString());
  }

  /** Each of {@code threads} threads hashes and verifies {@code rounds} times; returns successes. */
  static int hammer(PasswordHasher hasher, int threads, int rounds) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger ok = new AtomicInteger();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < rounds; i++) {
            char[] pw = ("thread " + id + " round " + i).toCharArray();
            String stored = hasher.hash(pw);
            if (hasher.verify(pw, stored).matches()) {
              ok.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(5, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    return ok.get();
  }
}
