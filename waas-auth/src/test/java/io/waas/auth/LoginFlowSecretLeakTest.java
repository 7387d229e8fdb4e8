package io.waas.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.auth.apikey.ApiKeyEnvironment;
import io.waas.auth.apikey.ApiKeyRequest;
import io.waas.auth.apikey.ApiKeyStatus;
import io.waas.auth.apikey.ApiKeys;
import io.waas.auth.apikey.IssuedApiKey;
import io.waas.auth.apikey.MalformedApiKeyException;
import io.waas.auth.mfa.InMemoryOtpReplayStore;
import io.waas.auth.mfa.InMemoryRecoveryCodeStore;
import io.waas.auth.mfa.OtpVerification;
import io.waas.auth.mfa.RecoveryCodes;
import io.waas.auth.mfa.TotpEnroller;
import io.waas.auth.mfa.TotpEnrollment;
import io.waas.auth.mfa.TotpFactor;
import io.waas.auth.mfa.TotpVerifier;
import io.waas.auth.password.Argon2Parameters;
import io.waas.auth.password.PasswordHasher;
import io.waas.auth.password.PasswordMatch;
import io.waas.auth.password.PasswordPepper;
import io.waas.auth.password.PasswordPolicy;
import io.waas.auth.rbac.Authorizer;
import io.waas.auth.rbac.Policy;
import io.waas.auth.rbac.RoleDefinition;
import io.waas.auth.throttle.ClientAddress;
import io.waas.auth.throttle.LoginAttempt;
import io.waas.auth.throttle.LoginThrottle;
import io.waas.core.ManualClock;
import io.waas.core.SecretBytes;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.MasterKeySource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One login flow across every part of waas-auth — throttle, password (peppered, with an upgrade),
 * TOTP enrollment and verification with a replay, recovery codes, API keys and an RBAC check —
 * with the logging event listener on, and then a search of everything observable (captured stderr
 * where the SDK logs, every event, every exception message and every {@code toString()}) for the
 * secrets used: the password, the TOTP secret (Base32 and hex), TOTP codes, recovery codes and the
 * API key.
 */
class LoginFlowSecretLeakTest {
  private static final String PASSWORD = "Correct-Horse-Zebra-Lantern-9183";
  private static final String TENANT = "acme";
  private static final String USER = "user-17";

  @TempDir
  @SuppressWarnings("NullAway.Init") // injected by JUnit
  Path dir;

  @Test
  void loginFlow_secretsNeverInLogsEventsMessagesOrToString() throws Exception {
    ManualClock clock = ManualClock.at(Instant.parse("2026-11-24T10:00:00Z"));
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    SecurityEventListener logging = SecurityEventListener.logging();
    SecurityEventListener listener = e -> {
      events.add(e);
      logging.onEvent(e);
    };
    List<String> observed = new ArrayList<>();
    List<String> secrets = new ArrayList<>(List.of(PASSWORD));

    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (KeyRing keys = KeyRing.builder()
        .directory(dir)
        .masterKey(MasterKeySource.keyMaterial(SecretBytes.random(32)))
        .clock(clock)
        .eventListener(listener)
        .build()) {
      // Throttle first, as a service would.
      LoginThrottle throttle = LoginThrottle.builder().clock(clock).eventListener(listener).build();
      LoginAttempt attempt = throttle.begin(TENANT + "/" + USER, ClientAddress.parse("2001:db8::17"));
      assertTrue(attempt.isAllowed());
      observed.add(attempt.toString());

      // Password: sign-up under an old hasher without pepper, login under a peppered one (upgrade).
      assertTrue(PasswordPolicy.nist80063b().check(PASSWORD.toCharArray()).acceptable());
      Argon2Parameters fast = Argon2Parameters.insecureForTests(1024, 1, 1);
      String oldHash = PasswordHasher.builder().parameters(fast).eventListener(listener).clock(clock).build()
          .hash(PASSWORD.toCharArray());
      PasswordHasher hasher = PasswordHasher.builder()
          .parameters(fast)
          .pepper(PasswordPepper.fromKeyRing(keys, KeyScope.tenant("platform")))
          .eventListener(listener)
          .clock(clock)
          .build();
      PasswordMatch wrong = hasher.verify((PASSWORD + "x").toCharArray(), oldHash);
      assertFalse(wrong.matches());
      PasswordMatch match = hasher.verify(PASSWORD.toCharArray(), oldHash);
      assertTrue(match.matches());
      String upgraded = match.upgradedHash().orElseThrow();
      assertTrue(upgraded.contains(",pv="), "the upgraded hash records its pepper version");
      assertTrue(hasher.verify(PASSWORD.toCharArray(), upgraded).matches());
      assertFalse(hasher.verify(PASSWORD.toCharArray(), null).matches());
      observed.add(match.toString());
      observed.add(hasher.toString());
      attempt.succeeded();

      // TOTP: enroll, confirm, log in, replay.
      TotpVerifier verifier = TotpVerifier.builder(keys, new InMemoryOtpReplayStore())
          .clock(clock).eventListener(listener).build();
      TotpEnroller enroller = TotpEnroller.builder(keys, verifier).issuer("Acme").eventListener(listener).build();
      TotpEnrollment enrollment = enroller.start(TENANT, USER, "ada@example.com");
      byte[] secret = enrollment.otpAuthUri().secret().copyBytes();
      secrets.add(io.waas.core.Base32.encode(secret).replace("=", ""));
      secrets.add(java.util.HexFormat.of().formatHex(secret));
      String firstCode = totp(secret, clock.instant());
      TotpFactor active = enroller.confirm(enrollment.pendingFactor(), firstCode);
      clock.advance(Duration.ofSeconds(30));
      String loginCode = totp(secret, clock.instant());
      secrets.add(loginCode);
      OtpVerification ok = verifier.verify(TotpFactor.parse(active.encode()), loginCode);
      assertEquals(OtpVerification.Status.ACCEPTED, ok.status());
      assertEquals(OtpVerification.Status.REPLAYED, verifier.verify(active, loginCode).status());
      assertEquals(OtpVerification.Status.WRONG_CODE,
          verifier.verify(active, loginCode.equals("000000") ? "111111" : "000000").status());
      observed.add(enrollment.toString());
      observed.add(active.toString());
      observed.add(active.encode());
      observed.add(ok.toString());

      // Recovery codes.
      RecoveryCodes recovery = RecoveryCodes.builder(keys, new InMemoryRecoveryCodeStore())
          .clock(clock).eventListener(listener).build();
      List<String> codes = recovery.generate(TENANT, USER);
      secrets.addAll(codes);
      secrets.addAll(codes.stream().map(c -> c.replace("-", "")).toList());
      assertTrue(recovery.redeem(TENANT, USER, codes.get(0)).accepted());
      assertFalse(recovery.redeem(TENANT, USER, codes.get(0)).accepted());
      observed.add(recovery.toString());

      // API keys.
      ApiKeys apiKeys = ApiKeys.builder(ApiKeyEnvironment.LIVE).clock(clock).eventListener(listener).build();
      IssuedApiKey issued = apiKeys.issue(ApiKeyRequest.builder(TENANT, "deploy").build());
      String key = issued.plaintext();
      secrets.add(key);
      secrets.add(key.substring(key.lastIndexOf('_') + 1));
      assertEquals(ApiKeyStatus.VALID, apiKeys.verify(key).status());
      char[] typo = key.toCharArray();
      typo[typo.length - 10] = typo[typo.length - 10] == 'a' ? 'b' : 'a';
      MalformedApiKeyException malformed =
          assertThrows(MalformedApiKeyException.class, () -> apiKeys.verify(new String(typo)));
      observed.add(String.valueOf(malformed.getMessage()));
      observed.add(issued.toString());
      apiKeys.revoke(TENANT, apiKeys.list(TENANT).get(0).keyId());
      observed.add(apiKeys.verify(key).toString());

      // RBAC: the user may edit only their own pages.
      Authorizer authz = Authorizer.builder(Policy.builder()
              .role(RoleDefinition.global("editor").allowIfOwner("pages:edit").allow("pages:read").build())
              .assign(TENANT, USER, "editor")
              .build())
          .eventListener(listener)
          .build();
      assertTrue(authz.check(TENANT, USER, "pages/9:edit", USER));
      assertFalse(authz.check(TENANT, USER, "pages/9:edit", "someone-else"));
      observed.add(authz.explain(TENANT, USER, "pages/9:edit", "someone-else").toString());
    } finally {
      System.setErr(originalErr);
    }

    String logs = captured.toString(StandardCharsets.UTF_8);
    assertTrue(logs.contains("SECURITY"), "the logging listener wrote the events: " + logs.length());
    for (SecurityEvent e : events) {
      observed.add(e.toString());
    }
    observed.add(logs);
    String all = String.join("\n", observed);
    for (String s : secrets) {
      assertFalse(all.contains(s), () -> "a secret (" + s.length() + " chars) appears in logs, events or messages");
      assertFalse(all.toLowerCase(java.util.Locale.ROOT).contains(s.toLowerCase(java.util.Locale.ROOT)) && s.length() > 8,
          () -> "a secret appears (case-insensitively) in logs, events or messages");
    }
    // Every part spoke: the search covered their events.
    for (String prefix : List.of("auth.password.", "auth.mfa.", "auth.apikey.", "auth.rbac.")) {
      assertTrue(events.stream().anyMatch(e -> e.type().startsWith(prefix)), "events of " + prefix);
    }
  }

  /** RFC 6238 with HMAC-SHA1, 6 digits, 30 s: what an authenticator app computes. */
  private static String totp(byte[] secret, Instant at) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(secret, "HmacSHA1"));
    byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(at.getEpochSecond() / 30).array());
    int o = h[h.length - 1] & 0xf;
    int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
    return String.format("%06d", bin % 1_000_000);
  }
}
