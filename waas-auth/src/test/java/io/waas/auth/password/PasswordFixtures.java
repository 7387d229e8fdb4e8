package io.waas.auth.password;

import io.waas.core.SecretBytes;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.KeyRing;
import io.waas.crypto.MasterKeySource;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Shared test helpers: fast (insecure) parameters, an event recorder, a key ring on a temp dir. */
final class PasswordFixtures {
  /** Fast parameters for tests that are not about the defaults. */
  static final Argon2Parameters FAST = Argon2Parameters.insecureForTests(256, 1, 1);

  /** Another set of fast parameters, to test upgrades. */
  static final Argon2Parameters FAST_STRONGER = Argon2Parameters.insecureForTests(512, 2, 1);

  private PasswordFixtures() {}

  static final class RecordingListener implements SecurityEventListener {
    final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(SecurityEvent event) {
      events.add(event);
    }

    List<String> types() {
      return events.stream().map(SecurityEvent::type).collect(Collectors.toList());
    }

    long count(String type) {
      return events.stream().filter(e -> e.type().equals(type)).count();
    }
  }

  static PasswordHasher.Builder fastHasher(RecordingListener events) {
    return PasswordHasher.builder()
        .parameters(FAST)
        .eventListener(events)
        .budget(HashingBudget.ofConcurrentHashes(4, Duration.ofSeconds(30)));
  }

  static Argon2idPasswordHasher impl(PasswordHasher h) {
    return (Argon2idPasswordHasher) h;
  }

  static KeyRing keyRing(Path dir) throws GeneralSecurityException {
    return KeyRing.builder()
        .directory(dir)
        .masterKey(MasterKeySource.keyMaterial(SecretBytes.random(32)))
        .eventListener(SecurityEventListener.none())
        .build();
  }
}
