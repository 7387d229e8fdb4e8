package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.SecurityEvent;
import io.waas.crypto.DecryptionFailedException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TotpVerifierTest {
  @TempDir
  @SuppressWarnings("NullAway.Init")
  Path dir;

  @SuppressWarnings("NullAway.Init")
  private MfaFixture f;

  @SuppressWarnings("NullAway.Init")
  private InMemoryOtpReplayStore store;

  @BeforeEach
  void setUp() throws Exception {
    f = new MfaFixture(dir);
    store = new InMemoryOtpReplayStore();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void verify_currentCode_isAccepted() throws Exception {
    OtpVerification v = f.verifier(store).build().verify(f.factor("f1"), f.code(0));
    assertTrue(v.isAccepted());
    assertEquals(OtpVerification.Status.ACCEPTED, v.status());
    assertEquals(0, v.drift());
    assertEquals(OtpCodes.timeStep(f.clock.instant(), TotpParameters.authenticatorApps()), v.matchedStep().getAsLong());
  }

  @Test
  void verify_previousAndNextStep_areAcceptedWithDrift() throws Exception {
    TotpVerifier verifier = f.verifier(store).build();
    OtpVerification prev = verifier.verify(f.factor("a"), f.code(-1));
    assertEquals(OtpVerification.Status.ACCEPTED, prev.status());
    assertEquals(-1, prev.drift());
    OtpVerification next = verifier.verify(f.factor("b"), f.code(1));
    assertEquals(OtpVerification.Status.ACCEPTED, next.status());
    assertEquals(1, next.drift());
  }

  @Test
  void verify_twoStepsAway_isWrongCode() throws Exception {
    TotpVerifier verifier = f.verifier(store).build();
    assertEquals(OtpVerification.Status.WRONG_CODE, verifier.verify(f.factor("a"), f.code(-2)).status());
    assertEquals(OtpVerification.Status.WRONG_CODE, verifier.verify(f.factor("b"), f.code(2)).status());
  }

  @Test
  void verify_windowZero_acceptsOnlyCurrentStep() throws Exception {
    TotpVerifier verifier = f.verifier(store).window(0).build();
    assertEquals(OtpVerification.Status.WRONG_CODE, verifier.verify(f.factor("a"), f.code(-1)).status());
    assertEquals(OtpVerification.Status.WRONG_CODE, verifier.verify(f.factor("a"), f.code(1)).status());
    assertTrue(verifier.verify(f.factor("a"), f.code(0)).isAccepted());
  }

  @Test
  void builder_windowAboveOne_isRefused() {
    TotpVerifier.Builder b = f.verifier(store);
    assertThrows(IllegalArgumentException.class, () -> b.window(2));
    assertThrows(IllegalArgumentException.class, () -> b.window(-1));
    assertThrows(IllegalArgumentException.class, () -> b.maxConsecutiveFailures(101));
    assertThrows(IllegalArgumentException.class, () -> b.maxConsecutiveFailures(0));
    assertThrows(IllegalArgumentException.class, () -> b.lockout(Duration.ZERO, Duration.ofHours(1)));
    assertThrows(IllegalArgumentException.class, () -> b.lockout(Duration.ofHours(2), Duration.ofHours(1)));
  }

  @Test
  void verify_sameCodeTwice_isReplayed() throws Exception {
    TotpVerifier verifier = f.verifier(store).build();
    TotpFactor factor = f.factor("f1");
    String code = f.code(0);
    assertTrue(verifier.verify(factor, code).isAccepted());
    OtpVerification again = verifier.verify(factor, code);
    assertEquals(OtpVerification.Status.REPLAYED, again.status());
    assertEquals(1, f.events.count(MfaEvents.TOTP_REPLAYED));
  }

  @Test
  void verify_olderCodeInsideWindowAfterNewerAccepted_isReplayed() throws Exception {
    TotpVerifier verifier = f.verifier(store).build();
    TotpFactor factor = f.factor("f1");
    assertTrue(verifier.verify(factor, f.code(0)).isAccepted());
    assertEquals(OtpVerification.Status.REPLAYED, verifier.verify(factor, f.code(-1)).status());
    assertTrue(verifier.verify(factor, f.code(1)).isAccepted(), "a later step is still accepted");
  }

  @Test
  void verify_replayProtection_isPerFactor() throws Exception {
    TotpVerifier verifier = f.verifier(store).build();
    String code = f.code(0);
    assertTrue(verifier.verify(f.factor("a"), code).isAccepted());
    assertTrue(verifier.verify(f.factor("b"), code).isAccepted());
  }

  @Test
  void verify_spacesInCode_areIgnored() throws Exception {
    String code = f.code(0);
    String spaced = code.substring(0, 3) + " " + code.substring(3);
    assertTrue(f.verifier(store).build().verify(f.factor("f1"), spaced).isAccepted());
  }

  @Test
  void verify_malformedCode_isWrongCodeAndCounts() throws Exception {
    TotpVerifier verifier = f.verifier(store).maxConsecutiveFailures(2).build();
    TotpFactor factor = f.factor("f1");
    assertEquals(OtpVerification.Status.WRONG_CODE, verifier.verify(factor, "abcdef").status());
    OtpVerification second = verifier.verify(factor, "");
    assertEquals(OtpVerification.Status.WRONG_CODE, second.status());
    assertTrue(second.lockedUntil().isPresent(), "the second failure locks");
  }

  @Test
  void verify_afterMaxFailures_isLockedOutEvenWithRightCode() throws Exception {
    TotpVerifier verifier = f.verifier(store).maxConsecutiveFailures(3).lockout(Duration.ofMinutes(1),
        Duration.ofHours(1)).build();
    TotpFactor factor = f.factor("f1");
    String wrong = wrongCode();
    assertFalse(verifier.verify(factor, wrong).lockedUntil().isPresent());
    assertFalse(verifier.verify(factor, wrong).lockedUntil().isPresent());
    OtpVerification third = verifier.verify(factor, wrong);
    assertEquals(OtpVerification.Status.WRONG_CODE, third.status());
    assertEquals(f.clock.instant().plus(Duration.ofMinutes(1)), third.lockedUntil().orElseThrow());
    OtpVerification locked = verifier.verify(factor, f.code(0));
    assertEquals(OtpVerification.Status.LOCKED_OUT, locked.status());
    assertEquals(1, f.events.count(MfaEvents.TOTP_LOCKED));
    assertEquals(1, f.events.count(MfaEvents.TOTP_REFUSED_LOCKED));

    f.clock.advance(Duration.ofSeconds(61));
    assertTrue(verifier.verify(factor, f.code(0)).isAccepted(), "the lockout ends");
  }

  @Test
  void verify_consecutiveLockouts_doubleUpToTheCap() throws Exception {
    TotpVerifier verifier = f.verifier(store).maxConsecutiveFailures(1).lockout(Duration.ofMinutes(1),
        Duration.ofMinutes(3)).build();
    TotpFactor factor = f.factor("f1");
    List<Duration> lengths = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Instant now = f.clock.instant();
      Instant until = verifier.verify(factor, wrongCode()).lockedUntil().orElseThrow();
      lengths.add(Duration.between(now, until));
      f.clock.set(until);
    }
    assertEquals(List.of(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(3)),
        lengths);
    assertTrue(verifier.verify(factor, f.code(0)).isAccepted());
    Instant now = f.clock.instant();
    Instant until = verifier.verify(factor, wrongCode()).lockedUntil().orElseThrow();
    assertEquals(Duration.ofMinutes(1), Duration.between(now, until), "success resets the back-off");
  }

  @Test
  void verify_successResetsFailureCount() throws Exception {
    TotpVerifier verifier = f.verifier(store).maxConsecutiveFailures(2).build();
    TotpFactor factor = f.factor("f1");
    verifier.verify(factor, wrongCode());
    assertTrue(verifier.verify(factor, f.code(0)).isAccepted());
    f.clock.advance(Duration.ofSeconds(30));
    assertFalse(verifier.verify(factor, wrongCode()).lockedUntil().isPresent(), "count restarted at 1");
  }

  @Test
  void verify_replays_countTowardLockout() throws Exception {
    TotpVerifier verifier = f.verifier(store).maxConsecutiveFailures(2).build();
    TotpFactor factor = f.factor("f1");
    String code = f.code(0);
    assertTrue(verifier.verify(factor, code).isAccepted());
    assertFalse(verifier.verify(factor, code).lockedUntil().isPresent());
    OtpVerification second = verifier.verify(factor, code);
    assertEquals(OtpVerification.Status.REPLAYED, second.status());
    assertTrue(second.lockedUntil().isPresent());
  }

  @Test
  void verify_pendingFactor_isRefused() throws Exception {
    TotpFactor pending = TotpFactor.seal(f.keys.encryptor(), "p1", MfaFixture.TENANT, MfaFixture.USER,
        TotpParameters.authenticatorApps(), MfaFixture.SEED, f.clock.instant().plusSeconds(600));
    TotpVerifier verifier = f.verifier(store).build();
    assertThrows(IllegalArgumentException.class, () -> verifier.verify(pending, f.code(0)));
  }

  @Test
  void verify_strongParameters_useSha256AndEightDigits() throws Exception {
    byte[] seed = "12345678901234567890123456789012".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    TotpFactor factor = f.factor("s1", seed, TotpParameters.strong());
    String code = OtpCodes.totpString(seed, f.clock.instant(), TotpParameters.strong());
    assertEquals(8, code.length());
    assertTrue(f.verifier(store).build().verify(factor, code).isAccepted());
  }

  @Test
  void verify_sealedSecretMovedToAnotherUser_fails() throws Exception {
    // mallory's own factor gives her keys too
    TotpFactor.seal(f.keys.encryptor(), "m1", MfaFixture.TENANT, "mallory", TotpParameters.authenticatorApps(),
        MfaFixture.SEED, null);
    TotpFactor mine = f.factor("f1");
    String[] parts = mine.encode().split("\\.");
    parts[3] = FactorCodec.text("mallory");
    TotpFactor moved = TotpFactor.parse(String.join(".", parts));
    TotpVerifier verifier = f.verifier(store).build();
    assertThrows(GeneralSecurityException.class, () -> verifier.verify(moved, f.code(0)));
  }

  @Test
  void verify_sealedSecretMovedToAnotherFactor_failsToDecrypt() throws Exception {
    f.factor("other");
    String[] parts = f.factor("f1").encode().split("\\.");
    parts[1] = "other";
    TotpFactor moved = TotpFactor.parse(String.join(".", parts));
    assertThrows(DecryptionFailedException.class, () -> f.verifier(store).build().verify(moved, f.code(0)));
  }

  @Test
  void verify_parametersEditedInStorage_failsToDecrypt() throws Exception {
    String[] parts = f.factor("f1").encode().split("\\.");
    parts[5] = "8";
    TotpFactor edited = TotpFactor.parse(String.join(".", parts));
    assertThrows(DecryptionFailedException.class, () -> f.verifier(store).build().verify(edited, "12345678"));
  }

  @Test
  void verify_events_carryFactorIdTenantSubjectAndNoCode() throws Exception {
    TotpVerifier verifier = f.verifier(store).build();
    String code = f.code(0);
    verifier.verify(f.factor("f1"), code);
    SecurityEvent e = f.events.events.get(0);
    assertEquals(MfaEvents.TOTP_ACCEPTED, e.type());
    assertEquals(SecurityEvent.Outcome.SUCCESS, e.outcome());
    assertEquals(MfaFixture.TENANT, e.tenant());
    assertEquals(MfaFixture.USER, e.subject());
    Map<String, String> a = e.attributes();
    assertEquals("f1", a.get("factorId"));
    assertEquals("0", a.get("drift"));
    assertFalse(e.toString().contains(code));
    verifier.verify(f.factor("f1"), wrongCode());
    assertEquals(MfaEvents.TOTP_FAILED, f.events.events.get(1).type());
    assertEquals(SecurityEvent.Outcome.FAILURE, f.events.events.get(1).outcome());
  }

  /** A code that is valid for none of the three steps of the window. */
  private String wrongCode() {
    java.util.Set<String> valid = java.util.Set.of(f.code(-1), f.code(0), f.code(1));
    for (int i = 0; ; i++) {
      String c = String.format("%06d", i);
      if (!valid.contains(c)) {
        return c;
      }
    }
  }
}
