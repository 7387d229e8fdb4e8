package io.waas.auth.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.ManualClock;
import io.waas.core.SecurityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ApiKeyStore} must show, and {@link ApiKeys} on top of it; run against each
 * implementation by a subclass.
 */
abstract class ApiKeyStoreContractTest {
  static final Instant START = Instant.parse("2030-01-01T00:00:00Z");
  static final int THREADS = 32;

  final ManualClock clock = ManualClock.at(START);
  final RecordingListener events = new RecordingListener();
  @SuppressWarnings("NullAway.Init")
  ApiKeyStore store;
  @SuppressWarnings("NullAway.Init")
  CountingApiKeyStore counting;
  @SuppressWarnings("NullAway.Init")
  ApiKeys apiKeys;
  final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  abstract ApiKeyStore newStore() throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    store = newStore();
    counting = new CountingApiKeyStore(store);
    apiKeys = ApiKeys.builder(ApiKeyEnvironment.LIVE).store(counting).clock(clock).eventListener(events).build();
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  static ApiKeyRecord record(String keyId, String tenant, Instant createdAt, byte hashByte) {
    byte[] hash = new byte[33];
    hash[0] = 1;
    hash[1] = hashByte;
    hash[32] = (byte) keyId.hashCode();
    return new ApiKeyRecord(ApiKeyMetadata.of(keyId, tenant, ApiKeyEnvironment.LIVE, "name " + keyId,
        Set.of("read", "write:all"), createdAt, null, null, null), hash);
  }

  // ---- the store SPI

  @Test
  void insert_thenFind_roundTripsEverything() throws Exception {
    ApiKeyMetadata m = ApiKeyMetadata.of("AAAAAAAAAAA1", "acme", ApiKeyEnvironment.TEST, "CI key", Set.of("deploy"),
        START, START.plusSeconds(60), START.plusSeconds(5), START.plusSeconds(3));
    byte[] hash = {1, 2, 3, 4, (byte) 0xff};
    assertTrue(store.insert(new ApiKeyRecord(m, hash)));
    ApiKeyRecord back = store.find("AAAAAAAAAAA1").orElseThrow();
    assertEquals(m, back.metadata());
    assertEquals(List.of((byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 0xff), bytes(back.keyHash()));
    assertEquals(Optional.empty(), store.find("AAAAAAAAAAA2"));
  }

  @Test
  void insert_duplicateIdOrHash_returnsFalse() throws Exception {
    assertTrue(store.insert(record("AAAAAAAAAAA1", "acme", START, (byte) 1)));
    assertFalse(store.insert(record("AAAAAAAAAAA1", "acme", START, (byte) 2)), "same id");
    ApiKeyRecord first = store.find("AAAAAAAAAAA1").orElseThrow();
    ApiKeyRecord sameHash = new ApiKeyRecord(ApiKeyMetadata.of("AAAAAAAAAAA2", "acme", ApiKeyEnvironment.LIVE, "x",
        Set.of(), START, null, null, null), first.keyHash());
    assertFalse(store.insert(sameHash), "same hash");
    assertEquals(Optional.empty(), store.find("AAAAAAAAAAA2"));
  }

  @Test
  void list_returnsOnlyTheTenantsKeysOldestFirst() throws Exception {
    store.insert(record("BBBBBBBBBBB2", "acme", START.plusSeconds(2), (byte) 1));
    store.insert(record("BBBBBBBBBBB1", "acme", START.plusSeconds(1), (byte) 2));
    store.insert(record("BBBBBBBBBBB0", "acme", START.plusSeconds(2), (byte) 3));
    store.insert(record("CCCCCCCCCCC1", "other", START, (byte) 4));
    List<String> ids = store.list("acme").stream().map(r -> r.metadata().keyId()).toList();
    assertEquals(List.of("BBBBBBBBBBB1", "BBBBBBBBBBB0", "BBBBBBBBBBB2"), ids);
    assertEquals(List.of(), store.list("nobody"));
  }

  @Test
  void revoke_onlyOnceAndOnlyInOwnTenant() throws Exception {
    store.insert(record("AAAAAAAAAAA1", "acme", START, (byte) 1));
    assertFalse(store.revoke("other", "AAAAAAAAAAA1", START), "another tenant's key");
    assertTrue(store.revoke("acme", "AAAAAAAAAAA1", START.plusSeconds(1)));
    assertFalse(store.revoke("acme", "AAAAAAAAAAA1", START.plusSeconds(2)), "already revoked");
    assertEquals(Optional.of(START.plusSeconds(1)), store.find("AAAAAAAAAAA1").orElseThrow().metadata().revokedAt());
    assertFalse(store.revoke("acme", "unknown12345", START));
  }

  @Test
  void shortenExpiry_neverExtends() throws Exception {
    store.insert(record("AAAAAAAAAAA1", "acme", START, (byte) 1));
    assertTrue(store.shortenExpiry("AAAAAAAAAAA1", START.plusSeconds(100)), "no expiry yet");
    assertFalse(store.shortenExpiry("AAAAAAAAAAA1", START.plusSeconds(200)), "would extend");
    assertTrue(store.shortenExpiry("AAAAAAAAAAA1", START.plusSeconds(50)));
    assertEquals(Optional.of(START.plusSeconds(50)), store.find("AAAAAAAAAAA1").orElseThrow().metadata().expiresAt());
  }

  @Test
  void touchLastUsed_writesOnlyIfOlderThanBound() throws Exception {
    store.insert(record("AAAAAAAAAAA1", "acme", START, (byte) 1));
    assertTrue(store.touchLastUsed("AAAAAAAAAAA1", START.plusSeconds(10), START));
    assertFalse(store.touchLastUsed("AAAAAAAAAAA1", START.plusSeconds(20), START.plusSeconds(9)));
    assertTrue(store.touchLastUsed("AAAAAAAAAAA1", START.plusSeconds(30), START.plusSeconds(10)), "bound inclusive");
    assertEquals(Optional.of(START.plusSeconds(30)), store.find("AAAAAAAAAAA1").orElseThrow().metadata().lastUsedAt());
  }

  // ---- ApiKeys on this store

  @Test
  void issue_thenVerify_isValidWithMetadata() throws Exception {
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme-corp", "CI deploy").scopes("deploy", "read").build());
    assertTrue(k.plaintext().startsWith("waas_live_acme-corp_" + k.keyId() + "_"), "recognizable prefix");
    ApiKeyVerification v = apiKeys.verify(k.plaintext());
    assertEquals(ApiKeyStatus.VALID, v.status());
    ApiKeyMetadata m = v.requireValid();
    assertEquals("acme-corp", m.tenant());
    assertEquals(Set.of("deploy", "read"), m.scopes());
    assertEquals(k.keyId(), m.keyId());
    assertEquals(1, events.ofType(ApiKeyEvents.ISSUED).size());
    SecurityEvent verified = events.ofType(ApiKeyEvents.VERIFIED).get(0);
    assertEquals("acme-corp", verified.tenant());
    assertEquals(k.keyId(), verified.subject());
  }

  @Test
  void issue_storesOnlyAHash() throws Exception {
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").build());
    byte[] hash = store.find(k.keyId()).orElseThrow().keyHash();
    assertEquals(33, hash.length, "type byte + SHA-256");
    assertFalse(new String(hash, java.nio.charset.StandardCharsets.ISO_8859_1).contains(k.plaintext().substring(20)));
  }

  @Test
  void verify_revokedKey_isRevoked() throws Exception {
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").build());
    assertFalse(apiKeys.revoke("other", k.keyId()), "other tenant cannot revoke");
    assertTrue(apiKeys.revoke("acme", k.keyId()));
    ApiKeyVerification v = apiKeys.verify(k.plaintext());
    assertEquals(ApiKeyStatus.REVOKED, v.status());
    ApiKeyRejectedException e = assertThrows(ApiKeyRejectedException.class, v::requireValid);
    assertEquals(ApiKeyStatus.REVOKED, e.status());
    assertEquals(1, events.ofType(ApiKeyEvents.REVOKED).size());
    assertEquals("revoked", events.ofType(ApiKeyEvents.REJECTED).get(0).attributes().get("reason"));
  }

  @Test
  void verify_expiredKey_isExpiredExactlyAtExpiry() throws Exception {
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").validFor(Duration.ofDays(30)).build());
    clock.advance(Duration.ofDays(30).minusMillis(1));
    assertEquals(ApiKeyStatus.VALID, apiKeys.verify(k.plaintext()).status());
    clock.advance(Duration.ofMillis(1));
    assertEquals(ApiKeyStatus.EXPIRED, apiKeys.verify(k.plaintext()).status());
  }

  @Test
  void verify_otherEnvironment_isWrongEnvironmentWithoutLookup() throws Exception {
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").environment(ApiKeyEnvironment.TEST).build());
    assertTrue(k.plaintext().startsWith("waas_test_"));
    assertEquals(ApiKeyStatus.WRONG_ENVIRONMENT, apiKeys.verify(k.plaintext()).status());
    assertEquals(0, counting.finds.get());
    ApiKeys testEnv = ApiKeys.builder(ApiKeyEnvironment.TEST).store(store).clock(clock).build();
    assertEquals(ApiKeyStatus.VALID, testEnv.verify(k.plaintext()).status());
  }

  @Test
  void verify_unknownKeyId_isUnknown() throws Exception {
    String forged = ApiKeyFormat.format(ApiKeyEnvironment.LIVE, "acme", ApiKeyFormat.newKeyId(), ApiKeyFormat.newSecret());
    ApiKeyVerification v = apiKeys.verify(forged);
    assertEquals(ApiKeyStatus.UNKNOWN, v.status());
    assertEquals(Optional.empty(), v.metadata());
    assertEquals("unknown_key", events.ofType(ApiKeyEvents.REJECTED).get(0).attributes().get("reason"));
  }

  @Test
  void verify_knownIdWrongSecret_isUnknownEvenIfRevoked() throws Exception {
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").build());
    apiKeys.revoke("acme", k.keyId());
    String guess = ApiKeyFormat.format(ApiKeyEnvironment.LIVE, "acme", k.keyId(), ApiKeyFormat.newSecret());
    ApiKeyVerification v = apiKeys.verify(guess);
    assertEquals(ApiKeyStatus.UNKNOWN, v.status(), "a key id alone must not reveal the revocation");
    assertEquals(Optional.empty(), v.metadata());
  }

  @Test
  void verify_secretDiffersInFirstOrLastCharacter_isUnknown() throws Exception {
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").build());
    String secret = k.plaintext().substring(k.plaintext().length() - 38, k.plaintext().length() - 6);
    for (int pos : new int[] {0, secret.length() - 1}) {
      char c = secret.charAt(pos) == 'a' ? 'b' : 'a';
      String other = secret.substring(0, pos) + c + secret.substring(pos + 1);
      String guess = ApiKeyFormat.format(ApiKeyEnvironment.LIVE, "acme", k.keyId(), other);
      assertEquals(ApiKeyStatus.UNKNOWN, apiKeys.verify(guess).status(), "differs at " + pos);
    }
  }

  @Test
  void verify_lastUsed_writtenAtMostOncePerInterval() throws Exception {
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").build());
    for (int i = 0; i < 10; i++) {
      apiKeys.verify(k.plaintext());
      clock.advance(Duration.ofSeconds(5));
    }
    // t = 0..45 s: one write at t = 0
    assertEquals(1, counting.touchWrites.get());
    assertEquals(1, counting.touchCalls.get(), "no write attempted while the stored time is recent");
    assertEquals(Optional.of(START), store.find(k.keyId()).orElseThrow().metadata().lastUsedAt());
    clock.set(START.plusSeconds(60));
    ApiKeyVerification v = apiKeys.verify(k.plaintext());
    assertEquals(2, counting.touchWrites.get());
    assertEquals(Optional.of(START.plusSeconds(60)), v.requireValid().lastUsedAt());
    assertEquals(Optional.of(START.plusSeconds(60)), store.find(k.keyId()).orElseThrow().metadata().lastUsedAt());
  }

  @Test
  void list_showsMetadataOfTenantOnly() throws Exception {
    IssuedApiKey a = apiKeys.issue(ApiKeyRequest.builder("acme", "first").build());
    clock.advance(Duration.ofSeconds(1));
    IssuedApiKey b = apiKeys.issue(ApiKeyRequest.builder("acme", "second").build());
    apiKeys.issue(ApiKeyRequest.builder("globex", "theirs").build());
    List<ApiKeyMetadata> keys = apiKeys.list("acme");
    assertEquals(List.of(a.keyId(), b.keyId()), keys.stream().map(ApiKeyMetadata::keyId).toList());
    assertEquals("waas_live_acme_" + a.keyId(), keys.get(0).displayPrefix());
  }

  @Test
  void rotate_issuesSuccessorAndExpiresOldAfterOverlap() throws Exception {
    IssuedApiKey old = apiKeys.issue(
        ApiKeyRequest.builder("acme", "deploy").scopes("deploy").validFor(Duration.ofDays(90)).build());
    clock.advance(Duration.ofDays(10));
    IssuedApiKey next = apiKeys.rotate("acme", old.keyId(), Duration.ofDays(1));
    assertNotEquals(old.keyId(), next.keyId());
    assertEquals(Set.of("deploy"), next.metadata().scopes());
    assertEquals("deploy", next.metadata().name());
    assertEquals(Optional.of(clock.instant().plus(Duration.ofDays(90))), next.metadata().expiresAt());
    assertEquals(old.keyId(), events.ofType(ApiKeyEvents.ISSUED).get(1).attributes().get("rotatedFrom"));
    assertEquals(ApiKeyStatus.VALID, apiKeys.verify(old.plaintext()).status(), "old key works during overlap");
    clock.advance(Duration.ofDays(1));
    assertEquals(ApiKeyStatus.EXPIRED, apiKeys.verify(old.plaintext()).status());
    assertEquals(ApiKeyStatus.VALID, apiKeys.verify(next.plaintext()).status());
  }

  @Test
  void rotate_unknownOrRevoked_throws() throws Exception {
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").build());
    assertEquals(ApiKeyStatus.UNKNOWN, assertThrows(ApiKeyRejectedException.class,
        () -> apiKeys.rotate("other", k.keyId(), Duration.ZERO)).status());
    apiKeys.revoke("acme", k.keyId());
    assertEquals(ApiKeyStatus.REVOKED, assertThrows(ApiKeyRejectedException.class,
        () -> apiKeys.rotate("acme", k.keyId(), Duration.ZERO)).status());
  }

  @Test
  void rotate_expiredKey_refusedNotRevived() throws Exception {
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").validFor(Duration.ofDays(1)).build());
    clock.advance(Duration.ofDays(2));
    assertEquals(ApiKeyStatus.EXPIRED, assertThrows(ApiKeyRejectedException.class,
        () -> apiKeys.rotate("acme", k.keyId(), Duration.ZERO)).status());
    assertEquals(1, apiKeys.list("acme").size());
  }

  @Test
  void verify_forgedKeyNamingATenant_eventCarriesClaimOnlyAsAttributes() throws Exception {
    String forged = ApiKeyFormat.format(ApiKeyEnvironment.LIVE, "victim", ApiKeyFormat.newKeyId(), ApiKeyFormat.newSecret());
    apiKeys.verify(forged);
    SecurityEvent e = events.ofType(ApiKeyEvents.REJECTED).get(0);
    assertEquals(null, e.tenant());
    assertEquals(null, e.subject());
    assertEquals("victim", e.attributes().get("claimedTenant"));
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").build());
    apiKeys.revoke("acme", k.keyId());
    apiKeys.verify(k.plaintext());
    SecurityEvent revoked = events.ofType(ApiKeyEvents.REJECTED).get(1);
    assertEquals("acme", revoked.tenant());
    assertEquals(k.keyId(), revoked.subject());
  }

  // ---- concurrency

  @Test
  void concurrentIssueAndVerify_allKeysDistinctAndValid() throws Exception {
    int perThread = 4;
    List<IssuedApiKey> issued = new java.util.concurrent.CopyOnWriteArrayList<>();
    run(() -> {
      for (int i = 0; i < perThread; i++) {
        IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").build());
        issued.add(k);
        assertEquals(ApiKeyStatus.VALID, apiKeys.verify(k.plaintext()).status());
      }
      return null;
    });
    Set<String> ids = new HashSet<>();
    issued.forEach(k -> ids.add(k.keyId()));
    assertEquals(THREADS * perThread, ids.size());
    assertEquals(THREADS * perThread, apiKeys.list("acme").size());
  }

  @Test
  void concurrentVerifications_writeLastUsedOncePerInterval() throws Exception {
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").build());
    AtomicInteger valid = new AtomicInteger();
    for (int round = 0; round < 3; round++) {
      run(() -> {
        for (int i = 0; i < 3; i++) {
          if (apiKeys.verify(k.plaintext()).isValid()) {
            valid.incrementAndGet();
          }
        }
        return null;
      });
      clock.advance(Duration.ofMinutes(1));
    }
    assertEquals(3 * THREADS * 3, valid.get());
    assertEquals(3, counting.touchWrites.get(), "one last-used write per interval, however many threads race");
  }

  @Test
  void concurrentRevokes_exactlyOneWins() throws Exception {
    IssuedApiKey k = apiKeys.issue(ApiKeyRequest.builder("acme", "k").build());
    AtomicInteger wins = new AtomicInteger();
    run(() -> {
      if (apiKeys.revoke("acme", k.keyId())) {
        wins.incrementAndGet();
      }
      return null;
    });
    assertEquals(1, wins.get());
    assertEquals(1, events.ofType(ApiKeyEvents.REVOKED).size());
  }

  void run(Callable<Void> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Void>> futures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      futures.add(pool.submit(() -> {
        start.await();
        return task.call();
      }));
    }
    start.countDown();
    for (Future<Void> f : futures) {
      f.get(120, TimeUnit.SECONDS);
    }
  }

  static List<Byte> bytes(byte[] b) {
    List<Byte> out = new ArrayList<>();
    for (byte x : b) {
      out.add(x);
    }
    return out;
  }
}
