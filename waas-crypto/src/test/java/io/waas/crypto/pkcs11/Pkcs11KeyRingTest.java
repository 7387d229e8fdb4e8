package io.waas.crypto.pkcs11;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.crypto.CiphertextHeader;
import io.waas.crypto.internal.KeysetCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full {@link io.waas.crypto.KeyRing} on a directory store whose KEK is in a real SoftHSM2
 * token: encryption, data-key rotation, reopening, a restart in a new process, and KEK rotation
 * with {@link io.waas.crypto.KeyRing#rewrapKeysets()}. The key rings run in child JVMs (see {@link
 * SoftHsm}); the tests read the store's files directly to check which KEK version wrapped them.
 */
class Pkcs11KeyRingTest {
  @TempDir
  @SuppressWarnings("NullAway.Init")
  static Path tmp;

  @SuppressWarnings("NullAway.Init")
  private static SoftHsm hsm;

  private static long slot;

  @BeforeEach
  void requireSoftHsm() {
    SoftHsm.assumeInstalled();
  }

  @BeforeAll
  static void startToken() throws Exception {
    if (!SoftHsm.installed()) {
      return; // every test reports itself skipped (or failed on CI) in requireSoftHsm()
    }
    hsm = SoftHsm.in(tmp);
    slot = hsm.initToken("key-ring-tests");
  }

  private static byte[] text(String s) {
    return s.getBytes(UTF_8);
  }

  /** Every KEK-wrapped blob of a store directory and the KEK version that wrapped it. */
  private static Map<String, Integer> wrappedVersions(Path store, String kekId) throws Exception {
    Map<String, Integer> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(store)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(".")) {
          continue; // marker, lock
        }
        byte[] content = Files.readAllBytes(p);
        if (name.equals("kek-check") || name.equals("subject-naming-key")) {
          out.put(name, Pkcs11KeyEncryptionKey.wrappedVersion(content));
        } else {
          KeysetCodec.WrappedKeyset w = KeysetCodec.decodeFile(content, name);
          assertEquals(kekId, w.kekId, name);
          out.put(name, Pkcs11KeyEncryptionKey.wrappedVersion(w.wrapped));
        }
      }
    }
    return out;
  }

  @Test
  void keyRing_onHsmKek_encryptsDecryptsRotatesAndReopens() throws Exception {
    Path store = tmp.resolve("store-basic");
    try (Pkcs11ChildProcess c = hsm.startChild()) {
      c.ok("create", "k", hsm.library, slot, "ring-basic", SoftHsm.USER_PIN);
      c.ok("ring-open", "r", "k", store);
      byte[] ct1 = c.okBytes("encrypt", "r", "acme", "rec-1", text("acme secret"));
      byte[] ct2 = c.okBytes("encrypt", "r", "globex", "rec-2", text("globex secret"));
      assertArrayEquals(text("acme secret"), c.okBytes("decrypt", "r", "acme", "rec-1", ct1));
      assertArrayEquals(text("globex secret"), c.okBytes("decrypt", "r", "globex", "rec-2", ct2));
      assertEquals("DecryptionFailedException", c.failure("decrypt", "r", "acme", "rec-2", ct1).error,
          "the context is still bound");

      long newKey = Long.parseLong(c.ok("rotate-keys", "r", "acme"));
      byte[] ct3 = c.okBytes("encrypt", "r", "acme", "rec-3", text("after rotation"));
      assertEquals(newKey, CiphertextHeader.parse(ct3).keyId());
      assertTrue(CiphertextHeader.parse(ct1).keyId() != newKey);
      assertArrayEquals(text("acme secret"), c.okBytes("decrypt", "r", "acme", "rec-1", ct1));

      c.ok("ring-close", "r");
      c.ok("ring-open", "r", "k", store);
      assertArrayEquals(text("acme secret"), c.okBytes("decrypt", "r", "acme", "rec-1", ct1));
      assertArrayEquals(text("globex secret"), c.okBytes("decrypt", "r", "globex", "rec-2", ct2));
      assertArrayEquals(text("after rotation"), c.okBytes("decrypt", "r", "acme", "rec-3", ct3));
    }
    Map<String, Integer> versions = wrappedVersions(store, "pkcs11:ring-basic");
    assertEquals(4, versions.size(), versions.toString()); // check value, naming key, two tenants
    assertTrue(versions.values().stream().allMatch(v -> v == 1), versions.toString());
  }

  @Test
  void restart_newProcessDecryptsDataWrittenBefore() throws Exception {
    Path store = tmp.resolve("store-restart");
    byte[] ct;
    byte[] subjectCt;
    try (Pkcs11ChildProcess first = hsm.startChild()) {
      first.ok("create", "k", hsm.library, slot, "ring-restart", SoftHsm.USER_PIN);
      first.ok("ring-open", "r", "k", store);
      ct = first.okBytes("encrypt", "r", "acme", "rec", text("written before the restart"));
      subjectCt = first.okBytes("encrypt-subject", "r", "acme", "alice", "rec", text("alice's data"));
    }
    // A new process: the library is initialized again, a new provider logs in again.
    try (Pkcs11ChildProcess second = hsm.startChild()) {
      second.ok("open", "k", hsm.library, slot, "ring-restart", SoftHsm.USER_PIN);
      second.ok("ring-open", "r", "k", store);
      assertArrayEquals(text("written before the restart"), second.okBytes("decrypt", "r", "acme", "rec", ct));
      assertArrayEquals(text("alice's data"), second.okBytes("decrypt-subject", "r", "acme", "alice", "rec", subjectCt));
    }
  }

  @Test
  void kekRotation_rewrapKeysets_movesTheStoreToTheNewVersion_thenOldVersionCanGo() throws Exception {
    Path store = tmp.resolve("store-kek-rotation");
    String kekId = "pkcs11:ring-rotating";
    try (Pkcs11ChildProcess c = hsm.startChild()) {
      c.ok("create", "k", hsm.library, slot, "ring-rotating", SoftHsm.USER_PIN);
      c.ok("ring-open", "r", "k", store);
      byte[] acme = c.okBytes("encrypt", "r", "acme", "rec", text("acme"));
      byte[] globex = c.okBytes("encrypt", "r", "globex", "rec", text("globex"));
      byte[] alice = c.okBytes("encrypt-subject", "r", "acme", "alice", "rec", text("alice"));
      assertTrue(wrappedVersions(store, kekId).values().stream().allMatch(v -> v == 1));

      assertEquals("2", c.ok("rotate", "k"));
      // New writes use version 2 at once; existing keysets stay under version 1 and still load.
      byte[] initech = c.okBytes("encrypt", "r", "initech", "rec", text("initech"));
      Map<String, Integer> mixed = wrappedVersions(store, kekId);
      assertEquals(2, mixed.get("t-" + base32("initech")), mixed.toString());
      assertEquals(1, mixed.get("t-" + base32("globex")), mixed.toString());
      c.ok("ring-close", "r");
      c.ok("ring-open", "r", "k", store);
      assertArrayEquals(text("globex"), c.okBytes("decrypt", "r", "globex", "rec", globex));

      assertEquals(Integer.toString(mixed.size()), c.ok("rewrap", "r"));
      Map<String, Integer> after = wrappedVersions(store, kekId);
      assertEquals(mixed.keySet(), after.keySet());
      assertTrue(after.values().stream().allMatch(v -> v == 2), after.toString());

      c.ok("destroy-version", "k", 1);
      assertEquals("2", c.ok("versions", "k"));
      c.ok("ring-close", "r");
      c.ok("ring-open", "r", "k", store);
      assertArrayEquals(text("acme"), c.okBytes("decrypt", "r", "acme", "rec", acme));
      assertArrayEquals(text("globex"), c.okBytes("decrypt", "r", "globex", "rec", globex));
      assertArrayEquals(text("alice"), c.okBytes("decrypt-subject", "r", "acme", "alice", "rec", alice));
      assertArrayEquals(text("initech"), c.okBytes("decrypt", "r", "initech", "rec", initech));
    }
  }

  @Test
  void kekRotation_destroyingOldVersionWithoutRewrap_locksTheStore() throws Exception {
    // The control for the test above: without the re-wrap, the old version is still needed.
    Path store = tmp.resolve("store-no-rewrap");
    try (Pkcs11ChildProcess c = hsm.startChild()) {
      c.ok("create", "k", hsm.library, slot, "ring-no-rewrap", SoftHsm.USER_PIN);
      c.ok("ring-open", "r", "k", store);
      c.ok("encrypt", "r", "acme", "rec", text("acme"));
      c.ok("ring-close", "r");
      assertEquals("2", c.ok("rotate", "k"));
      c.ok("destroy-version", "k", 1);
      assertEquals("MasterKeyMismatchException", c.failure("ring-open", "r", "k", store).error);
    }
  }

  private static String base32(String tenant) throws IOException {
    return io.waas.core.Base32.encode(tenant.getBytes(UTF_8)).toLowerCase(java.util.Locale.ROOT);
  }
}
