package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.KeyDestroyedException;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.internal.AtomicFiles;
import io.waas.crypto.internal.AtomicFiles.Step;
import io.waas.crypto.internal.Keyset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A crash at any moment of a key change leaves each keyset either old or new, never partial, and
 * loses no committed key: simulated with the store's step hook, and for real with SIGKILL.
 */
class KeyStoreCrashSafetyTest {
  private static final KeyScope ACME = KeyScope.tenant("acme");

  /** Thrown by the hook to stop the "process" dead: an Error, so no catch-and-clean-up runs. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(Step step) {
      super("simulated crash after " + step);
    }
  }

  /** Crashes at the n-th time the given step is reached, once armed. */
  static final class CrashHook implements AtomicFiles.StepHook {
    private final Step step;
    private final int occurrence;
    private final AtomicInteger seen = new AtomicInteger();
    volatile boolean armed;

    CrashHook(Step step, int occurrence) {
      this.step = step;
      this.occurrence = occurrence;
    }

    @Override
    public void after(Step s) {
      if (armed && s == step && seen.incrementAndGet() == occurrence) {
        armed = false;
        throw new SimulatedCrash(s);
      }
    }
  }

  private static KeyRing crashingRing(TestKeyStore ks, CrashHook hook) throws GeneralSecurityException, IOException {
    return KeyRing.builder()
        .keysetStore(DirectoryKeysetStore.open(ks.dir, hook))
        .masterKey(ks.masterKey())
        .eventListener(SecurityEventListener.none())
        .build();
  }

  private static List<Long> ids(KeyRing r, KeyScope s) throws GeneralSecurityException {
    return r.keys(s).stream().map(KeyMetadata::keyId).collect(Collectors.toList());
  }

  private static EncryptionContext ctx(KeyScope s, int i) {
    EncryptionContext.Builder b = EncryptionContext.builder(s.tenant()).purpose("crash").recordId("r" + i);
    String subject = s.subject();
    if (subject != null) {
      b.subject(subject);
    }
    return b.build();
  }

  /** Ciphertexts by scope, made before the crash, each decrypting to "v<i>". */
  private static Map<KeyScope, List<byte[]>> populate(KeyRing r, List<KeyScope> scopes) throws GeneralSecurityException {
    Map<KeyScope, List<byte[]>> out = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    for (KeyScope s : scopes) {
      List<byte[]> cts = new ArrayList<>();
      for (int gen = 0; gen < 2; gen++) {
        for (int i = 0; i < 2; i++) {
          int n = cts.size();
          cts.add(r.encryptor().encrypt(("v" + n).getBytes(UTF_8), ctx(s, n)));
        }
        r.rotate(s);
      }
      out.put(s, cts);
    }
    return out;
  }

  private static List<byte[]> get(Map<KeyScope, List<byte[]>> data, KeyScope s) {
    return java.util.Objects.requireNonNull(data.get(s), s.toString());
  }

  private static void assertDecrypt(KeyRing r, KeyScope s, List<byte[]> cts) throws GeneralSecurityException {
    for (int i = 0; i < cts.size(); i++) {
      assertArrayEquals(("v" + i).getBytes(UTF_8), r.encryptor().decrypt(cts.get(i), ctx(s, i)), s + " #" + i);
    }
  }

  // ------------------------------------------------------------ simulated crashes

  @ParameterizedTest
  @EnumSource(Step.class)
  void crashDuringRotation_atEveryStep_leavesExactlyOldOrNewKeyset(Step step, @TempDir Path tmp) throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    Map<KeyScope, List<byte[]>> data;
    List<Long> before;
    byte[] fileBefore;
    try (KeyRing r = ks.open()) {
      data = populate(r, List.of(ACME));
      before = ids(r, ACME);
      fileBefore = Files.readAllBytes(ks.dir.resolve(r.storageName(ACME)));
    }

    CrashHook hook = new CrashHook(step, 1);
    KeyRing crashing = crashingRing(ks, hook);
    hook.armed = true;
    assertThrows(SimulatedCrash.class, () -> crashing.rotate(ACME));
    // The crashed ring is abandoned, as a dead process would be.
    boolean renamed = step == Step.RENAMED;
    assertEquals(!renamed, !TestKeyStore.temporaryFiles(ks.dir).isEmpty(), "a crash before the rename leaves debris");

    try (KeyRing fresh = ks.open()) {
      assertEquals(List.of(), TestKeyStore.temporaryFiles(ks.dir), "stray temporary files are cleaned on open");
      List<Long> after = ids(fresh, ACME);
      if (renamed) {
        assertEquals(before.size() + 1, after.size());
        assertEquals(before, after.subList(0, before.size()));
        assertTrue(fresh.keys(ACME).get(before.size()).primary());
      } else {
        assertEquals(before, after);
        assertArrayEquals(fileBefore, Files.readAllBytes(ks.dir.resolve(fresh.storageName(ACME))));
      }
      assertDecrypt(fresh, ACME, get(data, ACME));
      // The store stays fully usable.
      KeyMetadata m = fresh.rotate(ACME);
      byte[] ct = fresh.encryptor().encrypt(new byte[] {1}, ctx(ACME, 99));
      assertEquals(m.keyId(), CiphertextHeader.parse(ct).keyId());
    }
  }

  @ParameterizedTest
  @EnumSource(Step.class)
  void crashDuringKeyDestruction_atEveryStep_leavesOldOrNewKeyset(Step step, @TempDir Path tmp) throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    Map<KeyScope, List<byte[]>> data;
    long oldest;
    try (KeyRing r = ks.open()) {
      data = populate(r, List.of(ACME));
      oldest = r.keys(ACME).get(0).keyId();
    }
    CrashHook hook = new CrashHook(step, 1);
    KeyRing crashing = crashingRing(ks, hook);
    hook.armed = true;
    assertThrows(SimulatedCrash.class, () -> crashing.destroyKey(ACME, oldest));
    try (KeyRing fresh = ks.open()) {
      assertEquals(List.of(), TestKeyStore.temporaryFiles(ks.dir));
      KeyStatus status = fresh.keys(ACME).get(0).status();
      List<byte[]> cts = get(data, ACME);
      if (step == Step.RENAMED) {
        assertEquals(KeyStatus.DESTROYED, status);
        assertThrows(KeyDestroyedException.class, () -> fresh.encryptor().decrypt(cts.get(0), ctx(ACME, 0)));
        assertThrows(KeyDestroyedException.class, () -> fresh.encryptor().decrypt(cts.get(1), ctx(ACME, 1)));
      } else {
        assertEquals(KeyStatus.ENABLED, status);
        assertDecrypt(fresh, ACME, cts);
      }
      for (int i = 2; i < cts.size(); i++) {
        assertArrayEquals(("v" + i).getBytes(UTF_8), fresh.encryptor().decrypt(cts.get(i), ctx(ACME, i)));
      }
    }
  }

  static Stream<Arguments> shredCrashes() {
    return Stream.of(Step.values()).flatMap(s -> Stream.of(1, 2, 3).map(n -> Arguments.of(s, n)));
  }

  /**
   * A tenant shred writes one keyset per subject and one for the tenant. A crash in between may
   * leave the shred partial, but never with the tenant looking shredded while a subject's data is
   * still readable: a tenant that looks intact tells the operator to shred again.
   */
  @ParameterizedTest(name = "{0} of write {1}")
  @MethodSource("shredCrashes")
  void crashDuringTenantShred_neverLooksShreddedWhileSubjectsAreReadable(Step step, int write, @TempDir Path tmp)
      throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    List<KeyScope> scopes = List.of(ACME, KeyScope.subject("acme", "alice"), KeyScope.subject("acme", "bob"));
    Map<KeyScope, List<byte[]>> data;
    try (KeyRing r = ks.open()) {
      data = populate(r, scopes);
    }
    CrashHook hook = new CrashHook(step, write);
    KeyRing crashing = crashingRing(ks, hook);
    hook.armed = true;
    assertThrows(SimulatedCrash.class, () -> crashing.shred(ACME));

    try (KeyRing fresh = ks.open()) {
      assertEquals(List.of(), TestKeyStore.temporaryFiles(ks.dir));
      boolean tenantShredded = true;
      for (KeyScope s : scopes) {
        Keyset k = ks.keyset(fresh.storageName(s));
        boolean shredded = k.primary() == null && k.keys().stream().allMatch(d -> d.status() == KeyStatus.DESTROYED);
        boolean intact = k.primary() != null && k.keys().size() == 3
            && k.keys().stream().allMatch(d -> d.status() == KeyStatus.ENABLED);
        assertTrue(shredded || intact, s + " is neither old nor a tombstone");
        if (s.equals(ACME)) {
          tenantShredded = shredded;
        } else if (tenantShredded) {
          assertTrue(shredded, "tenant looks shredded but " + s + " is still readable");
        }
        if (intact) {
          assertDecrypt(fresh, s, get(data, s));
        }
      }
      // Shredding again completes the job.
      fresh.shred(ACME);
      for (KeyScope s : scopes) {
        for (int i = 0; i < get(data, s).size(); i++) {
          byte[] ct = get(data, s).get(i);
          int n = i;
          assertThrows(KeyDestroyedException.class, () -> fresh.encryptor().decrypt(ct, ctx(s, n)));
        }
      }
    }
  }

  static Stream<Arguments> initCrashes() {
    return Stream.of(Step.values()).flatMap(s -> Stream.of(1, 2).map(n -> Arguments.of(s, n)));
  }

  @ParameterizedTest(name = "{0} of write {1}")
  @MethodSource("initCrashes")
  void crashDuringStoreCreation_atEveryStep_storeOpensAndWorksAfterwards(Step step, int write, @TempDir Path tmp)
      throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    CrashHook hook = new CrashHook(step, write);
    hook.armed = true;
    assertThrows(SimulatedCrash.class, () -> crashingRing(ks, hook));
    byte[] ct;
    EncryptionContext subject = EncryptionContext.builder("acme").subject("alice").build();
    try (KeyRing r = ks.open()) {
      assertEquals(List.of(), TestKeyStore.temporaryFiles(ks.dir));
      ct = r.encryptor().encrypt(new byte[] {3}, subject);
    }
    try (KeyRing r = ks.open()) {
      assertArrayEquals(new byte[] {3}, r.encryptor().decrypt(ct, subject));
    }
    assertThrows(MasterKeyMismatchException.class, () -> new TestKeyStore(ks.dir).open());
  }

  // ------------------------------------------------------------ real process, SIGKILL

  /** One rotation the child reported as committed. */
  private static final class Committed {
    final String tenant;
    final long keyId;
    final int index;
    final byte[] ciphertext;

    Committed(String tenant, long keyId, int index, byte[] ciphertext) {
      this.tenant = tenant;
      this.keyId = keyId;
      this.index = index;
      this.ciphertext = ciphertext;
    }
  }


  @Test
  void killedProcess_neverLosesCommittedKeys(@TempDir Path tmp) throws Exception {
    Path keyFile = tmp.resolve("master.key");
    MasterKeySource.generateKeyFile(keyFile);
    Path dir = tmp.resolve("keys");
    MasterKeySource master = MasterKeySource.keyFile(keyFile);
    EncryptionContext parentCtx = EncryptionContext.of("parent", "p", "r");
    byte[] parentCt;
    try (KeyRing r = KeyRing.openLocal(dir, master)) {
      parentCt = r.encryptor().encrypt(new byte[] {1, 2, 3}, parentCtx);
    }
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    List<Committed> committed = new ArrayList<>();

    for (int round = 0; round < 5; round++) {
      String tenant = "round-" + round;
      Path err = tmp.resolve("child-" + round + ".err");
      KillableChild child =
          KillableChild.start(err, "COMMITTED ", RotationChild.class, dir.toString(), keyFile.toString(), tenant, "100000");
      List<String> lines;
      try {
        // Even rounds let some rotations commit first; odd ones may kill the very first rotation.
        child.awaitStart(round % 2 == 0, "committed nothing");
        Thread.sleep(rnd.nextInt(800)); // somewhere in the middle of some rotation
      } finally {
        lines = child.kill();
      }
      assertFalse(lines.contains("DONE"), "the child must be killed while still rotating");
      for (String line : lines) {
        // Only complete lines count: a line cut by the kill lacks its END marker.
        String[] f = line.split(" ");
        if (f.length == 5 && f[0].equals("COMMITTED") && f[4].equals("END")) {
          committed.add(new Committed(tenant, Long.parseLong(f[1]), Integer.parseInt(f[2]), Base64.getDecoder().decode(f[3])));
        }
      }

      // After each kill: the store opens, every committed key is there, all earlier data decrypts.
      try (KeyRing r = KeyRing.openLocal(dir, master)) {
        assertEquals(List.of(), TestKeyStore.temporaryFiles(dir));
        assertArrayEquals(new byte[] {1, 2, 3}, r.encryptor().decrypt(parentCt, parentCtx));
        for (Committed c : committed) {
          List<Long> stored = ids(r, KeyScope.tenant(c.tenant));
          assertTrue(stored.contains(c.keyId), "seed " + seed + ": committed key " + c.keyId + " of " + c.tenant + " lost");
          assertArrayEquals(
              RotationChild.plaintext(c.tenant, c.index),
              r.encryptor().decrypt(c.ciphertext, RotationChild.context(c.tenant, c.index)));
        }
        // Rotation works after the kill, and the newest key is primary.
        List<KeyMetadata> keys = r.keys(KeyScope.tenant(tenant));
        assertEquals(keys.isEmpty() ? 0 : 1, keys.stream().filter(KeyMetadata::primary).count());
      }
    }
    assertTrue(committed.size() >= 3, "seed " + seed + ": too few rotations were committed: " + committed.size());
  }
}
