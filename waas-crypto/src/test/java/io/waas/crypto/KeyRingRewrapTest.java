package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.SecurityEventListener;
import io.waas.crypto.internal.KeysetCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KeyRing#rewrapKeysets()} with an in-memory versioned KEK: after a KEK rotation and a
 * re-wrap, the old KEK version is no longer needed. (The same against a real HSM token is in
 * {@code io.waas.crypto.pkcs11.Pkcs11KeyRingTest}.)
 */
class KeyRingRewrapTest {
  @TempDir
  @SuppressWarnings("NullAway.Init")
  Path dir;

  private KeyRing open(KeyEncryptionKey kek) throws Exception {
    return KeyRing.builder().directory(dir).keyEncryptionKey(kek).eventListener(SecurityEventListener.none()).build();
  }

  /** The KEK version of every wrapped blob in the store directory. */
  private Map<String, Integer> versions() throws Exception {
    Map<String, Integer> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        byte[] content = Files.readAllBytes(p);
        if (name.equals(KeyRing.KEK_CHECK_BLOB) || name.equals(KeyRing.NAMING_KEY_BLOB)) {
          out.put(name, VersionedTestKek.version(content));
        } else if (content.length > 3 && content[0] == 'W' && content[1] == 'K' && content[2] == 'S') {
          out.put(name, VersionedTestKek.version(KeysetCodec.decodeFile(content, name).wrapped));
        }
      }
    }
    return out;
  }

  private static EncryptionContext ctx(String tenant) {
    return EncryptionContext.of(tenant, "rewrap", "r1");
  }

  @Test
  void rewrapKeysets_afterKekRotation_movesEveryBlob_andOldVersionCanGo() throws Exception {
    VersionedTestKek kek = new VersionedTestKek();
    byte[] acme;
    byte[] alice;
    byte[] globex;
    EncryptionContext aliceCtx = EncryptionContext.builder("acme").subject("alice").purpose("rewrap").recordId("r").build();
    // The longest readable tenant id: its subjects' blob names are near the store's 200 characters.
    String longTenant = "l".repeat(96);
    EncryptionContext longCtx = EncryptionContext.builder(longTenant).subject("bob").purpose("rewrap").recordId("r").build();
    byte[] bob;
    try (KeyRing ring = open(kek)) {
      acme = ring.encryptor().encrypt("acme".getBytes(UTF_8), ctx("acme"));
      alice = ring.encryptor().encrypt("alice".getBytes(UTF_8), aliceCtx);
      bob = ring.encryptor().encrypt("bob".getBytes(UTF_8), longCtx);
      assertTrue(ring.storageName(longCtx.keyScope()).length() > 190);
      assertEquals(2, kek.rotate());
      globex = ring.encryptor().encrypt("globex".getBytes(UTF_8), ctx("globex"));
      Map<String, Integer> before = versions();
      // check value, naming key, acme, alice, bob (a subject of the long tenant), globex
      assertEquals(6, before.size(), before.toString());
      assertEquals(1, before.get(ring.storageName(KeyScope.tenant("acme"))));
      assertEquals(2, before.get(ring.storageName(KeyScope.tenant("globex"))));

      assertEquals(6, ring.rewrapKeysets());
      Map<String, Integer> after = versions();
      assertEquals(before.keySet(), after.keySet());
      assertTrue(after.values().stream().allMatch(v -> v == 2), after.toString());
    }
    kek.destroy(1);
    try (KeyRing ring = open(kek)) {
      assertArrayEquals("acme".getBytes(UTF_8), ring.encryptor().decrypt(acme, ctx("acme")));
      assertArrayEquals("alice".getBytes(UTF_8), ring.encryptor().decrypt(alice, aliceCtx));
      assertArrayEquals("globex".getBytes(UTF_8), ring.encryptor().decrypt(globex, ctx("globex")));
      assertArrayEquals("bob".getBytes(UTF_8), ring.encryptor().decrypt(bob, longCtx));
    }
  }

  @Test
  void rewrapKeysets_signingKeysets_areRewrappedAndStillSign() throws Exception {
    VersionedTestKek kek = new VersionedTestKek();
    byte[] data = "signed".getBytes(UTF_8);
    byte[] signature;
    try (KeyRing ring = open(kek)) {
      signature = ring.signer("audit").sign(data);
      kek.rotate();
      assertEquals(3, ring.rewrapKeysets()); // check value, naming key, signing keyset
    }
    kek.destroy(1);
    try (KeyRing ring = open(kek)) {
      ring.signatureVerifier("audit").verify(signature, data);
      ring.signatureVerifier("audit").verify(ring.signer("audit").sign(data), data);
    }
  }

  @Test
  void rewrapKeysets_withoutRewrap_oldVersionIsStillNeeded() throws Exception {
    // The control for the test above.
    VersionedTestKek kek = new VersionedTestKek();
    try (KeyRing ring = open(kek)) {
      ring.encryptor().encrypt(new byte[] {1}, ctx("acme"));
    }
    kek.rotate();
    kek.destroy(1);
    assertThrows(MasterKeyMismatchException.class, () -> open(kek));
  }

  @Test
  void rewrapKeysets_keepsDataKeysAndLeavesOtherBlobsAlone() throws Exception {
    VersionedTestKek kek = new VersionedTestKek();
    try (KeyRing ring = open(kek)) {
      byte[] ct = ring.encryptor().encrypt("x".getBytes(UTF_8), ctx("acme"));
      List<KeyMetadata> keys = ring.keys(KeyScope.tenant("acme"));
      Files.write(dir.resolve("notes"), "not wrapped".getBytes(UTF_8));
      kek.rotate();
      assertEquals(3, ring.rewrapKeysets());
      assertEquals(3, ring.rewrapKeysets(), "idempotent");
      assertArrayEquals("not wrapped".getBytes(UTF_8), Files.readAllBytes(dir.resolve("notes")));
      assertEquals(keys.toString(), ring.keys(KeyScope.tenant("acme")).toString());
      ring.invalidateCache();
      assertArrayEquals("x".getBytes(UTF_8), ring.encryptor().decrypt(ct, ctx("acme")));
    }
  }

  @Test
  void rewrapKeysets_otherPrimitivesKeysetFileBlob_isRewrappedToo() throws Exception {
    VersionedTestKek kek = new VersionedTestKek();
    byte[] payload = {7, 7, 7};
    byte[] aad = KeysetCodec.wrapAssociatedData("signing-keys");
    try (KeyRing ring = open(kek)) {
      ring.store().write("signing-keys", KeysetCodec.encodeFile(kek.id(), kek.wrap(payload, aad)));
      kek.rotate();
      assertEquals(3, ring.rewrapKeysets());
    }
    byte[] file = Files.readAllBytes(dir.resolve("signing-keys"));
    KeysetCodec.WrappedKeyset w = KeysetCodec.decodeFile(file, "signing-keys");
    assertEquals(2, VersionedTestKek.version(w.wrapped));
    assertArrayEquals(payload, kek.unwrap(w.wrapped, aad));
  }

  @Test
  void rewrapKeysets_tamperedKeyset_throwsNamingIt() throws Exception {
    VersionedTestKek kek = new VersionedTestKek();
    try (KeyRing ring = open(kek)) {
      ring.encryptor().encrypt(new byte[] {1}, ctx("acme"));
      String name = ring.storageName(KeyScope.tenant("acme"));
      byte[] file = Files.readAllBytes(dir.resolve(name));
      file[file.length - 40] ^= 1;
      Files.write(dir.resolve(name), file);
      KeyStoreAccessException e = assertThrows(KeyStoreAccessException.class, ring::rewrapKeysets);
      assertTrue(String.valueOf(e.getMessage()).contains(name), e.getMessage());
    }
  }

  @Test
  void rewrapKeysets_closedRing_throwsIllegalState() throws Exception {
    KeyRing ring = open(new VersionedTestKek());
    ring.close();
    assertThrows(IllegalStateException.class, ring::rewrapKeysets);
  }

  @Test
  void rewrapKeysets_concurrentWithKeyChanges_losesNothing() throws Exception {
    VersionedTestKek kek = new VersionedTestKek();
    int threads = 4;
    int tenantsPerThread = 8;
    Map<String, byte[]> written = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    try (KeyRing ring = open(kek)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread w = new Thread(() -> {
          try {
            start.await();
            for (int i = 0; i < tenantsPerThread; i++) {
              String tenant = "tenant-" + id + "-" + i;
              written.put(tenant, ring.encryptor().encrypt(tenant.getBytes(UTF_8), ctx(tenant)));
              if (i % 3 == 0) {
                ring.rotate(KeyScope.tenant(tenant));
              }
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        workers.add(w);
        w.start();
      }
      start.countDown();
      // Rotate the KEK and re-wrap while the workers create and rotate keys.
      for (int round = 0; round < 3; round++) {
        kek.rotate();
        ring.rewrapKeysets();
      }
      for (Thread w : workers) {
        w.join();
      }
      assertTrue(failures.isEmpty(), failures.toString());
    }
    int newest = kek.newest();
    assertEquals(4, newest);
    for (int v = 1; v < newest; v++) {
      kek.destroy(v);
    }
    Map<String, Integer> versions = versions();
    assertTrue(versions.values().stream().allMatch(v -> v == newest), versions.toString());
    try (KeyRing ring = open(kek)) {
      for (Map.Entry<String, byte[]> e : written.entrySet()) {
        assertArrayEquals(e.getKey().getBytes(UTF_8), ring.encryptor().decrypt(e.getValue(), ctx(e.getKey())));
      }
    }
    assertEquals(threads * tenantsPerThread, written.size());
  }
}
