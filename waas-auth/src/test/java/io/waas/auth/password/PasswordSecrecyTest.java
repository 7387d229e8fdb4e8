package io.waas.auth.password;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.auth.password.PasswordFixtures.RecordingListener;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives success, mismatch, unknown user, legacy, pepper, busy and policy rejection with a
 * distinctive password, and asserts that it appears in none of: the log output (slf4j-simple
 * writes to System.err, captured here; the logging event listener is on), the events, the
 * exception messages, the results' {@code toString()}.
 */
class PasswordSecrecyTest {
  private static final String SECRET = "Zebra-Kumquat-7731-Quixotic";
  private static final String SHORT_SECRET = "Zk7Qx";

  @SuppressWarnings("NullAway.Init")
  @TempDir
  Path dir;

  @Test
  void everyOperation_neverRevealsThePassword() throws Exception {
    RecordingListener recorder = new RecordingListener();
    SecurityEventListener listener = SecurityEventListener.all(SecurityEventListener.logging(), recorder);
    List<String> texts = new ArrayList<>();
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (KeyRing ring = PasswordFixtures.keyRing(dir)) {
      HashingBudget budget = HashingBudget.ofConcurrentHashes(1, Duration.ofMillis(5));
      PasswordHasher hasher =
          PasswordHasher.builder()
              .parameters(PasswordFixtures.FAST)
              .pepper(PasswordPepper.fromKeyRing(ring, KeyScope.tenant("acme")))
              .legacyAlgorithms(LegacyAlgorithm.PBKDF2_SHA256)
              .budget(budget)
              .eventListener(listener)
              .build();
      texts.add(hasher.toString());

      String stored = hasher.hash(SECRET.toCharArray());
      texts.add(hasher.verify(SECRET.toCharArray(), stored).toString()); // success
      texts.add(hasher.verify((SECRET + "x").toCharArray(), stored).toString()); // mismatch
      texts.add(hasher.verify(SECRET.toCharArray(), null).toString()); // unknown user

      String legacy = LegacyPasswordTest.djangoHash(SECRET, "somesalt", 1000);
      PasswordMatch upgraded = hasher.verify(SECRET.toCharArray(), legacy); // legacy success + upgrade
      assertTrue(upgraded.matches());
      texts.add(upgraded.toString());
      texts.add(hasher.verify("wrong".toCharArray(), legacy).toString()); // legacy mismatch

      try (HashingBudget.Permit held = budget.acquire(1)) { // busy
        texts.add(message(assertThrows(PasswordHashingBusyException.class, () -> hasher.verify(SECRET.toCharArray(), stored))));
        texts.add(message(assertThrows(PasswordHashingBusyException.class, () -> hasher.hash(SECRET.toCharArray()))));
      }
      // malformed stored hash, a legacy format not enabled, a peppered hash without pepper
      texts.add(message(assertThrows(MalformedPasswordHashException.class, () -> hasher.verify(SECRET.toCharArray(), "$argon2id$bogus"))));
      texts.add(message(assertThrows(MalformedPasswordHashException.class,
          () -> hasher.verify(SECRET.toCharArray(), "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"))));
      texts.add(message(assertThrows(IllegalStateException.class,
          () -> PasswordHasher.builder().parameters(PasswordFixtures.FAST).eventListener(listener).build()
              .verify(SECRET.toCharArray(), stored))));

      PasswordPolicy policy =
          PasswordPolicy.builder()
              .breachedPasswordCheck(pw -> true, Duration.ofSeconds(5), BreachedPasswordCheck.FailureMode.FAIL_CLOSED)
              .eventListener(listener)
              .build();
      PasswordCheck rejected = policy.check(SECRET.toCharArray(), List.of("kumquat"));
      assertFalse(rejected.acceptable());
      texts.add(rejected.toString());
      texts.add(rejected.strength().toString());
      texts.add(String.join(" ", rejected.strength().suggestions()));
      texts.add(message(assertThrows(PasswordRejectedException.class, rejected::orThrow)));
      texts.add(message(assertThrows(PasswordRejectedException.class,
          () -> policy.requireAcceptable(SHORT_SECRET.toCharArray(), List.of()))));
      texts.add(message(assertThrows(IllegalArgumentException.class,
          () -> hasher.hash((SECRET + "\uD800").toCharArray()))));
    } finally {
      System.setErr(originalErr);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains(PasswordEvents.VERIFIED), "the logging listener should have written events: " + log);
    assertTrue(log.contains(PasswordEvents.BUSY), log);
    assertTrue(log.contains(PasswordEvents.POLICY_REJECTED), log);

    for (SecurityEvent e : recorder.events) {
      texts.add(e.toString());
    }
    texts.add(log);
    for (String secret : List.of(SECRET, SECRET.toLowerCase(Locale.ROOT), SHORT_SECRET, "Kumquat-7731")) {
      for (String t : texts) {
        assertFalse(t.contains(secret), "password leaked into: " + t);
      }
    }
    assertTrue(recorder.count(PasswordEvents.UNKNOWN_USER) == 1);
    assertTrue(recorder.count(PasswordEvents.UPGRADED) == 1);
  }

  private static String message(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append('\n');
    }
    return sb.toString();
  }
}
