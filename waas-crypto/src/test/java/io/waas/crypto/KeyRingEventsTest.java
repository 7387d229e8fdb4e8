package io.waas.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyDisabledException;
import io.waas.core.KeyNotFoundException;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

class KeyRingEventsTest {
  private static final KeyScope ACME = KeyScope.tenant("acme");
  private static final KeyScope ALICE = KeyScope.subject("acme", "alice");
  private static final EncryptionContext CTX = EncryptionContext.of("acme", "p", "r");
  private static final EncryptionContext ALICE_CTX = EncryptionContext.builder("acme").subject("alice").purpose("p").build();

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

  /** Asserts exactly one event of the type was raised since the last clear, and returns it. */
  private SecurityEvent single(String type) {
    List<SecurityEvent> got = ks.events.ofType(type);
    assertEquals(1, got.size(), type + " events: " + got);
    return got.get(0);
  }

  private void assertEvent(
      SecurityEvent e, String tenant, @Nullable String subject, SecurityEvent.Outcome outcome, long keyId) {
    assertEquals(tenant, e.tenant());
    assertEquals(subject, e.subject());
    assertEquals(outcome, e.outcome());
    assertEquals(Long.toString(keyId), e.attributes().get("keyId"), e.toString());
    assertEquals(ks.clock.instant(), e.timestamp());
  }

  @Test
  void open_raisesKeyStoreOpenedEvent() {
    SecurityEvent e = single(CryptoEvents.KEY_STORE_OPENED);
    assertEquals(SecurityEvent.Outcome.SUCCESS, e.outcome());
    assertTrue(String.valueOf(e.attributes().get("kek")).startsWith("local:"), e.toString());
    assertTrue(e.attributes().containsKey("store"));
  }

  @Test
  void firstUse_raisesOneKeyCreatedEvent() throws Exception {
    ks.events.clear();
    ks.clock.advance(Duration.ofMinutes(3));
    enc.encrypt(new byte[1], CTX);
    enc.encrypt(new byte[1], CTX);
    SecurityEvent e = single(CryptoEvents.KEY_CREATED);
    assertEvent(e, "acme", null, SecurityEvent.Outcome.SUCCESS, ring.keys(ACME).get(0).keyId());
    assertEquals("AES_256_GCM", e.attributes().get("algorithm"));
    assertEquals(1, ks.events.all().size(), ks.events.all().toString());
  }

  @Test
  void subjectFirstUse_raisesKeyCreatedWithSubject() throws Exception {
    ks.events.clear();
    enc.encrypt(new byte[1], ALICE_CTX);
    assertEvent(single(CryptoEvents.KEY_CREATED), "acme", "alice", SecurityEvent.Outcome.SUCCESS, ring.keys(ALICE).get(0).keyId());
  }

  @Test
  void createKeys_raisesKeyCreatedOnlyOnce() throws Exception {
    ks.events.clear();
    KeyMetadata m = ring.createKeys(ACME);
    ring.createKeys(ACME);
    assertEvent(single(CryptoEvents.KEY_CREATED), "acme", null, SecurityEvent.Outcome.SUCCESS, m.keyId());
  }

  @Test
  void rotate_raisesOneKeyRotatedEvent() throws Exception {
    ring.createKeys(ACME);
    ks.events.clear();
    ks.clock.advance(Duration.ofDays(30));
    KeyMetadata m = ring.rotate(ACME, AeadAlgorithm.XCHACHA20_POLY1305);
    SecurityEvent e = single(CryptoEvents.KEY_ROTATED);
    assertEvent(e, "acme", null, SecurityEvent.Outcome.SUCCESS, m.keyId());
    assertEquals("XCHACHA20_POLY1305", e.attributes().get("algorithm"));
    assertEquals(List.of(), ks.events.ofType(CryptoEvents.KEY_CREATED));
  }

  @Test
  void rotate_ofScopeWithoutKeys_raisesKeyCreated() throws Exception {
    ks.events.clear();
    KeyMetadata m = ring.rotate(ALICE);
    assertEvent(single(CryptoEvents.KEY_CREATED), "acme", "alice", SecurityEvent.Outcome.SUCCESS, m.keyId());
    assertEquals(List.of(), ks.events.ofType(CryptoEvents.KEY_ROTATED));
  }

  @Test
  void disableEnableDestroy_eachRaiseOneEvent() throws Exception {
    long k0 = ring.createKeys(ALICE).keyId();
    ring.rotate(ALICE);
    ks.events.clear();

    ks.clock.advance(Duration.ofMinutes(1));
    ring.disableKey(ALICE, k0);
    assertEvent(single(CryptoEvents.KEY_DISABLED), "acme", "alice", SecurityEvent.Outcome.SUCCESS, k0);

    ks.clock.advance(Duration.ofMinutes(1));
    ring.enableKey(ALICE, k0);
    assertEvent(single(CryptoEvents.KEY_ENABLED), "acme", "alice", SecurityEvent.Outcome.SUCCESS, k0);

    ks.clock.advance(Duration.ofMinutes(1));
    ring.destroyKey(ALICE, k0);
    assertEvent(single(CryptoEvents.KEY_DESTROYED), "acme", "alice", SecurityEvent.Outcome.SUCCESS, k0);
    assertEquals(3, ks.events.all().size(), ks.events.all().toString());
  }

  @Test
  void refusedKeyChanges_raiseNoSuccessEvent() throws Exception {
    long primary = ring.createKeys(ACME).keyId();
    ks.events.clear();
    assertThrows(IllegalStateException.class, () -> ring.disableKey(ACME, primary));
    assertThrows(IllegalStateException.class, () -> ring.destroyKey(ACME, primary));
    assertThrows(KeyNotFoundException.class, () -> ring.enableKey(ACME, 99));
    assertEquals(List.of(), ks.events.all());
  }

  @Test
  void shred_raisesOneScopeShreddedEvent() throws Exception {
    enc.encrypt(new byte[1], CTX);
    enc.encrypt(new byte[1], ALICE_CTX);
    enc.encrypt(new byte[1], EncryptionContext.builder("acme").subject("bob").build());
    ks.events.clear();
    ks.clock.advance(Duration.ofHours(1));
    ring.shred(ALICE);
    SecurityEvent s = single(CryptoEvents.SCOPE_SHREDDED);
    assertEquals("acme", s.tenant());
    assertEquals("alice", s.subject());
    assertEquals(SecurityEvent.Outcome.SUCCESS, s.outcome());
    assertEquals("1", s.attributes().get("keysets"));

    ks.events.clear();
    ring.shred(ACME);
    SecurityEvent t = single(CryptoEvents.SCOPE_SHREDDED);
    assertEquals("acme", t.tenant());
    assertNull(t.subject());
    assertEquals("3", t.attributes().get("keysets"));
    assertEquals(ks.clock.instant(), t.timestamp());
    assertEquals(1, ks.events.all().size(), "no per-key events: " + ks.events.all());
  }

  @Test
  void decryptFailures_eachRaiseOneFailureEvent() throws Exception {
    byte[] ct = enc.encrypt(new byte[] {1}, ALICE_CTX);
    long k0 = CiphertextHeader.parse(ct).keyId();
    long k1 = ring.rotate(ALICE).keyId();
    byte[] ct1 = enc.encrypt(new byte[] {1}, ALICE_CTX);
    EncryptionContext wrong = EncryptionContext.builder("acme").subject("alice").purpose("q").build();

    expectFailure(() -> enc.decrypt(ct1, wrong), DecryptionFailedException.class, "acme", "alice", k1);
    byte[] tampered = ct1.clone();
    tampered[20] ^= 1;
    expectFailure(() -> enc.decrypt(tampered, ALICE_CTX), DecryptionFailedException.class, "acme", "alice", k1);
    expectFailure(() -> enc.decrypt(ct1, EncryptionContext.of("globex", "p", "r")), KeyNotFoundException.class, "globex", null, k1);
    expectFailure(() -> enc.decrypt(new byte[3], CTX), MalformedCiphertextException.class, "acme", null, -1);
    ring.disableKey(ALICE, k0);
    expectFailure(() -> enc.decrypt(ct, ALICE_CTX), KeyDisabledException.class, "acme", "alice", k0);
    ring.destroyKey(ALICE, k0);
    expectFailure(() -> enc.decrypt(ct, ALICE_CTX), KeyDestroyedException.class, "acme", "alice", k0);

    ks.events.clear();
    assertArrayEquals(new byte[] {1}, enc.decrypt(ct1, ALICE_CTX));
    assertEquals(List.of(), ks.events.all(), "successful decryption raises no event");
  }

  private void expectFailure(
      Executable op, Class<? extends Exception> type, String tenant, @Nullable String subject, long keyId) {
    ks.events.clear();
    assertThrows(type, op);
    SecurityEvent e = single(CryptoEvents.DECRYPT_FAILED);
    assertEvent(e, tenant, subject, SecurityEvent.Outcome.FAILURE, keyId);
    assertEquals(type.getSimpleName(), e.attributes().get("reason"));
    assertEquals(1, ks.events.all().size(), ks.events.all().toString());
  }

  @Test
  void throwingListener_doesNotBreakOperations() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    RecordingListener after = new RecordingListener();
    SecurityEventListener throwing = e -> {
      calls.incrementAndGet();
      throw new IllegalStateException("listener is broken");
    };
    try (KeyRing r = ks.builder().eventListener(SecurityEventListener.all(throwing, after)).build();
        KeyRing r2 = ks.builder().eventListener(throwing).build()) {
      for (KeyRing k : List.of(r, r2)) {
        DataEncryptor e = k.encryptor();
        byte[] ct = e.encrypt(new byte[] {7}, ALICE_CTX);
        long old = CiphertextHeader.parse(ct).keyId();
        k.rotate(ALICE);
        assertArrayEquals(new byte[] {7}, e.decrypt(ct, ALICE_CTX));
        assertThrows(
            DecryptionFailedException.class,
            () -> e.decrypt(ct, EncryptionContext.builder("acme").subject("alice").purpose("other").build()));
        k.disableKey(ALICE, old);
        assertThrows(KeyDisabledException.class, () -> e.decrypt(ct, ALICE_CTX));
        k.enableKey(ALICE, old);
        k.shred(ALICE);
        assertThrows(KeyDestroyedException.class, () -> e.decrypt(ct, ALICE_CTX));
        k.rotate(ALICE);
      }
    }
    assertTrue(calls.get() >= 10, "listener was called " + calls.get() + " times");
    assertEquals(1, after.ofType(CryptoEvents.SCOPE_SHREDDED).size(), "later listeners still get events");
  }
}
