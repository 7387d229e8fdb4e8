package io.waas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualClockTest {
  @Test
  void advanceAndSet_moveTheClock() {
    ManualClock c = ManualClock.at(Instant.EPOCH);
    assertEquals(Instant.EPOCH.plusSeconds(30), c.advance(Duration.ofSeconds(30)));
    assertEquals(Instant.EPOCH.plusSeconds(30), c.instant());
    c.set(Instant.parse("2030-01-01T00:00:00Z"));
    assertEquals(Instant.parse("2030-01-01T00:00:00Z"), c.instant());
  }

  @Test
  void withZone_sharesTheInstant() {
    ManualClock c = ManualClock.at(Instant.EPOCH);
    java.time.Clock paris = c.withZone(ZoneId.of("Europe/Paris"));
    c.advance(Duration.ofHours(1));
    assertEquals(c.instant(), paris.instant());
    assertEquals(ZoneId.of("Europe/Paris"), paris.getZone());
  }

  @Test
  void concurrentAdvances_areNotLost() throws Exception {
    ManualClock c = ManualClock.at(Instant.EPOCH);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      pool.execute(() -> {
        for (int i = 0; i < 10_000; i++) {
          c.advance(Duration.ofMillis(1));
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(60, TimeUnit.SECONDS);
    assertEquals(Instant.EPOCH.plusMillis(80_000), c.instant());
  }
}
