package io.waas.crypto;

import io.waas.core.SecretBytes;
import io.waas.core.SecurityEventListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Two real key rings (random master keys, no event output) on a fresh temporary directory, one per
 * algorithm; {@link #close()} deletes the directory. Fuzz tests share one instance per class:
 * opening a key store per input would make fuzzing crawl.
 */
final class TempKeyRings implements AutoCloseable {
  private final Path dir;
  private final KeyRing gcm;
  private final KeyRing xchacha;

  TempKeyRings() throws IOException, GeneralSecurityException {
    this.dir = Files.createTempDirectory("waas-fuzz");
    this.gcm = open(dir.resolve("gcm"), AeadAlgorithm.AES_256_GCM);
    this.xchacha = open(dir.resolve("xchacha"), AeadAlgorithm.XCHACHA20_POLY1305);
  }

  private static KeyRing open(Path store, AeadAlgorithm algorithm) throws GeneralSecurityException {
    return KeyRing.builder()
        .directory(store)
        .masterKey(MasterKeySource.keyMaterial(SecretBytes.random(32)))
        .eventListener(SecurityEventListener.none())
        .algorithm(algorithm)
        .build();
  }

  /** The key ring whose new keys use {@code algorithm}. */
  KeyRing ring(AeadAlgorithm algorithm) {
    return algorithm == AeadAlgorithm.AES_256_GCM ? gcm : xchacha;
  }

  @Override
  public void close() {
    gcm.close();
    xchacha.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(TempKeyRings::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
