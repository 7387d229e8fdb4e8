package io.waas.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyDisabledException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data-key cache, observed from outside: a second key ring on the same directory changes keys,
 * and the first one's encryptions show (through the key id in their headers) when it reloads.
 */
class KeyRingCacheTest {
  private static final KeyScope ACME = KeyScope.tenant("acme");
  private static final EncryptionContext CTX = EncryptionContext.of("acme", "p", "r");
  private static final long BIG = Long.MAX_VALUE;

  private TestKeyStore ks;
  /** Changes keys behind the back of the ring under test. */
  private KeyRing other;

  @BeforeEach
  void setUp(@TempDir Path tmp) throws GeneralSecurityException {
    ks = new TestKeyStore(tmp.resolve("keys"));
    other = ks.open();
  }

  @AfterEach
  void tearDown() {
    other.close();
  }

  private KeyRing ring(DataKeyCachePolicy policy) throws GeneralSecurityException {
    return ks.builder().cachePolicy(policy).build();
  }

  private static long encryptKeyId(KeyRing r, EncryptionContext ctx, int size) throws GeneralSecurityException {
    return CiphertextHeader.parse(r.encryptor().encrypt(new byte[size], ctx)).keyId();
  }

  private static long encryptKeyId(KeyRing r) throws GeneralSecurityException {
    return encryptKeyId(r, CTX, 1);
  }

  @Test
  void rotationByAnotherInstance_isPickedUpAfterMaxAge() throws Exception {
    try (KeyRing r = ring(DataKeyCachePolicy.of(Duration.ofMinutes(1), BIG, BIG, 100))) {
      long k0 = encryptKeyId(r);
      long k1 = other.rotate(ACME).keyId();
      assertEquals(k0, encryptKeyId(r), "still cached");
      ks.clock.advance(Duration.ofSeconds(59));
      assertEquals(k0, encryptKeyId(r), "still cached just before maxAge");
      ks.clock.advance(Duration.ofSeconds(1));
      assertEquals(k1, encryptKeyId(r), "reloaded at maxAge");
    }
  }

  @Test
  void decryptOfCiphertextWithUnknownKeyId_reloadsImmediately() throws Exception {
    try (KeyRing r = ring(DataKeyCachePolicy.of(Duration.ofHours(1), BIG, BIG, 100))) {
      long k0 = encryptKeyId(r);
      long k1 = other.rotate(ACME).keyId();
      byte[] ct = other.encryptor().encrypt(new byte[] {5}, CTX);
      assertEquals(k0, encryptKeyId(r));
      assertArrayEquals(new byte[] {5}, r.encryptor().decrypt(ct, CTX));
      assertEquals(k1, encryptKeyId(r), "the reload also brought the new primary");
    }
  }

  @Test
  void messageLimit_causesReload() throws Exception {
    try (KeyRing r = ring(DataKeyCachePolicy.of(Duration.ofHours(1), 3, BIG, 100))) {
      long k0 = encryptKeyId(r); // message 1 of the cached copy
      long k1 = other.rotate(ACME).keyId();
      assertEquals(k0, encryptKeyId(r)); // 2
      assertEquals(k0, encryptKeyId(r)); // 3
      assertEquals(k1, encryptKeyId(r)); // limit reached: reload
    }
  }

  @Test
  void byteLimit_causesReload() throws Exception {
    try (KeyRing r = ring(DataKeyCachePolicy.of(Duration.ofHours(1), BIG, 100, 100))) {
      long k0 = encryptKeyId(r, CTX, 60);
      long k1 = other.rotate(ACME).keyId();
      assertEquals(k0, encryptKeyId(r, CTX, 30)); // 90 bytes
      assertEquals(k0, encryptKeyId(r, CTX, 10)); // 100 bytes
      assertEquals(k1, encryptKeyId(r, CTX, 1)); // limit reached: reload
    }
  }

  @Test
  void decryptions_doNotCountAgainstLimits() throws Exception {
    try (KeyRing r = ring(DataKeyCachePolicy.of(Duration.ofHours(1), 2, BIG, 100))) {
      byte[] ct = r.encryptor().encrypt(new byte[1], CTX);
      long k0 = CiphertextHeader.parse(ct).keyId();
      other.rotate(ACME);
      for (int i = 0; i < 10; i++) {
        r.encryptor().decrypt(ct, CTX);
      }
      assertEquals(k0, encryptKeyId(r));
    }
  }

  @Test
  void maxScopes_boundsTheCache_evictedScopesAreReloaded() throws Exception {
    EncryptionContext globex = EncryptionContext.of("globex", "p", "r");
    try (KeyRing bounded = ring(DataKeyCachePolicy.of(Duration.ofHours(1), BIG, BIG, 1));
        KeyRing roomy = ring(DataKeyCachePolicy.of(Duration.ofHours(1), BIG, BIG, 10))) {
      long k0 = encryptKeyId(bounded);
      assertEquals(k0, encryptKeyId(roomy));
      ks.clock.advance(Duration.ofMillis(1));
      encryptKeyId(bounded, globex, 1); // the second scope pushes acme out of a one-scope cache
      encryptKeyId(roomy, globex, 1);
      long k1 = other.rotate(ACME).keyId();
      assertEquals(k1, encryptKeyId(bounded), "acme was evicted, so it is read again");
      assertEquals(k0, encryptKeyId(roomy), "acme is still cached");
    }
  }

  @Test
  void maxAgeZero_readsTheStoreEveryTime() throws Exception {
    try (KeyRing r = ring(DataKeyCachePolicy.of(Duration.ZERO, BIG, BIG, 100))) {
      encryptKeyId(r);
      for (int i = 0; i < 3; i++) {
        assertEquals(other.rotate(ACME).keyId(), encryptKeyId(r));
      }
    }
  }

  @Test
  void invalidateCache_forcesReload() throws Exception {
    try (KeyRing r = ring(DataKeyCachePolicy.defaults())) {
      encryptKeyId(r);
      long k1 = other.rotate(ACME).keyId();
      r.invalidateCache();
      assertEquals(k1, encryptKeyId(r));
    }
  }

  @Test
  void shredByAnotherInstance_takesEffectWithinMaxAge() throws Exception {
    try (KeyRing r = ring(DataKeyCachePolicy.of(Duration.ofMinutes(5), BIG, BIG, 100))) {
      byte[] ct = r.encryptor().encrypt(new byte[] {1}, CTX);
      other.shred(ACME);
      // The documented window: another process's shred is seen within maxAge.
      ks.clock.advance(Duration.ofMinutes(5));
      assertThrows(KeyDestroyedException.class, () -> r.encryptor().decrypt(ct, CTX));
      assertThrows(KeyDestroyedException.class, () -> r.encryptor().encrypt(new byte[1], CTX));
    }
  }

  @Test
  void disableByAnotherInstance_takesEffectAfterMaxAge() throws Exception {
    try (KeyRing r = ring(DataKeyCachePolicy.of(Duration.ofMinutes(5), BIG, BIG, 100))) {
      byte[] ct = r.encryptor().encrypt(new byte[] {1}, CTX);
      other.rotate(ACME);
      other.disableKey(ACME, CiphertextHeader.parse(ct).keyId());
      assertArrayEquals(new byte[] {1}, r.encryptor().decrypt(ct, CTX), "stale within maxAge");
      ks.clock.advance(Duration.ofMinutes(5));
      assertThrows(KeyDisabledException.class, () -> r.encryptor().decrypt(ct, CTX));
    }
  }

  @Test
  void changesByTheSameInstance_areSeenImmediately() throws Exception {
    try (KeyRing r = ring(DataKeyCachePolicy.of(Duration.ofHours(1), BIG, BIG, 100))) {
      byte[] ct = r.encryptor().encrypt(new byte[] {1}, CTX);
      long k1 = r.rotate(ACME).keyId();
      assertEquals(k1, encryptKeyId(r));
      r.disableKey(ACME, CiphertextHeader.parse(ct).keyId());
      assertThrows(KeyDisabledException.class, () -> r.encryptor().decrypt(ct, CTX));
      r.shred(ACME);
      assertThrows(KeyDestroyedException.class, () -> r.encryptor().encrypt(new byte[1], CTX));
    }
  }

  @Test
  void policy_validatesLimits() {
    assertThrows(IllegalArgumentException.class, () -> DataKeyCachePolicy.of(Duration.ofSeconds(-1), 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> DataKeyCachePolicy.of(Duration.ZERO, 0, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> DataKeyCachePolicy.of(Duration.ZERO, 1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> DataKeyCachePolicy.of(Duration.ZERO, 1, 1, 0));
    DataKeyCachePolicy d = DataKeyCachePolicy.defaults();
    assertEquals(Duration.ofMinutes(5), d.maxAge());
    assertEquals(1L << 24, d.maxMessages());
    assertEquals(1L << 36, d.maxBytes());
    assertEquals(10_000, d.maxScopes());
  }
}
