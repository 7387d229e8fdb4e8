package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.Base32;
import io.waas.core.SecretBytes;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs enrollment, verification (accepted, wrong, replayed, locked out), malformed input and
 * recovery codes with the logging event listener, and checks that no TOTP secret, submitted code
 * or recovery code appears in the captured log output, the events, exception messages or any
 * {@code toString()}.
 */
class MfaNoSecretLeakTest {
  @TempDir
  @SuppressWarnings("NullAway.Init")
  Path dir;

  @Test
  void secretsCodesAndRecoveryCodes_neverAppearInLogsEventsMessagesOrToString() throws Exception {
    List<String> secrets = new ArrayList<>();
    StringBuilder seen = new StringBuilder();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    PrintStream originalOut = System.out;
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setErr(tee);
    System.setOut(tee);
    try (MfaFixture f = new MfaFixture(dir)) {
      SecurityEventListener events = SecurityEventListener.all(SecurityEventListener.logging(), f.events);
      TotpVerifier verifier = TotpVerifier.builder(f.keys, new InMemoryOtpReplayStore()).clock(f.clock)
          .eventListener(events).maxConsecutiveFailures(3).build();
      // 8-digit codes, so that a code cannot appear by chance inside ids and timestamps.
      TotpEnroller enroller = TotpEnroller.builder(f.keys, verifier).issuer("Acme")
          .parameters(TotpParameters.strong()).eventListener(events).build();

      TotpEnrollment enrollment = enroller.start("acme", "user-1", "alice@example.com");
      OtpAuthUri uri = enrollment.otpAuthUri();
      byte[] secret;
      try (SecretBytes s = uri.secret()) {
        secret = s.copyBytes();
      }
      secrets.add(Base32.encode(secret));
      secrets.add(HexFormat.of().formatHex(secret));
      secrets.add(Base64.getEncoder().withoutPadding().encodeToString(secret));
      secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
      String code = OtpCodes.totpString(secret, f.clock.instant(), TotpParameters.strong());
      String wrong = code.equals("00000000") ? "11111111" : "00000000";
      secrets.add(code);
      seen.append(enrollment).append(uri).append(enrollment.pendingFactor()).append(enroller).append(verifier);
      seen.append(enrollment.pendingFactor().encode());

      OtpRejectedException rejected = assertThrows(OtpRejectedException.class, () -> enrollment.confirm(wrong));
      seen.append(rejected.getMessage()).append(rejected.verification());
      TotpFactor active = enrollment.confirm(code);
      seen.append(active).append(active.encode());

      f.clock.advance(Duration.ofSeconds(30));
      String next = OtpCodes.totpString(secret, f.clock.instant(), TotpParameters.strong());
      secrets.add(next);
      seen.append(verifier.verify(active, next));          // accepted
      seen.append(verifier.verify(active, next));          // replayed
      seen.append(verifier.verify(active, wrong));         // wrong, third failure: locks
      seen.append(verifier.verify(active, next));          // locked out

      TotpEnrollment late = enroller.start("acme", "user-1", "alice");
      f.clock.advance(Duration.ofMinutes(20));
      EnrollmentExpiredException expired = assertThrows(EnrollmentExpiredException.class, () -> late.confirm(wrong));
      seen.append(expired.getMessage()).append(late);

      for (String bad : List.of(uri.toUriString() + "&image=x", uri.toUriString().replace("otpauth", "http"),
          uri.toUriString().replace("Acme:", "Other:"), uri.toUriString() + "&digits=9")) {
        MalformedOtpAuthUriException e = assertThrows(MalformedOtpAuthUriException.class, () -> OtpAuthUri.parse(bad));
        seen.append(e.getMessage());
      }

      RecoveryCodes recovery = RecoveryCodes.builder(f.keys, new InMemoryRecoveryCodeStore()).eventListener(events)
          .build();
      List<String> codes = recovery.generate("acme", "user-1");
      for (String c : codes) {
        secrets.add(c);
        secrets.add(c.replace("-", ""));
      }
      seen.append(recovery.redeem("acme", "user-1", codes.get(0)));
      seen.append(recovery.redeem("acme", "user-1", codes.get(0)));
      seen.append(recovery.redeem("acme", "user-1", "0000-0000-0000-0000")).append(recovery);

      for (SecurityEvent e : f.events.events) {
        seen.append(e).append(e.attributes());
      }
      assertTrue(f.events.types().contains(MfaEvents.TOTP_LOCKED), f.events.types().toString());
    } finally {
      System.setErr(originalErr);
      System.setOut(originalOut);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains(MfaEvents.TOTP_ACCEPTED), "the logging listener wrote to the captured stream");
    seen.append(log);
    String all = seen.toString();
    for (String s : secrets) {
      assertFalse(all.contains(s), "a secret or code leaked");
    }
  }
}
