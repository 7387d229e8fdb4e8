package io.waas.crypto.internal;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Argon2id key derivation (RFC 9106) through argon2-jvm's native binding. */
public final class Argon2id {
  private Argon2id() {}

  /**
   * Derives 32 bytes from a passphrase. Always Argon2id, version 1.3.
   *
   * @param passphrase the passphrase; not modified
   * @param salt random salt
   * @param memoryKiB memory cost in KiB
   * @param iterations time cost
   * @param parallelism lanes
   * @return the derived key; the caller must wipe it
   */
  public static byte[] derive(char[] passphrase, byte[] salt, int memoryKiB, int iterations, int parallelism) {
    Argon2Advanced argon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id);
    char[] copy = passphrase.clone();
    try {
      return argon2.rawHash(iterations, memoryKiB, parallelism, copy, StandardCharsets.UTF_8, salt);
    } finally {
      Arrays.fill(copy, '\0');
    }
  }
}
