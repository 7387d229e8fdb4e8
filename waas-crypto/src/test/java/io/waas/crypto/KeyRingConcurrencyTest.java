package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.KeyDisabledException;
import io.waas.core.SecurityEventListener;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads encrypting and decrypting while keys change underneath: every decryption returns
 * exactly the original plaintext, and the only failures are the ones the key states call for.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeyRingConcurrencyTest {
  private static final int WORKERS = 8;
  private static final int OPS_PER_WORKER = 800;

  /** A ciphertext with what it must decrypt to. */
  private static final class Sample {
    final EncryptionContext ctx;
    final byte[] plaintext;
    final byte[] ciphertext;

    Sample(EncryptionContext ctx, byte[] plaintext, byte[] ciphertext) {
      this.ctx = ctx;
      this.plaintext = plaintext;
      this.ciphertext = ciphertext;
    }
  }

  private static List<KeyScope> scopes() {
    List<KeyScope> out = new ArrayList<>();
    for (String t : List.of("t0", "t1", "t2")) {
      out.add(KeyScope.tenant(t));
      out.add(KeyScope.subject(t, "s0"));
      out.add(KeyScope.subject(t, "s1"));
    }
    return out;
  }

  private static EncryptionContext ctx(KeyScope scope, String record) {
    EncryptionContext.Builder b = EncryptionContext.builder(scope.tenant()).purpose("load").recordId(record);
    String s = scope.subject();
    if (s != null) {
      b.subject(s);
    }
    return b.build();
  }

  private static byte[] randomPlaintext() {
    byte[] p = new byte[ThreadLocalRandom.current().nextInt(0, 300)];
    ThreadLocalRandom.current().nextBytes(p);
    return p;
  }

  @Test
  void encryptDecrypt_whileRotatingAndTogglingOldKeys_onlyExpectedFailures(@TempDir Path tmp) throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    List<KeyScope> scopes = scopes();
    Map<KeyScope, Long> oldKeys = new HashMap<>();
    List<Sample> archive = new ArrayList<>();
    List<Sample> produced = new CopyOnWriteArrayList<>();
    List<String> unexpected = new CopyOnWriteArrayList<>();
    AtomicInteger expectedDisabled = new AtomicInteger();
    AtomicInteger decrypted = new AtomicInteger();
    AtomicInteger rotations = new AtomicInteger();
    AtomicInteger toggles = new AtomicInteger();

    try (KeyRing ring = ks.builder().eventListener(SecurityEventListener.none()).build()) {
      DataEncryptor enc = ring.encryptor();
      // Each scope gets an "old" key holding archived data, then a new primary. Only old keys are
      // ever disabled, so only archived data may legitimately fail (with KeyDisabledException).
      for (KeyScope s : scopes) {
        oldKeys.put(s, ring.createKeys(s).keyId());
        for (int i = 0; i < 3; i++) {
          EncryptionContext c = ctx(s, "archive-" + i);
          byte[] p = randomPlaintext();
          archive.add(new Sample(c, p, enc.encrypt(p, c)));
        }
        ring.rotate(s);
      }

      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 2);
      try {
        Future<?> rotator = pool.submit(() -> {
          while (!stop.get() && rotations.get() < 300) {
            KeyScope s = scopes.get(ThreadLocalRandom.current().nextInt(scopes.size()));
            AeadAlgorithm alg = AeadAlgorithm.values()[ThreadLocalRandom.current().nextInt(2)];
            ring.rotate(s, alg);
            rotations.incrementAndGet();
            Thread.sleep(2);
          }
          return null;
        });
        Future<?> toggler = pool.submit(() -> {
          while (!stop.get()) {
            KeyScope s = scopes.get(ThreadLocalRandom.current().nextInt(scopes.size()));
            long k = java.util.Objects.requireNonNull(oldKeys.get(s));
            ring.disableKey(s, k);
            Thread.sleep(1);
            ring.enableKey(s, k); // always re-enabled before the next one is disabled
            toggles.incrementAndGet();
          }
          return null;
        });
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
          int worker = w;
          workers.add(pool.submit(() -> {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < OPS_PER_WORKER; i++) {
              Sample sample = null;
              try {
                int op = i % 4;
                if (op <= 1 || produced.isEmpty()) {
                  KeyScope s = scopes.get(rnd.nextInt(scopes.size()));
                  EncryptionContext c = ctx(s, "w" + worker + "-" + i);
                  byte[] p = randomPlaintext();
                  sample = new Sample(c, p, enc.encrypt(p, c));
                  produced.add(sample);
                } else if (op == 2) {
                  sample = produced.get(rnd.nextInt(produced.size()));
                } else {
                  sample = archive.get(rnd.nextInt(archive.size()));
                }
                byte[] back = enc.decrypt(sample.ciphertext, sample.ctx);
                decrypted.incrementAndGet();
                if (!java.util.Arrays.equals(back, sample.plaintext)) {
                  unexpected.add("wrong plaintext for " + sample.ctx);
                }
              } catch (KeyDisabledException e) {
                if (sample != null && archive.contains(sample)) {
                  expectedDisabled.incrementAndGet();
                } else {
                  unexpected.add("disabled key outside the archive: " + e);
                }
              } catch (GeneralSecurityException | RuntimeException e) {
                unexpected.add(e.toString());
              }
            }
            return null;
          }));
        }
        for (Future<?> f : workers) {
          f.get(100, TimeUnit.SECONDS);
        }
        stop.set(true);
        rotator.get(30, TimeUnit.SECONDS);
        toggler.get(30, TimeUnit.SECONDS);
      } finally {
        stop.set(true);
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
      }

      assertEquals(List.of(), unexpected.stream().distinct().limit(10).collect(Collectors.toList()));
      assertEquals(WORKERS * OPS_PER_WORKER, decrypted.get() + expectedDisabled.get());
      assertTrue(rotations.get() > 0 && toggles.get() > 0, "rotations " + rotations + ", toggles " + toggles);
      // All changes are done: every old key is enabled again, in this ring and in a fresh one.
      try (KeyRing fresh = ks.open()) {
        for (KeyRing r : List.of(ring, fresh)) {
          for (Sample s : archive) {
            assertArrayEquals(s.plaintext, r.encryptor().decrypt(s.ciphertext, s.ctx));
          }
          for (Sample s : produced) {
            assertArrayEquals(s.plaintext, r.encryptor().decrypt(s.ciphertext, s.ctx));
          }
        }
        for (KeyScope s : scopes) {
          assertEquals(1, fresh.keys(s).stream().filter(KeyMetadata::primary).count());
          assertTrue(fresh.keys(s).stream().allMatch(k -> k.status() == KeyStatus.ENABLED));
        }
      }
    }
  }

  @Test
  void twoInstancesRotatingConcurrently_neverLoseAKey(@TempDir Path tmp) throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    List<KeyScope> scopes = List.of(KeyScope.tenant("shared"), KeyScope.subject("shared", "s"));
    Map<KeyScope, Set<Long>> returned = new ConcurrentHashMap<>();
    List<Sample> samples = new CopyOnWriteArrayList<>();
    int threads = 4;
    int rotationsPerThread = 25;
    try (KeyRing a = ks.builder().eventListener(SecurityEventListener.none()).build();
        KeyRing b = ks.builder().eventListener(SecurityEventListener.none()).build()) {
      for (KeyScope s : scopes) {
        returned.computeIfAbsent(s, k -> ConcurrentHashMap.newKeySet()).add(a.createKeys(s).keyId());
      }
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          KeyRing ring = t % 2 == 0 ? a : b;
          int thread = t;
          futures.add(pool.submit(() -> {
            start.await();
            for (int i = 0; i < rotationsPerThread; i++) {
              KeyScope s = scopes.get(i % scopes.size());
              java.util.Objects.requireNonNull(returned.get(s)).add(ring.rotate(s).keyId());
              EncryptionContext c = ctx(s, "t" + thread + "-" + i);
              byte[] p = ("value " + thread + "/" + i).getBytes(UTF_8);
              samples.add(new Sample(c, p, ring.encryptor().encrypt(p, c)));
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get(100, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
    }
    try (KeyRing fresh = ks.open()) {
      int total = 0;
      for (KeyScope s : scopes) {
        Set<Long> stored = fresh.keys(s).stream().map(KeyMetadata::keyId).collect(Collectors.toSet());
        assertEquals(returned.get(s), stored, "keys of " + s);
        total += stored.size();
      }
      assertEquals(scopes.size() + threads * rotationsPerThread, total);
      for (Sample s : samples) {
        assertArrayEquals(s.plaintext, fresh.encryptor().decrypt(s.ciphertext, s.ctx));
      }
    }
  }

  @Test
  void concurrentFirstUse_acrossInstances_createsExactlyOneKeyPerScope(@TempDir Path tmp) throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    List<KeyScope> scopes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      scopes.add(KeyScope.tenant("new-" + i));
      scopes.add(KeyScope.subject("new-" + i, "s"));
    }
    List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    try (KeyRing a = ks.open();
        KeyRing b = ks.open()) {
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          KeyRing ring = t % 2 == 0 ? a : b;
          int thread = t;
          futures.add(pool.submit(() -> {
            start.await();
            for (KeyScope s : scopes) {
              EncryptionContext c = ctx(s, "t" + thread);
              byte[] p = ("first use " + thread).getBytes(UTF_8);
              samples.add(new Sample(c, p, ring.encryptor().encrypt(p, c)));
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : futures) {
          f.get(100, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      for (KeyScope s : scopes) {
        List<KeyMetadata> keys = a.keys(s);
        assertEquals(1, keys.size(), "keys of " + s);
        Set<Long> used = new HashSet<>();
        for (Sample sample : samples) {
          if (sample.ctx.keyScope().equals(s)) {
            used.add(CiphertextHeader.parse(sample.ciphertext).keyId());
            assertArrayEquals(sample.plaintext, b.encryptor().decrypt(sample.ciphertext, sample.ctx));
          }
        }
        assertEquals(Set.of(keys.get(0).keyId()), used);
      }
      assertEquals(scopes.size(), ks.events.ofType(CryptoEvents.KEY_CREATED).size());
    }
  }
}
