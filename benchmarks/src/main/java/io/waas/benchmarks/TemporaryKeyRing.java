package io.waas.benchmarks;

import io.waas.core.SecretBytes;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.KeyRing;
import io.waas.crypto.MasterKeySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real key ring for benchmark setup: a fresh temporary directory, a random master key, no
 * event output. {@link #close()} closes the key ring and deletes the directory.
 */
final class TemporaryKeyRing implements AutoCloseable {
  private final Path directory;
  private final KeyRing ring;

  private TemporaryKeyRing(Path directory, KeyRing ring) {
    this.directory = directory;
    this.ring = ring;
  }

  /**
   * Opens a key ring on a new temporary directory.
   *
   * @param prefix the directory name's prefix
   * @return the key ring and its directory
   * @throws IOException if the directory cannot be created
   * @throws GeneralSecurityException if the key ring cannot be opened
   */
  static TemporaryKeyRing open(String prefix) throws IOException, GeneralSecurityException {
    Path dir = Files.createTempDirectory(prefix);
    try (SecretBytes masterKey = SecretBytes.random(32)) {
      KeyRing ring =
          KeyRing.builder()
              .directory(dir.resolve("keys"))
              .masterKey(MasterKeySource.keyMaterial(masterKey))
              .eventListener(SecurityEventListener.none())
              .build();
      return new TemporaryKeyRing(dir, ring);
    }
  }

  /** Returns the key ring. */
  KeyRing ring() {
    return ring;
  }

  /**
   * Closes the key ring and deletes its directory.
   *
   * @throws IOException if the directory cannot be deleted
   */
  @Override
  public void close() throws IOException {
    ring.close();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
