package io.waas.auth.mfa;

import io.waas.core.ManualClock;
import io.waas.core.SecretBytes;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.KeyRing;
import io.waas.crypto.MasterKeySource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A key ring in a temporary directory, a manual clock and an event recorder for MFA tests. */
final class MfaFixture implements AutoCloseable {
  static final Instant START = Instant.parse("2030-01-01T00:00:10Z");
  static final String TENANT = "acme";
  static final String USER = "user-42";
  /** The RFC 4226 / RFC 6238 SHA-1 test seed. */
  static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  final KeyRing keys;
  final ManualClock clock = ManualClock.at(START);
  final Recorder events = new Recorder();

  MfaFixture(Path dir) throws GeneralSecurityException {
    this.keys = KeyRing.builder().directory(dir).masterKey(MasterKeySource.keyMaterial(SecretBytes.random(32)))
        .build();
  }

  TotpVerifier.Builder verifier(OtpReplayStore store) {
    return TotpVerifier.builder(keys, store).clock(clock).eventListener(events);
  }

  TotpFactor factor(String id, byte[] secret, TotpParameters p) throws GeneralSecurityException {
    return TotpFactor.seal(keys.encryptor(), id, TENANT, USER, p, secret, null);
  }

  TotpFactor factor(String id) throws GeneralSecurityException {
    return factor(id, SEED, TotpParameters.authenticatorApps());
  }

  /** The code of {@code SEED} at the clock's time plus {@code steps} steps of 30 s. */
  String code(int steps) {
    return OtpCodes.totpString(SEED, clock.instant().plusSeconds(30L * steps), TotpParameters.authenticatorApps());
  }

  @Override
  public void close() {
    keys.close();
  }

  /** Records every event. */
  static final class Recorder implements SecurityEventListener {
    final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(SecurityEvent event) {
      events.add(event);
    }

    List<String> types() {
      return events.stream().map(SecurityEvent::type).toList();
    }

    long count(String type) {
      return events.stream().filter(e -> e.type().equals(type)).count();
    }
  }
}
