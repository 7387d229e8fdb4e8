package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signers, verifiers and key changes on many threads, and on two key rings sharing one store. */
class SignatureConcurrencyTest {
  @TempDir @SuppressWarnings("NullAway.Init") Path dir;

  @Test
  void signAndVerify_whileRotating_everySignatureVerifies() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createSigningKeys("audit", SignatureAlgorithm.ED25519);
      Signer signer = ring.signer("audit");
      SignatureVerifier verifier = ring.signatureVerifier("audit");
      List<byte[][]> signed = new CopyOnWriteArrayList<>(); // {signature, message}
      ExecutorService pool = Executors.newFixedThreadPool(5);
      CountDownLatch start = new CountDownLatch(1);
      // Signers pause half-way until the first rotation is written, so signatures are certainly
      // made under more than one key; the rest runs free.
      CountDownLatch firstRotation = new CountDownLatch(1);
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          int n = t;
          fs.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < 80; i++) {
                      if (i == 40) {
                        firstRotation.await();
                      }
                      byte[] d = ("t" + n + "-" + i).getBytes(UTF_8);
                      byte[] sig = signer.sign(d);
                      verifier.verify(sig, d);
                      signed.add(new byte[][] {sig, d});
                    }
                    return null;
                  }));
        }
        fs.add(
            pool.submit(
                () -> {
                  start.await();
                  while (signed.size() < 60) {
                    Thread.sleep(1);
                  }
                  for (int i = 0; i < 6; i++) {
                    ring.rotateSigningKey(
                        "audit", i % 2 == 0 ? SignatureAlgorithm.ECDSA_P256_SHA256 : SignatureAlgorithm.ED25519);
                    firstRotation.countDown();
                  }
                  return null;
                }));
        start.countDown();
        for (Future<?> f : fs) {
          f.get(2, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      assertEquals(7, ring.signingKeys("audit").size());
      SignatureVerifier offline = PublicKeySet.fromJwkSetJson(ring.publicKeys("audit").toJwkSetJson()).verifier();
      assertEquals(320, signed.size());
      Set<Long> keyIds = new HashSet<>();
      for (byte[][] s : signed) {
        verifier.verify(s[0], s[1]);
        offline.verify(s[0], s[1]);
        keyIds.add(((s[0][2] & 0xffL) << 24) | ((s[0][3] & 0xff) << 16) | ((s[0][4] & 0xff) << 8) | (s[0][5] & 0xff));
      }
      assertTrue(keyIds.size() > 1, "signatures were made while keys rotated");
    }
  }

  @Test
  void rotate_fromTwoKeyRingsOnOneStore_losesNoKey() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    try (KeyRing a = ks.open();
        KeyRing b = ks.open()) {
      a.createSigningKeys("provenance", SignatureAlgorithm.ED25519);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      CountDownLatch start = new CountDownLatch(1);
      List<Long> created = new CopyOnWriteArrayList<>();
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (KeyRing ring : List.of(a, b, a, b)) {
          fs.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < 5; i++) {
                      created.add(ring.rotateSigningKey("provenance").keyId());
                      ring.signatureVerifier("provenance").verify(ring.signer("provenance").sign(new byte[3]), new byte[3]);
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> f : fs) {
          f.get(2, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      List<SigningKeyMetadata> keys = b.signingKeys("provenance");
      assertEquals(21, keys.size());
      Set<Long> stored = new HashSet<>();
      keys.forEach(k -> stored.add(k.keyId()));
      assertEquals(21, stored.size());
      assertTrue(stored.containsAll(created));
      assertEquals(1, keys.stream().filter(SigningKeyMetadata::primary).count());
    }
  }

  @Test
  void publicKeySetVerifier_concurrentThreads_allVerify() throws Exception {
    List<byte[][]> signed = new ArrayList<>();
    SignatureVerifier verifier;
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createSigningKeys("audit", SignatureAlgorithm.ED25519);
      ring.rotateSigningKey("audit", SignatureAlgorithm.ECDSA_P256_SHA256);
      for (int i = 0; i < 40; i++) {
        if (i == 20) {
          ring.rotateSigningKey("audit", SignatureAlgorithm.ED25519);
        }
        byte[] d = ("m" + i).getBytes(UTF_8);
        signed.add(new byte[][] {ring.signer("audit").sign(d), d});
      }
      verifier = PublicKeySet.fromJwkSetJson(ring.publicKeys("audit").toJwkSetJson()).verifier();
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        fs.add(
            pool.submit(
                () -> {
                  start.await();
                  for (byte[][] s : signed) {
                    verifier.verify(s[0], s[1]);
                    byte[] other = s[1].clone();
                    other[0] ^= 1;
                    try {
                      verifier.verify(s[0], other);
                      throw new AssertionError("modified data verified");
                    } catch (VerificationFailedException expected) {
                      // the right outcome
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : fs) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
