package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyDisabledException;
import io.waas.core.KeyNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyManagementTest {
  private static final KeyScope ACME = KeyScope.tenant("acme");
  private static final EncryptionContext CTX = EncryptionContext.of("acme", "invoice.total", "inv-7");
  private static final byte[] DATA = "1234.56 EUR".getBytes(UTF_8);

  private TestKeyStore ks;
  private KeyRing ring;
  private DataEncryptor enc;

  @BeforeEach
  void setUp(@TempDir Path tmp) throws GeneralSecurityException {
    ks = new TestKeyStore(tmp.resolve("keys"));
    ring = ks.open();
    enc = ring.encryptor();
  }

  @AfterEach
  void tearDown() {
    ring.close();
  }

  private static long keyId(byte[] ct) throws MalformedCiphertextException {
    return CiphertextHeader.parse(ct).keyId();
  }

  private List<Long> ids(KeyScope scope) throws GeneralSecurityException {
    return ring.keys(scope).stream().map(KeyMetadata::keyId).collect(Collectors.toList());
  }

  // ------------------------------------------------------------ rotation

  @Test
  void rotate_newPrimary_oldCiphertextsStillDecrypt_newOnesCarryNewKeyId() throws Exception {
    byte[] old = enc.encrypt(DATA, CTX);
    long oldId = keyId(old);
    KeyMetadata m = ring.rotate(ACME);
    assertNotEquals(oldId, m.keyId());
    assertTrue(m.primary());
    assertEquals(KeyStatus.ENABLED, m.status());
    byte[] fresh = enc.encrypt(DATA, CTX);
    assertEquals(m.keyId(), keyId(fresh));
    assertArrayEquals(DATA, enc.decrypt(old, CTX));
    assertArrayEquals(DATA, enc.decrypt(fresh, CTX));
    assertEquals(List.of(oldId, m.keyId()), ids(ACME));
  }

  @Test
  void rotate_manyTimes_everyGenerationStillDecrypts() throws Exception {
    List<byte[]> cts = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      cts.add(enc.encrypt(("v" + i).getBytes(UTF_8), CTX));
      ring.rotate(ACME, i % 2 == 0 ? AeadAlgorithm.XCHACHA20_POLY1305 : AeadAlgorithm.AES_256_GCM);
    }
    assertEquals(21, ring.keys(ACME).size());
    assertEquals(21, ids(ACME).stream().distinct().count());
    for (int i = 0; i < cts.size(); i++) {
      assertArrayEquals(("v" + i).getBytes(UTF_8), enc.decrypt(cts.get(i), CTX));
    }
  }

  @Test
  void keys_reportIdsStatusesPrimaryFlagAndClockTimes() throws Exception {
    Instant t0 = ks.clock.instant();
    KeyMetadata first = ring.createKeys(ACME);
    Instant t1 = ks.clock.advance(Duration.ofHours(1));
    KeyMetadata second = ring.rotate(ACME, AeadAlgorithm.XCHACHA20_POLY1305);
    Instant t2 = ks.clock.advance(Duration.ofHours(1));
    ring.disableKey(ACME, first.keyId());

    List<KeyMetadata> keys = ring.keys(ACME);
    assertEquals(2, keys.size());
    KeyMetadata a = keys.get(0);
    KeyMetadata b = keys.get(1);
    assertEquals(first.keyId(), a.keyId());
    assertEquals(ACME, a.scope());
    assertEquals(AeadAlgorithm.AES_256_GCM, a.algorithm());
    assertEquals(KeyStatus.DISABLED, a.status());
    assertFalse(a.primary());
    assertEquals(t0, a.createdAt());
    assertEquals(t2, a.statusChangedAt());

    assertEquals(second.keyId(), b.keyId());
    assertEquals(AeadAlgorithm.XCHACHA20_POLY1305, b.algorithm());
    assertEquals(KeyStatus.ENABLED, b.status());
    assertTrue(b.primary());
    assertEquals(t1, b.createdAt());
    assertEquals(t1, b.statusChangedAt());
    assertTrue(b.toString().contains("primary"), b.toString());
  }

  @Test
  void keys_scopeWithoutKeys_isEmptyAndCreatesNothing() throws Exception {
    assertEquals(List.of(), ring.keys(KeyScope.tenant("nobody")));
    assertEquals(List.of(), ring.tenants());
  }

  @Test
  void keys_persistAcrossReopen() throws Exception {
    KeyMetadata first = ring.createKeys(ACME);
    ring.rotate(ACME);
    ring.disableKey(ACME, first.keyId());
    List<KeyMetadata> before = ring.keys(ACME);
    ring.close();
    ring = ks.open();
    List<KeyMetadata> after = ring.keys(ACME);
    assertEquals(before.toString(), after.toString());
    assertEquals(KeyStatus.DISABLED, after.get(0).status());
  }

  @Test
  void createKeys_isIdempotent() throws Exception {
    KeyMetadata a = ring.createKeys(ACME);
    KeyMetadata b = ring.createKeys(ACME);
    assertEquals(a.keyId(), b.keyId());
    assertEquals(1, ring.keys(ACME).size());
  }

  @Test
  void rotate_scopeWithoutKeys_createsItsFirstKey() throws Exception {
    KeyMetadata m = ring.rotate(ACME);
    assertEquals(List.of(m.keyId()), ids(ACME));
    assertEquals(m.keyId(), keyId(enc.encrypt(DATA, CTX)));
  }

  @Test
  void rotate_withXChaCha_newCiphertextsUseXChaCha_oldGcmStillDecrypts() throws Exception {
    byte[] gcm = enc.encrypt(DATA, CTX);
    assertEquals(AeadAlgorithm.AES_256_GCM, CiphertextHeader.parse(gcm).algorithm());
    KeyMetadata m = ring.rotate(ACME, AeadAlgorithm.XCHACHA20_POLY1305);
    assertEquals(AeadAlgorithm.XCHACHA20_POLY1305, m.algorithm());
    byte[] xc = enc.encrypt(DATA, CTX);
    CiphertextHeader h = CiphertextHeader.parse(xc);
    assertEquals(AeadAlgorithm.XCHACHA20_POLY1305, h.algorithm());
    assertEquals(m.keyId(), h.keyId());
    assertEquals(DATA.length + 80, xc.length);
    assertArrayEquals(DATA, enc.decrypt(xc, CTX));
    assertArrayEquals(DATA, enc.decrypt(gcm, CTX));
  }

  @Test
  void builderAlgorithm_xchacha_isUsedForNewKeys() throws Exception {
    try (KeyRing x = ks.builder().algorithm(AeadAlgorithm.XCHACHA20_POLY1305).build()) {
      byte[] ct = x.encryptor().encrypt(DATA, EncryptionContext.of("xc", "p", "r"));
      assertEquals(AeadAlgorithm.XCHACHA20_POLY1305, CiphertextHeader.parse(ct).algorithm());
      assertEquals(AeadAlgorithm.XCHACHA20_POLY1305, x.rotate(KeyScope.tenant("xc")).algorithm());
    }
  }

  // ------------------------------------------------------------ re-encryption

  @Test
  void reencrypt_oldCiphertext_movesToPrimaryKey() throws Exception {
    byte[] old = enc.encrypt(DATA, CTX);
    KeyMetadata m = ring.rotate(ACME, AeadAlgorithm.XCHACHA20_POLY1305);
    assertFalse(ring.isUnderPrimaryKey(old, CTX));
    byte[] moved = ring.reencrypt(old, CTX);
    assertNotSame(old, moved);
    assertEquals(m.keyId(), keyId(moved));
    assertEquals(AeadAlgorithm.XCHACHA20_POLY1305, CiphertextHeader.parse(moved).algorithm());
    assertTrue(ring.isUnderPrimaryKey(moved, CTX));
    assertArrayEquals(DATA, enc.decrypt(moved, CTX));
    // After migration the old key can go, and the moved data survives.
    ring.destroyKey(ACME, keyId(old));
    assertArrayEquals(DATA, enc.decrypt(moved, CTX));
    assertThrows(KeyDestroyedException.class, () -> enc.decrypt(old, CTX));
  }

  @Test
  void reencrypt_alreadyUnderPrimary_returnsSameArray() throws Exception {
    byte[] ct = enc.encrypt(DATA, CTX);
    assertTrue(ring.isUnderPrimaryKey(ct, CTX));
    assertSame(ct, ring.reencrypt(ct, CTX));
  }

  @Test
  void reencrypt_wrongContext_throwsDecryptionFailed() throws Exception {
    byte[] old = enc.encrypt(DATA, CTX);
    ring.rotate(ACME);
    assertThrows(
        DecryptionFailedException.class, () -> ring.reencrypt(old, EncryptionContext.of("acme", "invoice.total", "inv-8")));
  }

  @Test
  void isUnderPrimaryKey_scopeWithoutKeys_throwsKeyNotFound() throws Exception {
    byte[] ct = enc.encrypt(DATA, CTX);
    assertThrows(KeyNotFoundException.class, () -> ring.isUnderPrimaryKey(ct, EncryptionContext.of("x", "p", "r")));
    assertThrows(MalformedCiphertextException.class, () -> ring.isUnderPrimaryKey(new byte[3], CTX));
  }

  // ------------------------------------------------------------ disable, enable, destroy

  @Test
  void disableKey_decryptThrowsKeyDisabled_enableKey_decryptWorksAgain() throws Exception {
    byte[] old = enc.encrypt(DATA, CTX);
    long oldId = keyId(old);
    ring.rotate(ACME);
    ring.disableKey(ACME, oldId);
    KeyDisabledException e = assertThrows(KeyDisabledException.class, () -> enc.decrypt(old, CTX));
    assertEquals(oldId, e.keyId());
    assertEquals(ACME.toString(), e.scope());
    assertEquals(KeyStatus.DISABLED, ring.keys(ACME).get(0).status());
    // Encryption under the primary is unaffected.
    assertArrayEquals(DATA, enc.decrypt(enc.encrypt(DATA, CTX), CTX));

    ring.enableKey(ACME, oldId);
    assertArrayEquals(DATA, enc.decrypt(old, CTX));
    assertEquals(KeyStatus.ENABLED, ring.keys(ACME).get(0).status());
  }

  @Test
  void disableKey_isSeenByAnotherInstanceAfterReopen() throws Exception {
    byte[] old = enc.encrypt(DATA, CTX);
    ring.rotate(ACME);
    ring.disableKey(ACME, keyId(old));
    try (KeyRing other = ks.open()) {
      assertThrows(KeyDisabledException.class, () -> other.encryptor().decrypt(old, CTX));
    }
  }

  @Test
  void disableOrDestroyPrimary_throwsIllegalState_andChangesNothing() throws Exception {
    KeyMetadata p = ring.createKeys(ACME);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ring.disableKey(ACME, p.keyId()));
    assertTrue(String.valueOf(e.getMessage()).contains("primary"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> ring.destroyKey(ACME, p.keyId()));
    List<KeyMetadata> keys = ring.keys(ACME);
    assertEquals(1, keys.size());
    assertEquals(KeyStatus.ENABLED, keys.get(0).status());
    assertTrue(keys.get(0).primary());
    assertArrayEquals(DATA, enc.decrypt(enc.encrypt(DATA, CTX), CTX));
  }

  @Test
  void enablePrimary_isAllowedNoOp() throws Exception {
    KeyMetadata p = ring.createKeys(ACME);
    ring.enableKey(ACME, p.keyId());
    assertTrue(ring.keys(ACME).get(0).primary());
  }

  @Test
  void destroyKey_decryptThrowsKeyDestroyed_andCannotBeUndone() throws Exception {
    byte[] old = enc.encrypt(DATA, CTX);
    long oldId = keyId(old);
    ring.rotate(ACME);
    ring.destroyKey(ACME, oldId);
    KeyDestroyedException e = assertThrows(KeyDestroyedException.class, () -> enc.decrypt(old, CTX));
    assertEquals(oldId, e.keyId());
    assertThrows(KeyDestroyedException.class, () -> ring.enableKey(ACME, oldId));
    assertThrows(KeyDestroyedException.class, () -> ring.disableKey(ACME, oldId));
    assertThrows(KeyDestroyedException.class, () -> ring.destroyKey(ACME, oldId));
    assertEquals(KeyStatus.DESTROYED, ring.keys(ACME).get(0).status());
    try (KeyRing other = ks.open()) {
      assertThrows(KeyDestroyedException.class, () -> other.encryptor().decrypt(old, CTX));
    }
  }

  @Test
  void destroyKey_removesItsMaterialFromTheStore() throws Exception {
    byte[] old = enc.encrypt(DATA, CTX);
    long oldId = keyId(old);
    ring.rotate(ACME);
    byte[] material = ks.material(ring, ACME, oldId);
    ring.destroyKey(ACME, oldId);
    try (Stream<Path> files = Files.list(ks.dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        assertFalse(TestKeyStore.contains(Files.readAllBytes(f), material), f.toString());
      }
    }
    assertFalse(TestKeyStore.contains(ks.payload(ring.storageName(ACME)), material));
  }

  @Test
  void changeStatus_unknownKeyOrScope_throwsKeyNotFound() throws Exception {
    ring.createKeys(ACME);
    assertThrows(KeyNotFoundException.class, () -> ring.disableKey(ACME, 12345));
    assertThrows(KeyNotFoundException.class, () -> ring.enableKey(ACME, 12345));
    assertThrows(KeyNotFoundException.class, () -> ring.destroyKey(ACME, 12345));
    assertThrows(KeyNotFoundException.class, () -> ring.disableKey(KeyScope.tenant("ghost"), 1));
    assertEquals(List.of(), ring.keys(KeyScope.tenant("ghost")));
  }

  // ------------------------------------------------------------ creation policy

  @Test
  void createKeysOnFirstUseFalse_encryptThrowsKeyNotFound_untilCreateKeys(@TempDir Path tmp) throws Exception {
    TestKeyStore strict = new TestKeyStore(tmp.resolve("strict"));
    try (KeyRing r = strict.builder().createKeysOnFirstUse(false).build()) {
      DataEncryptor e = r.encryptor();
      assertThrows(KeyNotFoundException.class, () -> e.encrypt(DATA, CTX));
      EncryptionContext subj = EncryptionContext.builder("acme").subject("alice").build();
      assertThrows(KeyNotFoundException.class, () -> e.encrypt(DATA, subj));
      assertEquals(List.of(), r.keys(ACME));
      assertEquals(List.of(), strict.events.ofType(CryptoEvents.KEY_CREATED));

      KeyMetadata m = r.createKeys(ACME);
      byte[] ct = e.encrypt(DATA, CTX);
      assertEquals(m.keyId(), keyId(ct));
      assertArrayEquals(DATA, e.decrypt(ct, CTX));
      // The subject is a scope of its own and still has no keys.
      assertThrows(KeyNotFoundException.class, () -> e.encrypt(DATA, subj));
      r.createKeys(KeyScope.subject("acme", "alice"));
      assertArrayEquals(DATA, e.decrypt(e.encrypt(DATA, subj), subj));
    }
  }

  @Test
  void encrypt_createsKeysOnFirstUse_byDefault() throws Exception {
    assertEquals(List.of(), ring.keys(ACME));
    byte[] ct = enc.encrypt(DATA, CTX);
    assertEquals(List.of(keyId(ct)), ids(ACME));
  }

  // ------------------------------------------------------------ listing, naming, closing

  @Test
  void tenantsAndSubjectCount_listWhatTheStoreHolds() throws Exception {
    enc.encrypt(DATA, EncryptionContext.of("zeta", "p", "r"));
    enc.encrypt(DATA, CTX);
    enc.encrypt(DATA, EncryptionContext.builder("acme").subject("alice").build());
    enc.encrypt(DATA, EncryptionContext.builder("acme").subject("bob").build());
    enc.encrypt(DATA, EncryptionContext.of("ünïcødé tenant/ü", "p", "r"));
    assertEquals(
        List.of(ACME, KeyScope.tenant("zeta"), KeyScope.tenant("ünïcødé tenant/ü")), ring.tenants());
    assertEquals(2, ring.subjectKeysetCount(ACME));
    assertEquals(0, ring.subjectKeysetCount(KeyScope.tenant("zeta")));
  }

  @Test
  void storeFileNames_neverRevealSubjectIds() throws Exception {
    enc.encrypt(DATA, EncryptionContext.builder("acme").subject("alice@example.com").build());
    try (Stream<Path> files = Files.list(ks.dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String n = f.getFileName().toString();
        assertFalse(n.contains("alice"), n);
        assertFalse(TestKeyStore.contains(Files.readAllBytes(f), "alice".getBytes(UTF_8)), n);
      }
    }
  }

  @Test
  void closedKeyRing_refusesUse() throws Exception {
    byte[] ct = enc.encrypt(DATA, CTX);
    ring.close();
    ring.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> enc.encrypt(DATA, CTX));
    assertThrows(IllegalStateException.class, () -> enc.decrypt(ct, CTX));
    assertThrows(IllegalStateException.class, () -> ring.rotate(ACME));
  }

  @Test
  void builder_withoutStoreOrMasterKey_throwsIllegalState() throws IOException {
    assertThrows(IllegalStateException.class, () -> KeyRing.builder().masterKey(ks.masterKey()).build());
    assertThrows(IllegalStateException.class, () -> KeyRing.builder().directory(ks.dir).build());
  }
}
