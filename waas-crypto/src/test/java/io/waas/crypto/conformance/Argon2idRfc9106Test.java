package io.waas.crypto.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Version;
import io.waas.crypto.internal.Argon2id;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests for the passphrase KDF: the Argon2id test vector of RFC 9106 section 5.3,
 * run through the same native binding the SDK calls, plus a check that the SDK's wrapper feeds
 * that binding exactly (Argon2id, version 1.3, UTF-8 passphrase, 32-byte output).
 */
class Argon2idRfc9106Test {
  private static final byte[] RFC_9106_TAG =
      HexFormat.of().parseHex("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");

  private static byte[] filled(int n, int value) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) value);
    return b;
  }

  @Test
  void argon2id_rfc9106Section5_3_vector_matches() {
    Argon2Advanced argon2 = Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id);
    byte[] tag =
        argon2.rawHashAdvanced(
            3, 32, 4, filled(32, 1), filled(16, 2), filled(8, 3), filled(12, 4), 32, Argon2Version.V13);
    assertArrayEquals(RFC_9106_TAG, tag);
    System.out.println("argon2id RFC 9106 section 5.3 vector: 1 run, 1 passed");
  }

  @Test
  void derive_equalsArgon2idV13OfUtf8Passphrase() {
    char[] passphrase = "correct horse battery staple ü".toCharArray();
    byte[] salt = filled(16, 7);
    byte[] viaSdk = Argon2id.derive(passphrase, salt, 1024, 2, 1);
    byte[] direct =
        Argon2Factory.createAdvanced(Argon2Factory.Argon2Types.ARGON2id)
            .rawHash(2, 1024, 1, new String(passphrase).getBytes(StandardCharsets.UTF_8), salt);
    assertEquals(32, viaSdk.length);
    assertArrayEquals(direct, viaSdk);
    // The SDK must not wipe the caller's passphrase array (it works on a copy).
    assertFalse(new String(passphrase).isBlank());
  }
}
