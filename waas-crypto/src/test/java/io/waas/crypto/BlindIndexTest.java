package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.subtle.Hkdf;
import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyNotFoundException;
import io.waas.core.MalformedDataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlindIndexTest {
  @TempDir @SuppressWarnings("NullAway.Init") Path dir;

  private static final KeyScope ACME = KeyScope.tenant("acme");

  @Test
  void compute_sameValue_sameToken() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      BlindIndex idx = ring.blindIndex(ACME, "customer.email", BlindIndexParameters.defaults());
      String a = idx.compute("alice@example.com");
      assertEquals(a, idx.compute(new String("alice@example.com".toCharArray())));
      assertEquals(a, ring.blindIndex(ACME, "customer.email", BlindIndexParameters.defaults()).compute("alice@example.com"));
    }
  }

  @Test
  void compute_differentValuesFieldsScopesOrParameters_differentTokens() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      BlindIndexParameters p = BlindIndexParameters.defaults();
      List<String> macs =
          List.of(
              ring.blindIndex(ACME, "customer.email", p).compute("alice@example.com"),
              ring.blindIndex(ACME, "customer.email", p).compute("bob@example.com"),
              ring.blindIndex(ACME, "customer.email", p).compute("Alice@example.com"),
              ring.blindIndex(ACME, "customer.email", p).compute(""),
              ring.blindIndex(ACME, "customer.login", p).compute("alice@example.com"),
              ring.blindIndex(KeyScope.tenant("globex"), "customer.email", p).compute("alice@example.com"),
              ring.blindIndex(KeyScope.subject("acme", "u1"), "customer.email", p).compute("alice@example.com"),
              ring.blindIndex(ACME, "customer.email", BlindIndexParameters.email()).compute("alice@example.com"),
              ring.blindIndex(ACME, "customer.email", p.withBits(136)).compute("alice@example.com"));
      Set<String> bodies = new HashSet<>();
      for (String token : macs) {
        byte[] raw = Base64.getUrlDecoder().decode(token);
        bodies.add(Arrays.toString(Arrays.copyOfRange(raw, 5, 5 + 16)));
      }
      assertEquals(macs.size(), bodies.size(), "no two of these share even the first 128 MAC bits: " + macs);
    }
  }

  @Test
  void compute_tokenIsBase64UrlOfVersionKeyIdAndTruncatedHmac() throws Exception {
    TestKeyStore ts = new TestKeyStore(dir);
    try (KeyRing ring = ts.open()) {
      BlindIndex idx = ring.blindIndex(ACME, "customer.email", BlindIndexParameters.email());
      String token = idx.compute("  Alice@Example.COM ");
      assertEquals(28, token.length());
      assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
      long keyId = ring.keys(ACME).get(0).keyId();
      assertEquals(keyId, idx.keyIdOf(token));

      byte[] material = ts.material(ring, ACME, keyId);
      byte[] macKey =
          Hkdf.computeHkdf(
              "HMACSHA256", material, new byte[0], "waas-crypto/v1/blind-index/customer.email/EMAIL/128".getBytes(UTF_8), 32);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
      byte[] expectedMac = mac.doFinal("alice@example.com".getBytes(UTF_8));
      byte[] raw = Base64.getUrlDecoder().decode(token);
      assertEquals(1, raw[0]);
      assertArrayEquals(
          new byte[] {(byte) (keyId >>> 24), (byte) (keyId >>> 16), (byte) (keyId >>> 8), (byte) keyId},
          Arrays.copyOfRange(raw, 1, 5));
      assertArrayEquals(Arrays.copyOf(expectedMac, 16), Arrays.copyOfRange(raw, 5, raw.length));
    }
  }

  @Test
  void compute_truncationLengths_giveExpectedTokenLengths() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      assertEquals(12, ring.blindIndex(ACME, "f", BlindIndexParameters.coarse()).compute("x").length());
      assertEquals(18, ring.blindIndex(ACME, "f", BlindIndexParameters.compact()).compute("x").length());
      assertEquals(50, ring.blindIndex(ACME, "f", BlindIndexParameters.defaults().withBits(256)).compute("x").length());
    }
  }

  @Test
  void compute_emailNormalization_matchesCaseAndWhitespaceVariants() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      BlindIndex email = ring.blindIndex(ACME, "customer.email", BlindIndexParameters.email());
      String t = email.compute("alice@example.com");
      assertEquals(t, email.compute("ALICE@Example.Com"));
      assertEquals(t, email.compute("\t alice@example.com \n"));
      assertNotEquals(t, email.compute("alice@example.org"));
      BlindIndex exact = ring.blindIndex(ACME, "customer.email", BlindIndexParameters.defaults());
      assertNotEquals(exact.compute("alice@example.com"), exact.compute("ALICE@example.com"));
    }
  }

  @Test
  void compute_unicodeForms_matchAfterNfc() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      BlindIndex exact = ring.blindIndex(ACME, "name", BlindIndexParameters.defaults());
      assertEquals(exact.compute("Ren\u00e9"), exact.compute("Rene\u0301"));
      BlindIndex folded =
          ring.blindIndex(ACME, "name", BlindIndexParameters.defaults().withNormalization(BlindIndexNormalization.CASE_INSENSITIVE));
      assertEquals(folded.compute("STRASSE"), folded.compute("Stra\u00dfe"));
      assertEquals(folded.compute("REN\u00c9"), folded.compute("rene\u0301"));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> exact.compute("a\ud800b"));
      assertTrue(String.valueOf(e.getMessage()).contains("surrogate"), e.getMessage());
    }
  }

  @Test
  void lookupTokens_afterRotation_findOldAndNewTokens() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      BlindIndex idx = ring.blindIndex(ACME, "customer.email", BlindIndexParameters.defaults());
      String old = idx.compute("alice@example.com");
      assertEquals(List.of(old), idx.lookupTokens("alice@example.com"));
      ring.rotate(ACME);
      String fresh = idx.compute("alice@example.com");
      assertNotEquals(old, fresh);
      assertEquals(List.of(fresh, old), idx.lookupTokens("alice@example.com"));
      assertNotEquals(idx.keyIdOf(old), idx.keyIdOf(fresh));
      ring.disableKey(ACME, idx.keyIdOf(old));
      assertEquals(List.of(fresh), idx.lookupTokens("alice@example.com"));
    }
  }

  @Test
  void shred_computeAndLookupFailWithKeyDestroyed() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      BlindIndex idx = ring.blindIndex(ACME, "customer.email", BlindIndexParameters.defaults());
      idx.compute("alice@example.com");
      ring.shred(ACME);
      assertThrows(KeyDestroyedException.class, () -> idx.lookupTokens("alice@example.com"));
      assertThrows(KeyDestroyedException.class, () -> idx.compute("alice@example.com"));
      // A new key generation indexes anew; nothing of the shredded generation matches.
      ring.rotate(ACME);
      assertEquals(1, idx.lookupTokens("alice@example.com").size());
    }
  }

  @Test
  void lookupTokens_scopeWithoutKeys_keyNotFound() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      BlindIndex idx = ring.blindIndex(KeyScope.tenant("new"), "f", BlindIndexParameters.defaults());
      assertThrows(KeyNotFoundException.class, () -> idx.lookupTokens("x"));
    }
  }

  @Test
  void keyIdOf_malformedToken_failsTyped() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      BlindIndex idx = ring.blindIndex(ACME, "f", BlindIndexParameters.defaults());
      String token = idx.compute("x");
      assertThrows(MalformedDataException.class, () -> idx.keyIdOf(""));
      assertThrows(MalformedDataException.class, () -> idx.keyIdOf(token.substring(1)));
      assertThrows(MalformedDataException.class, () -> idx.keyIdOf("*" + token.substring(1)));
      assertThrows(MalformedDataException.class, () -> idx.keyIdOf(token + "A"));
      byte[] raw = Base64.getUrlDecoder().decode(token);
      raw[0] = 2;
      assertThrows(MalformedDataException.class, () -> idx.keyIdOf(Base64.getUrlEncoder().withoutPadding().encodeToString(raw)));
      Arrays.fill(raw, 1, 5, (byte) 0);
      raw[0] = 1;
      assertThrows(MalformedDataException.class, () -> idx.keyIdOf(Base64.getUrlEncoder().withoutPadding().encodeToString(raw)));
      BlindIndex coarse = ring.blindIndex(ACME, "f", BlindIndexParameters.coarse());
      assertThrows(MalformedDataException.class, () -> coarse.keyIdOf(token), "another index's length");
    }
  }

  @Test
  void blindIndex_badField_refused() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      BlindIndexParameters p = BlindIndexParameters.defaults();
      assertThrows(IllegalArgumentException.class, () -> ring.blindIndex(ACME, "", p));
      assertThrows(IllegalArgumentException.class, () -> ring.blindIndex(ACME, "a/b", p));
      assertThrows(IllegalArgumentException.class, () -> ring.blindIndex(ACME, "Email", p));
      assertThrows(IllegalArgumentException.class, () -> ring.blindIndex(ACME, "x".repeat(65), p));
    }
  }

  /**
   * With 32-bit tokens, 300,000 distinct values are expected to produce about 10 colliding pairs
   * (n^2 / 2^33); the chance of none is below 1 in 30,000. The lookup must then return rows of
   * other values, which the caller filters by comparing the decrypted value.
   */
  @Test
  void coarseTokens_manyValues_produceFalsePositivesThatDecryptionFilters() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      BlindIndex idx = ring.blindIndex(ACME, "birthdate", BlindIndexParameters.coarse());
      String[] pair = firstCollision(idx, 300_000);
      String collidingA = pair[0];
      String collidingB = pair[1];
      // A "table" with the two colliding values, encrypted per record.
      DataEncryptor enc = ring.encryptor();
      List<Object[]> table = new ArrayList<>();
      for (String v : List.of(collidingA, collidingB)) {
        EncryptionContext ctx = EncryptionContext.of("acme", "birthdate", "rec-" + v);
        table.add(new Object[] {ctx, enc.encrypt(v.getBytes(UTF_8), ctx), idx.compute(v)});
      }
      List<String> tokens = idx.lookupTokens(collidingA);
      List<String> candidates = new ArrayList<>();
      List<String> matches = new ArrayList<>();
      for (Object[] row : table) {
        if (tokens.contains((String) row[2])) {
          String plain = new String(enc.decrypt((byte[]) row[1], (EncryptionContext) row[0]), UTF_8);
          candidates.add(plain);
          if (plain.equals(collidingA)) {
            matches.add(plain);
          }
        }
      }
      assertEquals(2, candidates.size(), "the index returns both rows");
      assertEquals(List.of(collidingA), matches, "comparing the decrypted values leaves the real match");
      assertFalse(collidingA.equals(collidingB));
    }
  }

  private static String[] firstCollision(BlindIndex idx, int values) throws Exception {
    Map<String, String> firstValueOfToken = new HashMap<>();
    for (int i = 0; i < values; i++) {
      String value = "value-" + i;
      String previous = firstValueOfToken.putIfAbsent(idx.compute(value), value);
      if (previous != null) {
        return new String[] {previous, value};
      }
    }
    throw new AssertionError("32-bit tokens must collide within " + values + " values");
  }

  @Test
  void compute_concurrentThreadsDuringRotation_allTokensFound() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      BlindIndex idx = ring.blindIndex(ACME, "customer.email", BlindIndexParameters.email());
      ring.createKeys(ACME);
      int threads = 6;
      int perThread = 300;
      List<List<String>> written =
          Concurrently.run(
              threads,
              t -> {
                List<String> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                  mine.add(idx.compute("User" + i + "@T" + t + ".example"));
                  if (t == 0 && i % 100 == 0) {
                    ring.rotate(ACME);
                  }
                }
                return mine;
              });
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < perThread; i++) {
          List<String> lookup = idx.lookupTokens("user" + i + "@t" + t + ".example");
          assertTrue(lookup.contains(written.get(t).get(i)), "token written during rotations is found");
        }
      }
    }
  }
}
