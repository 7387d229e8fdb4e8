package io.waas.auth.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.auth.password.PasswordFixtures.RecordingListener;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The k-anonymity range check against a fake range source built from SHA-1s of known passwords. */
class BreachedPasswordCheckTest {
  private final RecordingListener events = new RecordingListener();
  private final List<String> prefixesAsked = new CopyOnWriteArrayList<>();

  /** A fake "range API": SHA-1s of the given passwords, grouped by prefix, plus padding lines. */
  private BreachedPasswordCheck.RangeSource corpus(String... breached) {
    Map<String, List<String>> ranges = new TreeMap<>();
    for (String pw : breached) {
      String hex = new String(KAnonymityRangeCheck.sha1Hex(pw.toCharArray()));
      ranges.computeIfAbsent(hex.substring(0, 5), k -> new ArrayList<>()).add(hex.substring(5) + ":42");
    }
    return prefix -> {
      prefixesAsked.add(prefix);
      List<String> lines = new ArrayList<>(ranges.getOrDefault(prefix, List.of()));
      lines.add("0000000000000000000000000000000000A:3"); // an unrelated suffix
      return lines;
    };
  }

  private PasswordPolicy policy(BreachedPasswordCheck check, BreachedPasswordCheck.FailureMode mode) {
    return PasswordPolicy.builder().breachedPasswordCheck(check, Duration.ofSeconds(5), mode).eventListener(events).build();
  }

  @Test
  void sha1Hex_knownValue() {
    // SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8, the HIBP example
    assertEquals("5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8", new String(KAnonymityRangeCheck.sha1Hex("password".toCharArray())));
  }

  @Test
  void kAnonymityRange_breachedPassword_isFoundAndOnlyThePrefixLeaves() throws IOException {
    BreachedPasswordCheck check = BreachedPasswordCheck.kAnonymityRange(corpus("violet quartz harbor", "hunter2hunter2"));
    assertTrue(check.isBreached("violet quartz harbor".toCharArray()));
    assertTrue(check.isBreached("hunter2hunter2".toCharArray()));
    assertFalse(check.isBreached("violet quartz harbour".toCharArray()));
    assertEquals(3, prefixesAsked.size());
    assertTrue(prefixesAsked.stream().allMatch(p -> p.matches("[0-9A-F]{5}")), prefixesAsked.toString());
  }

  @Test
  void kAnonymityRange_lowerCaseSuffixAndNoCount_match_paddingWithCountZero_doesNot() throws IOException {
    String hex = new String(KAnonymityRangeCheck.sha1Hex("lantern lantern".toCharArray()));
    BreachedPasswordCheck lower = BreachedPasswordCheck.kAnonymityRange(p -> List.of(hex.substring(5).toLowerCase(java.util.Locale.ROOT)));
    assertTrue(lower.isBreached("lantern lantern".toCharArray()));
    BreachedPasswordCheck padding = BreachedPasswordCheck.kAnonymityRange(p -> List.of(hex.substring(5) + ":0"));
    assertFalse(padding.isBreached("lantern lantern".toCharArray()));
  }

  @Test
  void policy_breachedPassword_isRejectedAsBreached() {
    PasswordPolicy p =
        policy(BreachedPasswordCheck.kAnonymityRange(corpus("violet quartz harbor")), BreachedPasswordCheck.FailureMode.FAIL_OPEN);
    PasswordCheck c = p.check("violet quartz harbor".toCharArray());
    assertEquals(List.of(PasswordViolation.BREACHED), c.violations());
    assertTrue(c.breachCheckCompleted());
    assertTrue(p.check("amber quartz harbor".toCharArray()).acceptable());
  }

  @Test
  void policy_breachCheckThrows_failOpenAccepts_failClosedRejects() {
    BreachedPasswordCheck failing = pw -> {
      throw new IOException("range service down");
    };
    PasswordCheck open = policy(failing, BreachedPasswordCheck.FailureMode.FAIL_OPEN).check("amber quartz harbor".toCharArray());
    assertTrue(open.acceptable());
    assertFalse(open.breachCheckCompleted());
    PasswordCheck closed = policy(failing, BreachedPasswordCheck.FailureMode.FAIL_CLOSED).check("amber quartz harbor".toCharArray());
    assertEquals(List.of(PasswordViolation.BREACH_CHECK_UNAVAILABLE), closed.violations());
  }

  @Test
  void policy_breachCheckHangs_timesOutAndAppliesFailureMode() {
    BreachedPasswordCheck hanging = pw -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return true;
    };
    PasswordPolicy closed =
        PasswordPolicy.builder()
            .breachedPasswordCheck(hanging, Duration.ofMillis(50), BreachedPasswordCheck.FailureMode.FAIL_CLOSED)
            .eventListener(events)
            .build();
    PasswordCheck c = closed.check("amber quartz harbor".toCharArray());
    assertEquals(List.of(PasswordViolation.BREACH_CHECK_UNAVAILABLE), c.violations());
    PasswordPolicy open =
        PasswordPolicy.builder()
            .breachedPasswordCheck(hanging, Duration.ofMillis(50), BreachedPasswordCheck.FailureMode.FAIL_OPEN)
            .eventListener(events)
            .build();
    assertTrue(open.check("amber quartz harbor".toCharArray()).acceptable());
  }

  @Test
  void policy_breachCheckGetsTheNormalizedPassword() {
    List<String> seen = new CopyOnWriteArrayList<>();
    BreachedPasswordCheck recording = pw -> {
      seen.add(new String(pw)); // test only: real checks must not keep the password
      return false;
    };
    policy(recording, BreachedPasswordCheck.FailureMode.FAIL_OPEN).check("ａｍｂｅｒ quartz harbor".toCharArray());
    assertEquals(List.of("amber quartz harbor"), seen);
  }
}
