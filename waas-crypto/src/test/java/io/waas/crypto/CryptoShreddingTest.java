package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.KeyDestroyedException;
import io.waas.crypto.internal.KeysetCodec;
import io.waas.crypto.internal.LocalMasterKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoShreddingTest {
  private static final KeyScope ACME = KeyScope.tenant("acme");
  private static final KeyScope GLOBEX = KeyScope.tenant("globex");
  private static final List<String> SUBJECTS = List.of("alice", "bob", "carol");

  private TestKeyStore ks;
  private KeyRing ring;
  private DataEncryptor enc;
  /** Ciphertexts made in setUp, by context. */
  private final Map<EncryptionContext, List<byte[]>> data = new LinkedHashMap<>();

  @BeforeEach
  void setUp(@TempDir Path tmp) throws GeneralSecurityException {
    ks = new TestKeyStore(tmp.resolve("keys"));
    ring = ks.open();
    enc = ring.encryptor();
    for (String tenant : List.of("acme", "globex")) {
      store(EncryptionContext.of(tenant, "profile", "r1"));
      for (String s : SUBJECTS) {
        store(ctx(tenant, s));
      }
    }
    // A second key generation for some scopes, so shredding must cover old keys as well.
    ring.rotate(ACME);
    ring.rotate(KeyScope.subject("acme", "alice"), AeadAlgorithm.XCHACHA20_POLY1305);
    ring.rotate(GLOBEX);
    for (EncryptionContext c : List.copyOf(data.keySet())) {
      store(c);
    }
  }

  @AfterEach
  void tearDown() {
    ring.close();
  }

  private static EncryptionContext ctx(String tenant, String subject) {
    return EncryptionContext.builder(tenant).subject(subject).purpose("profile").recordId("r1").build();
  }

  private static byte[] plaintext(EncryptionContext c) {
    return ("data of " + c).getBytes(UTF_8);
  }

  private void store(EncryptionContext c) throws GeneralSecurityException {
    data.computeIfAbsent(c, k -> new ArrayList<>()).add(enc.encrypt(plaintext(c), c));
  }

  private void assertReadable(KeyRing r, EncryptionContext c) throws GeneralSecurityException {
    for (byte[] ct : data.getOrDefault(c, List.of())) {
      assertArrayEquals(plaintext(c), r.encryptor().decrypt(ct, c), c.toString());
    }
  }

  private void assertShredded(KeyRing r, EncryptionContext c) {
    for (byte[] ct : data.getOrDefault(c, List.of())) {
      assertThrows(KeyDestroyedException.class, () -> r.encryptor().decrypt(ct, c), c.toString());
    }
  }

  @Test
  void shredTenant_tenantAndAllItsSubjectsFailWithKeyDestroyed_otherTenantsUnaffected() throws Exception {
    assertEquals(1 + SUBJECTS.size(), ring.shred(ACME));
    for (EncryptionContext c : data.keySet()) {
      if (c.tenant().equals("acme")) {
        assertShredded(ring, c);
      } else {
        assertReadable(ring, c);
      }
    }
    assertTrue(ring.keys(ACME).stream().allMatch(k -> k.status() == KeyStatus.DESTROYED && !k.primary()));
    assertEquals(2, ring.keys(ACME).size(), "the tombstone keeps the key ids");
    assertTrue(ring.keys(GLOBEX).stream().anyMatch(KeyMetadata::primary));
  }

  @Test
  void shredSubject_leavesTenantAndOtherSubjectsReadable() throws Exception {
    assertEquals(1, ring.shred(KeyScope.subject("acme", "alice")));
    for (EncryptionContext c : data.keySet()) {
      if ("alice".equals(c.subject()) && c.tenant().equals("acme")) {
        assertShredded(ring, c);
      } else {
        assertReadable(ring, c);
      }
    }
    // Other subjects and the tenant still encrypt new data.
    EncryptionContext bob = ctx("acme", "bob");
    assertArrayEquals(new byte[] {1}, enc.decrypt(enc.encrypt(new byte[] {1}, bob), bob));
  }

  @Test
  void shredTenant_keyMaterialIsGoneFromEveryFileInTheStore() throws Exception {
    List<byte[]> acmeKeys = new ArrayList<>(ks.allMaterial(ring, ACME));
    for (String s : SUBJECTS) {
      acmeKeys.addAll(ks.allMaterial(ring, KeyScope.subject("acme", s)));
    }
    assertEquals(2 + 4, acmeKeys.size());
    List<byte[]> globexKeys = ks.allMaterial(ring, GLOBEX);
    // Control: before shredding, the unwrapped files do hold the material we look for.
    assertTrue(anyFileHolds(acmeKeys.get(0)));
    assertTrue(anyFileHolds(acmeKeys.get(acmeKeys.size() - 1)));

    ring.shred(ACME);

    for (byte[] k : acmeKeys) {
      assertFalse(anyFileHolds(k), "data key material survived the shred");
    }
    for (byte[] k : globexKeys) {
      assertTrue(anyFileHolds(k), "other tenant's keys must be intact");
    }
  }

  /** Scans every file in the store, raw and (where it is a keyset file) unwrapped with the KEK. */
  private boolean anyFileHolds(byte[] material) throws Exception {
    LocalMasterKey kek = ks.kek();
    int keysetFiles = 0;
    try (Stream<Path> files = Files.list(ks.dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        byte[] raw = Files.readAllBytes(f);
        if (TestKeyStore.contains(raw, material)) {
          return true;
        }
        String name = f.getFileName().toString();
        if (name.startsWith("t-")) {
          keysetFiles++;
          byte[] wrapped = KeysetCodec.decodeFile(raw, name).wrapped;
          if (TestKeyStore.contains(kek.unwrap(wrapped, KeysetCodec.wrapAssociatedData(name)), material)) {
            return true;
          }
        }
      }
    }
    assertEquals(2 * (1 + SUBJECTS.size()), keysetFiles);
    return false;
  }

  @Test
  void shredSubject_tombstoneDoesNotContainTheSubjectId() throws Exception {
    KeyScope alice = KeyScope.subject("acme", "alice");
    String name = ring.storageName(alice);
    assertFalse(name.contains("alice"));
    byte[] id = "alice".getBytes(UTF_8);
    assertTrue(TestKeyStore.contains(ks.payload(name), id), "control: a live subject keyset names its subject");

    ring.shred(alice);

    assertFalse(TestKeyStore.contains(ks.payload(name), id));
    assertFalse(TestKeyStore.contains(Files.readAllBytes(ks.dir.resolve(name)), id));
    assertEquals("", ks.keyset(name).label());
    assertNull(ks.keyset(name).primary());
  }

  @Test
  void shredTenant_subjectTombstonesDoNotContainSubjectIds() throws Exception {
    ring.shred(ACME);
    for (String s : SUBJECTS) {
      String name = ring.storageName(KeyScope.subject("acme", s));
      assertFalse(TestKeyStore.contains(ks.payload(name), s.getBytes(UTF_8)), s);
    }
  }

  @Test
  void encryptAfterShred_throwsKeyDestroyed_andCreatesNoNewKey() throws Exception {
    ring.shred(ACME);
    List<KeyMetadata> before = ring.keys(ACME);
    EncryptionContext c = EncryptionContext.of("acme", "profile", "r1");
    assertThrows(KeyDestroyedException.class, () -> enc.encrypt(new byte[1], c));
    assertThrows(KeyDestroyedException.class, () -> ring.createKeys(ACME));
    assertThrows(KeyDestroyedException.class, () -> enc.encrypt(new byte[1], ctx("acme", "bob")));
    assertEquals(before.toString(), ring.keys(ACME).toString());
    assertTrue(ks.events.ofType(CryptoEvents.KEY_CREATED).stream().noneMatch(e -> e.timestamp().isAfter(TestKeyStore.START)));
  }

  @Test
  void newSubjectOfShreddedTenant_cannotGetKeys() throws Exception {
    ring.shred(ACME);
    int subjectFiles = ring.subjectKeysetCount(ACME);
    KeyScope dave = KeyScope.subject("acme", "dave");
    assertThrows(KeyDestroyedException.class, () -> enc.encrypt(new byte[1], ctx("acme", "dave")));
    assertThrows(KeyDestroyedException.class, () -> ring.createKeys(dave));
    assertEquals(subjectFiles, ring.subjectKeysetCount(ACME), "no keyset may be created for the new subject");
    assertEquals(List.of(), ring.keys(dave));
    // A new subject of a live tenant is fine.
    assertArrayEquals(new byte[] {2}, enc.decrypt(enc.encrypt(new byte[] {2}, ctx("globex", "dave")), ctx("globex", "dave")));
  }

  @Test
  void shredNeverUsedScope_refusesLaterEncryption() throws Exception {
    KeyScope fresh = KeyScope.tenant("fresh");
    assertEquals(1, ring.shred(fresh));
    assertThrows(KeyDestroyedException.class, () -> enc.encrypt(new byte[1], EncryptionContext.of("fresh", "p", "r")));
  }

  @Test
  void shredTwice_isIdempotent() throws Exception {
    ring.shred(ACME);
    List<KeyMetadata> once = ring.keys(ACME);
    assertEquals(1 + SUBJECTS.size(), ring.shred(ACME));
    assertEquals(once.toString(), ring.keys(ACME).toString());
    assertShredded(ring, EncryptionContext.of("acme", "profile", "r1"));
  }

  @Test
  void rotateAfterShred_startsNewGeneration_oldDataStaysUnreadable() throws Exception {
    ring.shred(ACME);
    int oldKeys = ring.keys(ACME).size();
    KeyMetadata m = ring.rotate(ACME);
    List<KeyMetadata> keys = ring.keys(ACME);
    assertEquals(oldKeys + 1, keys.size());
    assertEquals(m.keyId(), keys.get(keys.size() - 1).keyId());
    assertTrue(keys.get(keys.size() - 1).primary());
    assertTrue(keys.subList(0, oldKeys).stream().allMatch(k -> k.status() == KeyStatus.DESTROYED));

    EncryptionContext c = EncryptionContext.of("acme", "profile", "r1");
    assertShredded(ring, c);
    byte[] ct = enc.encrypt(new byte[] {9}, c);
    assertEquals(m.keyId(), CiphertextHeader.parse(ct).keyId());
    assertArrayEquals(new byte[] {9}, enc.decrypt(ct, c));
    // The old subjects stay shredded; a new subject of the revived tenant may get keys.
    assertShredded(ring, ctx("acme", "alice"));
    assertThrows(KeyDestroyedException.class, () -> enc.encrypt(new byte[1], ctx("acme", "alice")));
    enc.encrypt(new byte[1], ctx("acme", "erin"));
  }

  @Test
  void shred_survivesReopeningTheStore() throws Exception {
    ring.shred(ACME);
    ring.shred(KeyScope.subject("globex", "bob"));
    ring.close();
    try (KeyRing fresh = ks.open()) {
      for (EncryptionContext c : data.keySet()) {
        if (c.tenant().equals("acme") || ("bob".equals(c.subject()))) {
          assertShredded(fresh, c);
        } else {
          assertReadable(fresh, c);
        }
      }
      assertThrows(KeyDestroyedException.class, () -> fresh.encryptor().encrypt(new byte[1], ctx("acme", "zed")));
    }
  }

  @Test
  void shredByOneInstance_isSeenByAnotherInstanceOnReload() throws Exception {
    try (KeyRing other = ks.open()) {
      EncryptionContext c = EncryptionContext.of("acme", "profile", "r1");
      assertReadable(other, c); // cached in `other`
      ring.shred(ACME);
      other.invalidateCache();
      assertShredded(other, c);
    }
  }

  /**
   * A decryption that loads the keyset concurrently with a shred must not put the pre-shred keys
   * back into the cache: once shred returns, decryption fails.
   */
  @Test
  void shred_racingWithAKeysetLoad_doesNotLeaveLiveKeysCached(@TempDir Path tmp) throws Exception {
    TestKeyStore t = new TestKeyStore(tmp.resolve("gated"));
    GatedKeysetStore gated = new GatedKeysetStore(DirectoryKeysetStore.open(t.dir));
    try (KeyRing r = KeyRing.builder().keysetStore(gated).masterKey(t.masterKey()).eventListener(t.events).build()) {
      EncryptionContext c = EncryptionContext.of("acme", "profile", "r1");
      byte[] ct = r.encryptor().encrypt(new byte[] {42}, c);
      r.invalidateCache();
      CompletableFuture<Void> loader = new CompletableFuture<>();
      Thread th = new Thread(() -> {
        try {
          r.encryptor().decrypt(ct, c);
          loader.complete(null);
        } catch (Throwable e) {
          loader.completeExceptionally(e);
        }
      });
      gated.gate(th, r.storageName(ACME));
      th.start();
      assertTrue(gated.reached.await(10, TimeUnit.SECONDS));
      r.shred(ACME); // the loader holds the pre-shred keyset
      gated.release.countDown();
      try {
        loader.get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        // Either outcome is fine for an operation concurrent with the shred.
      }
      assertThrows(KeyDestroyedException.class, () -> r.encryptor().decrypt(ct, c));
      assertThrows(KeyDestroyedException.class, () -> r.encryptor().encrypt(new byte[1], c));
    }
  }

  /** Same race for disableKey: once it returns, the key is refused. */
  @Test
  void disable_racingWithAKeysetLoad_doesNotLeaveKeyEnabledInCache(@TempDir Path tmp) throws Exception {
    TestKeyStore t = new TestKeyStore(tmp.resolve("gated"));
    GatedKeysetStore gated = new GatedKeysetStore(DirectoryKeysetStore.open(t.dir));
    try (KeyRing r = KeyRing.builder().keysetStore(gated).masterKey(t.masterKey()).eventListener(t.events).build()) {
      EncryptionContext c = EncryptionContext.of("acme", "profile", "r1");
      byte[] ct = r.encryptor().encrypt(new byte[] {42}, c);
      r.rotate(ACME);
      r.invalidateCache();
      Thread th = new Thread(() -> {
        try {
          r.encryptor().decrypt(ct, c);
        } catch (GeneralSecurityException e) {
          // concurrent with the change: either outcome is fine
        }
      });
      gated.gate(th, r.storageName(ACME));
      th.start();
      assertTrue(gated.reached.await(10, TimeUnit.SECONDS));
      r.disableKey(ACME, CiphertextHeader.parse(ct).keyId());
      gated.release.countDown();
      th.join(10_000);
      assertThrows(io.waas.core.KeyDisabledException.class, () -> r.encryptor().decrypt(ct, c));
    }
  }
}
