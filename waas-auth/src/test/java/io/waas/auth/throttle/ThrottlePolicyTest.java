package io.waas.auth.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThrottlePolicyTest {
  @Test
  void recommended_hasDocumentedNumbers() {
    ThrottlePolicy p = ThrottlePolicy.recommended();
    assertEquals(3, p.failuresBeforeDelay());
    assertEquals(Duration.ofSeconds(1), p.initialDelay());
    assertEquals(Duration.ofMinutes(15), p.maxDelay());
    assertEquals(50, p.lockoutThreshold());
    assertEquals(Optional.of(Duration.ofHours(1)), p.lockoutDuration());
    assertEquals(Duration.ofHours(24), p.failureWindow());
    assertTrue(p.addressFailuresBeforeDelay() > p.failuresBeforeDelay(), "addresses get higher limits");
    assertEquals(Duration.ofMinutes(1), p.addressMaxDelay());
  }

  @Test
  void strict_locksUntilUnlocked() {
    ThrottlePolicy p = ThrottlePolicy.strict();
    assertEquals(20, p.lockoutThreshold());
    assertEquals(Optional.empty(), p.lockoutDuration());
  }

  @Test
  void recommended_delaysDoubleFromOneSecondAndCapAtFifteenMinutes() {
    ThrottlePolicy.Limits l = ThrottlePolicy.recommended().accountLimits();
    assertEquals(0, l.delayMillis(0));
    assertEquals(0, l.delayMillis(2));
    assertEquals(1_000, l.delayMillis(3));
    assertEquals(2_000, l.delayMillis(4));
    assertEquals(512_000, l.delayMillis(12));
    assertEquals(900_000, l.delayMillis(13));
    assertEquals(900_000, l.delayMillis(49));
    assertEquals(900_000, l.delayMillis(Integer.MAX_VALUE), "no overflow");
  }

  @Test
  void builder_lockoutThresholdAboveNistLimit_throws() {
    assertThrows(IllegalArgumentException.class, () -> ThrottlePolicy.builder().lockoutThreshold(101));
    assertThrows(IllegalArgumentException.class, () -> ThrottlePolicy.builder().lockoutThreshold(0));
    assertEquals(100, ThrottlePolicy.builder().lockoutThreshold(100).build().lockoutThreshold());
  }

  @Test
  void builder_inconsistentValues_throw() {
    assertThrows(IllegalArgumentException.class,
        () -> ThrottlePolicy.builder().initialDelay(Duration.ofMinutes(20)).build(), "initial above max");
    assertThrows(IllegalArgumentException.class,
        () -> ThrottlePolicy.builder().failureWindow(Duration.ofMinutes(5)).build(), "window below max delay");
    assertThrows(IllegalArgumentException.class,
        () -> ThrottlePolicy.builder().failuresBeforeDelay(10).lockoutThreshold(10).build());
    assertThrows(IllegalArgumentException.class,
        () -> ThrottlePolicy.builder().failuresBeforeDelay(5).addressFailuresBeforeDelay(4).build());
    assertThrows(IllegalArgumentException.class, () -> ThrottlePolicy.builder().initialDelay(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> ThrottlePolicy.builder().maxDelay(Duration.ofDays(5000)));
    assertThrows(IllegalArgumentException.class, () -> ThrottlePolicy.builder().failuresBeforeDelay(-1));
  }
}
