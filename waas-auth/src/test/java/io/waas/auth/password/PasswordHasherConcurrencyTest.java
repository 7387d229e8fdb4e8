package io.waas.auth.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.auth.password.PasswordFixtures.RecordingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One hasher, many threads hashing, verifying right and wrong passwords, and unknown users. */
class PasswordHasherConcurrencyTest {
  @Test
  void oneHasher_manyThreads_everyResultIsCorrect() throws Exception {
    RecordingListener events = new RecordingListener();
    PasswordHasher hasher =
        PasswordFixtures.fastHasher(events).legacyAlgorithms(LegacyAlgorithm.PBKDF2_SHA256).build();
    String shared = hasher.hash("shared password".toCharArray());
    String legacy = LegacyPasswordTest.djangoHash("legacy password", "salt", 100);
    int threads = 16;
    int rounds = 10;
    AtomicInteger correct = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < rounds; i++) {
            char[] own = ("own " + id + "/" + i).toCharArray();
            String stored = hasher.hash(own);
            boolean ok = hasher.verify(own, stored).matches()
                && !hasher.verify(("other " + id + "/" + i).toCharArray(), stored).matches()
                && hasher.verify("shared password".toCharArray(), shared).matches()
                && !hasher.verify("shared password".toCharArray(), null).matches()
                && hasher.verify("legacy password".toCharArray(), legacy).upgradedHash().isPresent();
            if (ok) {
              correct.incrementAndGet();
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
    assertEquals(threads * rounds, correct.get());
    assertEquals((long) threads * rounds, events.count(PasswordEvents.UNKNOWN_USER));
    assertEquals((long) threads * rounds, events.count(PasswordEvents.UPGRADED));
    assertFalse(events.count(PasswordEvents.BUSY) > 0);
    assertTrue(PasswordFixtures.impl(hasher).engine().peakConcurrency() <= 4);
  }
}
