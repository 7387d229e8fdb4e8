package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link OtpReplayStore} contract, run against every implementation. */
abstract class OtpReplayStoreContract {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant LATER = NOW.plusSeconds(60);

  @TempDir
  @SuppressWarnings("NullAway.Init")
  Path dir;

  @SuppressWarnings("NullAway.Init")
  private OtpReplayStore store;

  abstract OtpReplayStore newStore();

  @BeforeEach
  void setUpStore() {
    store = newStore();
  }

  @Test
  void advance_firstStep_isAccepted() {
    assertEquals(OptionalLong.empty(), store.lastAccepted("f"));
    assertTrue(store.advance("f", 100));
    assertEquals(OptionalLong.of(100), store.lastAccepted("f"));
  }

  @Test
  void advance_sameOrOlderStep_isRefused() {
    assertTrue(store.advance("f", 100));
    assertFalse(store.advance("f", 100));
    assertFalse(store.advance("f", 99));
    assertEquals(OptionalLong.of(100), store.lastAccepted("f"));
    assertTrue(store.advance("f", 101));
  }

  @Test
  void advance_stepZero_isAccepted() {
    assertTrue(store.advance("f", 0));
    assertFalse(store.advance("f", 0));
  }

  @Test
  void advance_negativeStep_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> store.advance("f", -1));
  }

  @Test
  void advance_isPerFactor() {
    assertTrue(store.advance("a", 5));
    assertTrue(store.advance("b", 5));
  }

  @Test
  void beginAttempt_countsConsecutiveAttempts() {
    assertEquals(OtpReplayStore.Admission.admitted(1, 0), store.beginAttempt("f", 3, NOW, LATER));
    assertEquals(OtpReplayStore.Admission.admitted(2, 0), store.beginAttempt("f", 3, NOW, LATER));
    assertEquals(OtpReplayStore.Admission.admitted(3, 0), store.beginAttempt("f", 3, NOW, LATER));
    // A fourth attempt without the third having locked (a race) locks now.
    OtpReplayStore.Admission fourth = store.beginAttempt("f", 3, NOW, LATER);
    assertFalse(fourth.isAdmitted());
    assertEquals(LATER, fourth.lockedUntil());
    assertEquals(1, fourth.lockouts());
  }

  @Test
  void advance_resetsFailureAndLockoutCounts() {
    store.beginAttempt("f", 3, NOW, LATER);
    store.beginAttempt("f", 3, NOW, LATER);
    store.lock("f", NOW.plusMillis(1));
    assertTrue(store.advance("f", 7));
    OtpReplayStore.Admission a = store.beginAttempt("f", 3, LATER, LATER.plusSeconds(60));
    assertEquals(OtpReplayStore.Admission.admitted(1, 0), a);
  }

  @Test
  void lock_refusesAttemptsUntilItEnds() {
    store.beginAttempt("f", 3, NOW, LATER);
    store.lock("f", LATER);
    OtpReplayStore.Admission refused = store.beginAttempt("f", 3, NOW.plusSeconds(59), LATER.plusSeconds(60));
    assertEquals(OtpReplayStore.Admission.locked(1, LATER), refused);
    OtpReplayStore.Admission after = store.beginAttempt("f", 3, LATER, LATER.plusSeconds(60));
    assertTrue(after.isAdmitted());
    assertEquals(1, after.attempt(), "the lock reset the failure count");
    assertEquals(1, after.lockouts());
    assertNull(after.lockedUntil());
  }

  @Test
  void lock_withoutEarlierState_createsIt() {
    store.lock("new", LATER);
    assertFalse(store.beginAttempt("new", 3, NOW, LATER).isAdmitted());
    assertEquals(OptionalLong.empty(), store.lastAccepted("new"));
  }

  @Test
  void delete_forgetsEverything() {
    store.advance("f", 9);
    store.lock("f", LATER);
    store.delete("f");
    assertEquals(OptionalLong.empty(), store.lastAccepted("f"));
    assertEquals(OtpReplayStore.Admission.admitted(1, 0), store.beginAttempt("f", 3, NOW, LATER));
  }

  @Test
  void advance_32ThreadsSameStep_exactlyOneWins() throws Exception {
    List<Boolean> results = Concurrently.run(32, () -> store.advance("race", 55));
    assertEquals(1, results.stream().filter(b -> b).count());
  }

  @Test
  void beginAttempt_32ThreadsAtOnce_admitAtMostMaxFailures() throws Exception {
    List<OtpReplayStore.Admission> results = Concurrently.run(32, () -> store.beginAttempt("race", 5, NOW, LATER));
    assertEquals(5, results.stream().filter(OtpReplayStore.Admission::isAdmitted).count());
    assertEquals(List.of(1, 2, 3, 4, 5), results.stream().filter(OtpReplayStore.Admission::isAdmitted)
        .map(OtpReplayStore.Admission::attempt).sorted().toList(), "each admitted attempt has its own number");
  }

  @Test
  void verify_32ThreadsSameValidCode_exactlyOneAccepted() throws Exception {
    try (MfaFixture f = new MfaFixture(dir)) {
      TotpVerifier verifier = f.verifier(store).maxConsecutiveFailures(100).build();
      TotpFactor factor = f.factor("race-factor");
      String code = f.code(0);
      List<OtpVerification.Status> results = Concurrently.run(32, () -> verifier.verify(factor, code).status());
      assertEquals(1, results.stream().filter(s -> s == OtpVerification.Status.ACCEPTED).count());
      assertEquals(31, results.stream().filter(s -> s == OtpVerification.Status.REPLAYED).count());
      assertEquals(1, f.events.count(MfaEvents.TOTP_ACCEPTED));
    }
  }

  @Test
  void verify_32ThreadsGuessing_checkAtMostMaxFailuresCodes() throws Exception {
    try (MfaFixture f = new MfaFixture(dir)) {
      TotpVerifier verifier = f.verifier(store).maxConsecutiveFailures(5).build();
      TotpFactor factor = f.factor("guessed");
      List<OtpVerification.Status> results = Concurrently.run(32, () -> verifier.verify(factor, "000000").status());
      long checked = results.stream().filter(s -> s != OtpVerification.Status.LOCKED_OUT).count();
      assertTrue(checked <= 5, "checked " + checked + " guesses");
      assertEquals(OtpVerification.Status.LOCKED_OUT, verifier.verify(factor, f.code(0)).status());
    }
  }
}
