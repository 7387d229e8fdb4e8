package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.SecretBytes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TotpEnrollerTest {
  @TempDir
  @SuppressWarnings("NullAway.Init")
  Path dir;

  @SuppressWarnings("NullAway.Init")
  private MfaFixture f;

  @SuppressWarnings("NullAway.Init")
  private TotpVerifier verifier;

  @SuppressWarnings("NullAway.Init")
  private TotpEnroller enroller;

  @BeforeEach
  void setUp() throws Exception {
    f = new MfaFixture(dir);
    verifier = f.verifier(new InMemoryOtpReplayStore()).build();
    enroller = TotpEnroller.builder(f.keys, verifier).issuer("Acme").eventListener(f.events).build();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private static String currentCode(TotpEnrollment e, java.time.Instant at) {
    OtpAuthUri uri = e.otpAuthUri();
    try (SecretBytes s = uri.secret()) {
      return OtpCodes.totpString(s.copyBytes(), at, uri.totpParameters());
    }
  }

  @Test
  void start_confirm_verify_fullFlow() throws Exception {
    TotpEnrollment e = enroller.start("acme", "user-1", "alice@example.com");
    TotpFactor pending = TotpFactor.parse(e.pendingFactor().encode());
    assertFalse(pending.isActive());
    assertEquals(Optional.of(f.clock.instant().plus(Duration.ofMinutes(15))), pending.pendingUntil());
    OtpAuthUri uri = OtpAuthUri.parse(e.otpAuthUriString());
    assertEquals(Optional.of("Acme"), uri.issuer());
    assertEquals("alice@example.com", uri.accountName());

    TotpFactor active = enroller.confirm(pending, currentCode(e, f.clock.instant()));
    assertTrue(active.isActive());
    assertEquals(pending.id(), active.id());
    assertEquals(1, f.events.count(MfaEvents.TOTP_ENROLLMENT_CONFIRMED));

    f.clock.advance(Duration.ofSeconds(30));
    assertTrue(verifier.verify(TotpFactor.parse(active.encode()), currentCode(e, f.clock.instant())).isAccepted());
  }

  @Test
  void confirm_codeUsedForConfirmation_cannotBeReplayedForLogin() throws Exception {
    TotpEnrollment e = enroller.start("acme", "user-1", "alice");
    String code = currentCode(e, f.clock.instant());
    TotpFactor active = e.confirm(code);
    assertEquals(OtpVerification.Status.REPLAYED, verifier.verify(active, code).status());
  }

  @Test
  void confirm_wrongCode_isRejectedAndFactorStaysPending() throws Exception {
    TotpEnrollment e = enroller.start("acme", "user-1", "alice");
    String right = currentCode(e, f.clock.instant());
    String wrong = right.equals("000000") ? "111111" : "000000";
    OtpRejectedException ex = assertThrows(OtpRejectedException.class, () -> e.confirm(wrong));
    assertEquals(OtpVerification.Status.WRONG_CODE, ex.verification().status());
    assertTrue(e.confirm(right).isActive());
  }

  @Test
  void confirm_afterExpiry_isRefused() throws Exception {
    TotpEnrollment e = enroller.start("acme", "user-1", "alice");
    f.clock.advance(Duration.ofMinutes(15));
    String code = currentCode(e, f.clock.instant());
    assertThrows(EnrollmentExpiredException.class, () -> e.confirm(code));
    assertEquals(1, f.events.count(MfaEvents.TOTP_ENROLLMENT_EXPIRED));
  }

  @Test
  void pendingFactorEditedToActive_secretDoesNotDecrypt() throws Exception {
    TotpEnrollment e = enroller.start("acme", "user-1", "alice");
    String encoded = e.pendingFactor().encode();
    long until = e.pendingFactor().pendingUntil().orElseThrow().getEpochSecond();
    String forgedActive = encoded.replace("." + until + ".", ".-.");
    TotpFactor forged = TotpFactor.parse(forgedActive);
    assertTrue(forged.isActive(), "the edit itself parses");
    String code = currentCode(e, f.clock.instant());
    assertThrows(java.security.GeneralSecurityException.class, () -> verifier.verify(forged, code));
  }

  @Test
  void pendingFactorWithExtendedExpiry_cannotBeConfirmed() throws Exception {
    TotpEnrollment e = enroller.start("acme", "user-1", "alice");
    long until = e.pendingFactor().pendingUntil().orElseThrow().getEpochSecond();
    TotpFactor extended = TotpFactor.parse(
        e.pendingFactor().encode().replace("." + until + ".", "." + (until + 86_400) + "."));
    f.clock.advance(Duration.ofMinutes(20));
    String code = currentCode(e, f.clock.instant());
    assertThrows(java.security.GeneralSecurityException.class, () -> enroller.confirm(extended, code));
  }

  @Test
  void confirm_activeFactor_isRefused() throws Exception {
    TotpEnrollment e = enroller.start("acme", "user-1", "alice");
    TotpFactor active = e.confirm(currentCode(e, f.clock.instant()));
    assertThrows(IllegalArgumentException.class, () -> enroller.confirm(active, "123456"));
  }

  @Test
  void start_secretLengthMatchesHash() throws Exception {
    for (TotpParameters p : new TotpParameters[] {TotpParameters.authenticatorApps(), TotpParameters.strong(),
        TotpParameters.builder().algorithm(OtpAlgorithm.SHA512).build()}) {
      TotpEnroller en = TotpEnroller.builder(f.keys, verifier).issuer("Acme").parameters(p).build();
      TotpEnrollment e = en.start("acme", "user-1", "alice");
      try (SecretBytes s = e.otpAuthUri().secret()) {
        assertEquals(p.algorithm().secretLength(), s.length());
      }
      assertEquals(p, e.pendingFactor().parameters());
    }
  }

  @Test
  void start_eachEnrollmentHasFreshSecretAndId() throws Exception {
    TotpEnrollment a = enroller.start("acme", "user-1", "alice");
    TotpEnrollment b = enroller.start("acme", "user-1", "alice");
    assertFalse(a.pendingFactor().id().equals(b.pendingFactor().id()));
    assertFalse(a.otpAuthUri().equals(b.otpAuthUri()));
  }

  @Test
  void qrCode_fromEnrollment_isThePngOfTheUri() throws Exception {
    TotpEnrollment e = enroller.start("acme", "user-1", "alice");
    Path file = dir.resolve("enroll.png");
    e.writeQrCodePng(file);
    assertTrue(java.util.Arrays.equals(e.qrCodePng(), java.nio.file.Files.readAllBytes(file)));
  }

  @Test
  void builder_withoutIssuer_isRefused() {
    assertThrows(IllegalStateException.class, () -> TotpEnroller.builder(f.keys, verifier).build());
    assertThrows(IllegalArgumentException.class, () -> TotpEnroller.builder(f.keys, verifier).issuer("A:B"));
    assertThrows(IllegalArgumentException.class,
        () -> TotpEnroller.builder(f.keys, verifier).expireAfter(Duration.ofSeconds(10)));
  }

  @Test
  void importActive_fromOtpAuthUri_verifies() throws Exception {
    OtpAuthUri uri = OtpAuthUri.generateTotp("Old", "alice", TotpParameters.authenticatorApps());
    TotpFactor imported = TotpFactor.importActive(f.keys, "acme", "user-1", uri);
    assertTrue(imported.isActive());
    String code;
    try (SecretBytes s = uri.secret()) {
      code = OtpCodes.totpString(s.copyBytes(), f.clock.instant(), uri.totpParameters());
    }
    assertTrue(verifier.verify(imported, code).isAccepted());
  }
}
