package io.waas.crypto.json;

import io.waas.core.SecretBytes;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.KeyRing;
import io.waas.crypto.MasterKeySource;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** Opens real key rings through the public API only, as an application would. */
final class TestRings {
  private TestRings() {}

  static KeyRing open(Path dir) throws GeneralSecurityException {
    return KeyRing.builder()
        .directory(dir)
        .masterKey(MasterKeySource.keyMaterial(SecretBytes.random(32)))
        .eventListener(SecurityEventListener.none())
        .build();
  }
}
