package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.subtle.AesSiv;
import com.google.crypto.tink.subtle.Hkdf;
import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyDisabledException;
import io.waas.core.KeyNotFoundException;
import io.waas.core.SecurityEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterministicEncryptorTest {
  @TempDir @SuppressWarnings("NullAway.Init") Path dir;

  private static final KeyScope ACME = KeyScope.tenant("acme");
  private static final EncryptionContext EMAIL = EncryptionContext.builder("acme").purpose("customer.email").build();
  private static final byte[] ALICE = "alice@example.com".getBytes(UTF_8);
  private static final byte[] BOB = "bob@example.com".getBytes(UTF_8);

  @Test
  void encrypt_sameInputSameContext_sameCiphertext() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      DeterministicEncryptor det = ring.deterministicEncryptor();
      byte[] a = det.encrypt(ALICE, EMAIL);
      byte[] b = ring.deterministicEncryptor().encrypt(ALICE.clone(), EncryptionContext.builder("acme").purpose("customer.email").build());
      assertArrayEquals(a, b);
      assertEquals(ALICE.length + DeterministicEncryptor.OVERHEAD, a.length);
      assertArrayEquals(ALICE, det.decrypt(a, EMAIL));
    }
  }

  @Test
  void encrypt_differentValuesContextsOrScopes_differentCiphertexts() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      DeterministicEncryptor det = ring.deterministicEncryptor();
      List<byte[]> all =
          List.of(
              det.encrypt(ALICE, EMAIL),
              det.encrypt(BOB, EMAIL),
              det.encrypt(new byte[0], EMAIL),
              det.encrypt(ALICE, EncryptionContext.builder("acme").purpose("customer.name").build()),
              det.encrypt(ALICE, EncryptionContext.builder("acme").purpose("customer.email").attribute("region", "eu").build()),
              det.encrypt(ALICE, EncryptionContext.builder("globex").purpose("customer.email").build()),
              det.encrypt(ALICE, EncryptionContext.builder("acme").subject("u1").purpose("customer.email").build()));
      Set<String> distinct = new HashSet<>();
      for (byte[] c : all) {
        distinct.add(Arrays.toString(Arrays.copyOfRange(c, 7, c.length)));
      }
      assertEquals(all.size(), distinct.size(), "every value/context/scope must give its own ciphertext body");
    }
  }

  @Test
  void encrypt_matchesAesSivUnderDerivedKey() throws Exception {
    TestKeyStore ts = new TestKeyStore(dir);
    try (KeyRing ring = ts.open()) {
      byte[] c = ring.deterministicEncryptor().encrypt(ALICE, EMAIL);
      KeyMetadata primary = ring.keys(ACME).get(0);
      byte[] material = ts.material(ring, ACME, primary.keyId());
      byte[] sub = Hkdf.computeHkdf("HMACSHA256", material, new byte[0], "waas-crypto/v1/daead".getBytes(UTF_8), 64);
      byte[] header = Arrays.copyOf(c, 7);
      assertArrayEquals(
          new byte[] {
            0x57, 0x44, 1, (byte) (primary.keyId() >>> 24), (byte) (primary.keyId() >>> 16),
            (byte) (primary.keyId() >>> 8), (byte) primary.keyId()
          },
          header);
      byte[] body = new AesSiv(sub).encryptDeterministicallyWithAssociatedDatas(ALICE, header, EMAIL.encoded);
      assertArrayEquals(body, Arrays.copyOfRange(c, 7, c.length), "format: header || AES-SIV(header, context)");
    }
  }

  @Test
  void decrypt_wrongContext_fails() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      DeterministicEncryptor det = ring.deterministicEncryptor();
      byte[] c = det.encrypt(ALICE, EMAIL);
      assertThrows(
          DecryptionFailedException.class,
          () -> det.decrypt(c, EncryptionContext.builder("acme").purpose("customer.name").build()));
      assertThrows(
          DecryptionFailedException.class,
          () -> det.decrypt(c, EncryptionContext.builder("acme").purpose("customer.email").attribute("a", "b").build()));
      ring.createKeys(KeyScope.tenant("globex"));
      assertThrows(
          KeyNotFoundException.class,
          () -> det.decrypt(c, EncryptionContext.builder("globex").purpose("customer.email").build()));
    }
  }

  @Test
  void encrypt_contextWithRecordId_refusedWithReason() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      DeterministicEncryptor det = ring.deterministicEncryptor();
      EncryptionContext withRecord = EncryptionContext.of("acme", "customer.email", "cust-1");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> det.encrypt(ALICE, withRecord));
      assertTrue(String.valueOf(e.getMessage()).contains("record id"), e.getMessage());
      assertTrue(String.valueOf(e.getMessage()).contains("equality search"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> det.lookupCiphertexts(ALICE, withRecord));
      byte[] c = det.encrypt(ALICE, EMAIL);
      assertThrows(IllegalArgumentException.class, () -> det.decrypt(c, withRecord));
      assertThrows(IllegalArgumentException.class, () -> det.reencrypt(c, withRecord));
    }
  }

  @Test
  void encrypt_contextWithoutPurpose_refused() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> ring.deterministicEncryptor().encrypt(ALICE, EncryptionContext.builder("acme").build()));
      assertTrue(String.valueOf(e.getMessage()).contains("purpose"), e.getMessage());
    }
  }

  @Test
  void decrypt_malformed_failsTyped() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      DeterministicEncryptor det = ring.deterministicEncryptor();
      byte[] c = det.encrypt(ALICE, EMAIL);
      assertThrows(MalformedCiphertextException.class, () -> det.decrypt(new byte[0], EMAIL));
      assertThrows(MalformedCiphertextException.class, () -> det.decrypt(Arrays.copyOf(c, 22), EMAIL));
      byte[] gcm = ring.encryptor().encrypt(ALICE, EMAIL);
      MalformedCiphertextException wrongFormat =
          assertThrows(MalformedCiphertextException.class, () -> det.decrypt(gcm, EMAIL));
      assertTrue(String.valueOf(wrongFormat.getMessage()).contains("DataEncryptor"), wrongFormat.getMessage());
      byte[] v2 = c.clone();
      v2[2] = 2;
      assertThrows(MalformedCiphertextException.class, () -> det.decrypt(v2, EMAIL));
      byte[] id0 = c.clone();
      Arrays.fill(id0, 3, 7, (byte) 0);
      assertThrows(MalformedCiphertextException.class, () -> det.decrypt(id0, EMAIL));
      byte[] otherId = c.clone();
      otherId[6] ^= 1;
      assertThrows(KeyNotFoundException.class, () -> det.decrypt(otherId, EMAIL));
      // Every bit after the header is authenticated.
      for (int i = 7; i < c.length; i++) {
        byte[] t = c.clone();
        t[i] ^= (byte) (1 << (i % 8));
        assertThrows(DecryptionFailedException.class, () -> det.decrypt(t, EMAIL), "byte " + i);
      }
      assertThrows(DecryptionFailedException.class, () -> det.decrypt(Arrays.copyOf(c, c.length - 1), EMAIL));
    }
  }

  @Test
  void decrypt_failure_emitsEventWithoutPlaintext() throws Exception {
    TestKeyStore ts = new TestKeyStore(dir);
    try (KeyRing ring = ts.open()) {
      DeterministicEncryptor det = ring.deterministicEncryptor();
      byte[] c = det.encrypt(ALICE, EMAIL);
      c[c.length - 1] ^= 1;
      ts.events.clear();
      assertThrows(DecryptionFailedException.class, () -> det.decrypt(c, EMAIL));
      List<SecurityEvent> failed = ts.events.ofType(CryptoEvents.DECRYPT_FAILED);
      assertEquals(1, failed.size());
      assertEquals("DecryptionFailedException", failed.get(0).attributes().get("reason"));
      assertEquals("deterministic", failed.get(0).attributes().get("format"));
      assertFalse(failed.get(0).toString().contains("alice"));
    }
  }

  @Test
  void lookupCiphertexts_afterRotation_containsEveryEnabledKeyPrimaryFirst() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      DeterministicEncryptor det = ring.deterministicEncryptor();
      byte[] beforeRotation = det.encrypt(ALICE, EMAIL);
      assertEquals(1, det.lookupCiphertexts(ALICE, EMAIL).size());
      ring.rotate(ACME);
      ring.rotate(ACME, AeadAlgorithm.XCHACHA20_POLY1305);
      byte[] afterRotation = det.encrypt(ALICE, EMAIL);
      assertFalse(Arrays.equals(beforeRotation, afterRotation), "new writes use the new primary key");
      assertArrayEquals(ALICE, det.decrypt(beforeRotation, EMAIL));
      assertArrayEquals(ALICE, det.decrypt(afterRotation, EMAIL));

      List<byte[]> lookup = det.lookupCiphertexts(ALICE, EMAIL);
      assertEquals(3, lookup.size());
      assertArrayEquals(afterRotation, lookup.get(0), "primary key first");
      assertTrue(lookup.stream().anyMatch(l -> Arrays.equals(l, beforeRotation)));

      long firstKey = ring.keys(ACME).get(0).keyId();
      ring.disableKey(ACME, firstKey);
      List<byte[]> withoutDisabled = det.lookupCiphertexts(ALICE, EMAIL);
      assertEquals(2, withoutDisabled.size());
      assertFalse(withoutDisabled.stream().anyMatch(l -> Arrays.equals(l, beforeRotation)));
      assertThrows(KeyDisabledException.class, () -> det.decrypt(beforeRotation, EMAIL));
    }
  }

  @Test
  void reencrypt_oldKey_movesToPrimaryAndLookupShrinks() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      DeterministicEncryptor det = ring.deterministicEncryptor();
      byte[] old = det.encrypt(ALICE, EMAIL);
      long oldKey = ring.keys(ACME).get(0).keyId();
      ring.rotate(ACME);
      byte[] moved = det.reencrypt(old, EMAIL);
      assertArrayEquals(det.encrypt(ALICE, EMAIL), moved);
      assertSame(moved, det.reencrypt(moved, EMAIL), "already under the primary key: unchanged");
      ring.destroyKey(ACME, oldKey);
      assertEquals(List.of(Arrays.toString(moved)), det.lookupCiphertexts(ALICE, EMAIL).stream().map(Arrays::toString).toList());
      assertThrows(KeyDestroyedException.class, () -> det.decrypt(old, EMAIL));
    }
  }

  @Test
  void shred_decryptAndLookupFailWithKeyDestroyed() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      DeterministicEncryptor det = ring.deterministicEncryptor();
      byte[] c = det.encrypt(ALICE, EMAIL);
      ring.shred(ACME);
      assertThrows(KeyDestroyedException.class, () -> det.decrypt(c, EMAIL));
      KeyDestroyedException lookup = assertThrows(KeyDestroyedException.class, () -> det.lookupCiphertexts(ALICE, EMAIL));
      assertTrue(String.valueOf(lookup.getMessage()).contains("shredded"), lookup.getMessage());
      assertThrows(KeyDestroyedException.class, () -> det.encrypt(ALICE, EMAIL));
    }
  }

  @Test
  void shredSubject_otherSubjectsStillWork() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      DeterministicEncryptor det = ring.deterministicEncryptor();
      EncryptionContext u1 = EncryptionContext.builder("acme").subject("u1").purpose("p").build();
      EncryptionContext u2 = EncryptionContext.builder("acme").subject("u2").purpose("p").build();
      byte[] c1 = det.encrypt(ALICE, u1);
      byte[] c2 = det.encrypt(ALICE, u2);
      ring.shred(KeyScope.subject("acme", "u1"));
      assertThrows(KeyDestroyedException.class, () -> det.decrypt(c1, u1));
      assertThrows(KeyDestroyedException.class, () -> det.lookupCiphertexts(ALICE, u1));
      assertArrayEquals(ALICE, det.decrypt(c2, u2));
      assertArrayEquals(c2, det.lookupCiphertexts(ALICE, u2).get(0));
    }
  }

  @Test
  void lookupCiphertexts_scopeWithoutKeys_keyNotFound() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      assertThrows(
          KeyNotFoundException.class,
          () -> ring.deterministicEncryptor().lookupCiphertexts(ALICE, EncryptionContext.builder("new").purpose("p").build()));
      assertTrue(ring.keys(KeyScope.tenant("new")).isEmpty(), "a lookup creates no keys");
    }
  }

  @Test
  void encryptDecrypt_concurrentThreadsDuringRotation_allDecryptAndAreFound() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      DeterministicEncryptor det = ring.deterministicEncryptor();
      ring.createKeys(ACME);
      int threads = 6;
      int perThread = 150;
      List<List<byte[]>> written = Concurrently.run(
          threads,
          t -> {
            List<byte[]> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
              byte[] value = ("user" + (i % 40) + "@t" + t).getBytes(UTF_8);
              byte[] c = det.encrypt(value, EMAIL);
              assertArrayEquals(value, det.decrypt(c, EMAIL));
              mine.add(c);
              if (t == 0 && i % 50 == 0) {
                ring.rotate(ACME);
              }
            }
            return mine;
          });
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < perThread; i++) {
          byte[] value = ("user" + (i % 40) + "@t" + t).getBytes(UTF_8);
          byte[] stored = written.get(t).get(i);
          assertArrayEquals(value, det.decrypt(stored, EMAIL));
          assertTrue(
              det.lookupCiphertexts(value, EMAIL).stream().anyMatch(l -> Arrays.equals(l, stored)),
              "a value written during rotations is found");
        }
      }
      assertNotEquals(1, ring.keys(ACME).size());
    }
  }
}
