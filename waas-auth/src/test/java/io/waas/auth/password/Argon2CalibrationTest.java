package io.waas.auth.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search, with a deterministic model of hashing time instead of a clock. */
class Argon2CalibrationTest {
  /** 1 µs per KiB-pass: 19456 KiB × 2 = 38.9 ms. */
  private static long model(Argon2Parameters p) {
    return 1_000L * p.memoryKiB() * p.iterations();
  }

  @Test
  void calibrate_growsMemoryThenIterationsWithinTarget() {
    Argon2Calibration c = Argon2Calibration.calibrate(Duration.ofMillis(250), 64L << 20, Argon2CalibrationTest::model);
    // 19456 → 38912 → 65536 (the cap) at t=2 = 131 ms; t=3 = 197 ms; t=4 = 262 ms > 250 ms
    assertEquals(Argon2Parameters.of(65536, 3, 1), c.parameters());
    assertEquals(Duration.ofNanos(1_000L * 65536 * 3), c.measuredTime());
    assertTrue(c.meetsTarget());
  }

  @Test
  void calibrate_memoryCapIsNeverExceeded() {
    List<Argon2Parameters> tried = new ArrayList<>();
    Argon2Calibration c =
        Argon2Calibration.calibrate(Duration.ofSeconds(1), 32L << 20, p -> { tried.add(p); return model(p); });
    assertTrue(tried.stream().allMatch(p -> p.memoryKiB() <= 32768), tried.toString());
    assertEquals(32768, c.parameters().memoryKiB());
  }

  @Test
  void calibrate_floorSlowerThanTarget_returnsFloorAnyway() {
    Argon2Calibration c = Argon2Calibration.calibrate(Duration.ofMillis(1), 1L << 30, Argon2CalibrationTest::model);
    assertEquals(Argon2Parameters.owaspMinimum(), c.parameters());
    assertFalse(c.meetsTarget());
  }

  @Test
  void calibrate_capBelow19MiB_usesAnEquivalentOwaspConfiguration() {
    Argon2Calibration c = Argon2Calibration.calibrate(Duration.ofMillis(1), 12L << 20, Argon2CalibrationTest::model);
    assertEquals(Argon2Parameters.of(12288, 3, 1), c.parameters());
    assertTrue(c.parameters().meetsOwaspFloor());
  }

  @Test
  void calibrate_everyCandidateMeetsTheFloor() {
    List<Argon2Parameters> tried = new ArrayList<>();
    Argon2Calibration.calibrate(Duration.ofSeconds(2), 256L << 20, p -> { tried.add(p); return model(p); });
    assertTrue(tried.size() > 3);
    assertTrue(tried.stream().allMatch(Argon2Parameters::meetsOwaspFloor), tried.toString());
  }

  @Test
  void calibrate_refusesCapBelow7MiBAndNonPositiveTarget() {
    assertThrows(IllegalArgumentException.class, () -> Argon2Calibration.calibrate(Duration.ofMillis(100), 6L << 20, Argon2CalibrationTest::model));
    assertThrows(IllegalArgumentException.class, () -> Argon2Calibration.calibrate(Duration.ZERO, 64L << 20, Argon2CalibrationTest::model));
  }

  @Test
  void calibrate_realMachine_returnsFloorOrStrongerAndAMeasurement() {
    // Real Argon2 runs; asserts only what does not depend on speed.
    Argon2Calibration c = Argon2Calibration.calibrate(Duration.ofNanos(1), 19456L * 1024);
    assertEquals(Argon2Parameters.owaspMinimum(), c.parameters());
    assertTrue(c.measuredTime().toNanos() > 0);
    assertFalse(c.meetsTarget());
  }
}
