package io.waas.auth.password;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;

/**
 * Arbitrary stored hashes (every format: Argon2id PHC, bcrypt, scrypt, passlib and Django
 * PBKDF2) through a hasher that accepts all legacy formats: only {@link
 * MalformedPasswordHashException}, or a verification result. Legacy costs are bounded by the
 * parsers, so no input makes this slow.
 */
class StoredHashFuzzTest {
  private static final PasswordHasher HASHER =
      PasswordHasher.builder()
          .parameters(Argon2Parameters.insecureForTests(64, 1, 1))
          .legacyAlgorithms(LegacyAlgorithm.BCRYPT, LegacyAlgorithm.SCRYPT, LegacyAlgorithm.PBKDF2_SHA256)
          .budget(HashingBudget.ofConcurrentHashes(1, Duration.ofMinutes(1)))
          .eventListener(e -> {})
          .build();

  @FuzzTest(maxDuration = "30s")
  void parseLegacy_arbitraryString_throwsOnlyMalformed(byte[] input) {
    String s = new String(input, StandardCharsets.ISO_8859_1);
    try {
      LegacyHash h = LegacyHash.parse(s);
      assertTrue(LegacyHash.detect(s) == h.algorithm);
      assertTrue(h.memoryKiB() <= (1 << 20));
    } catch (MalformedPasswordHashException e) {
      assertFalse(String.valueOf(e.getMessage()).isEmpty());
    }
  }

  @FuzzTest(maxDuration = "30s")
  void verify_arbitraryStoredHash_throwsOnlyTypedFailures(byte[] input) throws GeneralSecurityException {
    String s = new String(input, StandardCharsets.ISO_8859_1);
    if (LegacyHash.detect(s) != null) {
      return; // legacy formats: parse-only above (their real costs are too slow per fuzz input)
    }
    boolean peppered = false;
    try {
      Argon2PhcHash h = Argon2PhcHash.parse(s);
      if ((long) h.parameters.memoryKiB() * h.parameters.iterations() > 4096) {
        return; // valid but too expensive to compute per fuzz input
      }
      peppered = h.pepperVersion != null;
    } catch (MalformedPasswordHashException e) {
      // verify must report the same
    }
    try {
      HASHER.verify("fuzz".toCharArray(), s);
      assertFalse(peppered, "a peppered hash verified without a pepper");
    } catch (MalformedPasswordHashException e) {
      assertFalse(String.valueOf(e.getMessage()).isEmpty());
    } catch (IllegalStateException e) {
      assertTrue(peppered, "IllegalStateException for a hash without pepper version");
    }
  }
}
