package io.waas.crypto.pkcs11;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Pkcs11KeyEncryptionKey} against a real SoftHSM2 token, driven in a child JVM (see {@link
 * SoftHsm}). Each test uses its own key label in the class's token.
 */
class Pkcs11KeyEncryptionKeyTest {
  @TempDir
  @SuppressWarnings("NullAway.Init")
  static Path tmp;

  @SuppressWarnings("NullAway.Init")
  private static SoftHsm hsm;

  @SuppressWarnings("NullAway.Init")
  private static Pkcs11ChildProcess child;

  private static long slot;
  /** A second token that nothing logs in to before {@link #open_wrongPin_throwsTokenLoginException}. */
  private static long loginSlot;

  private static final byte[] AD = "waas-keyset/v1:t-acme".getBytes(UTF_8);

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
    slot = hsm.initToken("kek-tests");
    loginSlot = hsm.initToken("login-tests");
    child = hsm.startChild();
  }

  @AfterAll
  static void stopChild() throws IOException {
    if (child != null) {
      child.close();
    }
  }

  private static void create(String handle, String label) throws IOException {
    assertEquals("1", child.ok("create", handle, hsm.library, slot, label, SoftHsm.USER_PIN));
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  @Test
  void wrapUnwrap_roundTrips() throws Exception {
    create("rt", "round-trip");
    for (int n : new int[] {0, 1, 32, 1000}) {
      for (byte[] ad : new byte[][] {new byte[0], AD}) {
        byte[] pt = random(n);
        byte[] wrapped = child.okBytes("wrap", "rt", pt, ad);
        assertEquals(WrappedKeyFormat.OVERHEAD + n, wrapped.length);
        assertArrayEquals(new byte[] {'W', 'P', 1, 0, 0, 0, 1}, Arrays.copyOf(wrapped, 7), "header with version 1");
        assertEquals(1, Pkcs11KeyEncryptionKey.wrappedVersion(wrapped));
        assertArrayEquals(pt, child.okBytes("unwrap", "rt", wrapped, ad));
        byte[] again = child.okBytes("wrap", "rt", pt, ad);
        assertFalse(Arrays.equals(Arrays.copyOfRange(wrapped, 7, 19), Arrays.copyOfRange(again, 7, 19)),
            "every wrap has its own random IV");
        if (n == 32) {
          assertFalse(indexOf(wrapped, pt) >= 0, "the wrapped value contains the plaintext");
        }
      }
    }
    assertEquals("pkcs11:round-trip", child.ok("id", "rt"));
  }

  @Test
  void unwrap_wrongAssociatedData_fails() throws Exception {
    create("ad", "associated-data");
    byte[] wrapped = child.okBytes("wrap", "ad", random(32), AD);
    byte[] other = "waas-keyset/v1:t-globex".getBytes(UTF_8);
    assertEquals("DecryptionFailedException", child.failure("unwrap", "ad", wrapped, other).error);
    assertEquals("DecryptionFailedException", child.failure("unwrap", "ad", wrapped, new byte[0]).error);
  }

  @Test
  void unwrap_tamperedBlob_fails() throws Exception {
    create("tamper", "tamper");
    byte[] pt = random(32);
    byte[] wrapped = child.okBytes("wrap", "tamper", pt, AD);
    for (int i = 0; i < wrapped.length; i++) {
      byte[] t = wrapped.clone();
      t[i] ^= 0x01;
      Pkcs11ChildProcess.Reply r = child.failure("unwrap", "tamper", t, AD);
      String expected;
      if (i < 3) {
        expected = "MalformedDataException"; // magic, format version
      } else if (i < 7) {
        expected = i == 6 ? "MalformedDataException" : "KeyNotFoundException"; // version 0, or one not in the token
      } else {
        expected = "DecryptionFailedException"; // IV, ciphertext, tag
      }
      assertEquals(expected, r.error, "bit flipped in byte " + i + ": " + r);
    }
    assertEquals("DecryptionFailedException",
        child.failure("unwrap", "tamper", Arrays.copyOf(wrapped, wrapped.length - 1), AD).error);
    assertEquals("MalformedDataException",
        child.failure("unwrap", "tamper", Arrays.copyOf(wrapped, WrappedKeyFormat.OVERHEAD - 1), AD).error);
    // Version 2 does not exist yet: the blob names a key the token does not hold.
    byte[] v2 = wrapped.clone();
    v2[6] = 2;
    Pkcs11ChildProcess.Reply r = child.failure("unwrap", "tamper", v2, AD);
    assertEquals("KeyNotFoundException", r.error);
    assertTrue(r.message.contains("version 2"), r.message);
    assertArrayEquals(pt, child.okBytes("unwrap", "tamper", wrapped, AD), "the original still unwraps");
  }

  @Test
  void key_isNotExtractable() throws Exception {
    create("secret", "non-extractable");
    rotateTo("secret", 2);
    for (String alias : new String[] {"non-extractable.v1", "non-extractable.v2"}) {
      String probe = child.ok("probe", hsm.library, slot, alias, SoftHsm.USER_PIN);
      assertTrue(probe.startsWith("encoded=null format=null keySpec=refused "), alias + ": " + probe);
    }
  }

  @Test
  void open_extractableKeyUnderTheLabel_isRefused() throws Exception {
    child.ok("plant-extractable", hsm.library, slot, "careless-import.v1", SoftHsm.USER_PIN);
    Pkcs11ChildProcess.Reply r = child.failure("open", "careless", hsm.library, slot, "careless-import", SoftHsm.USER_PIN);
    assertEquals("KeyStoreAccessException", r.error);
    assertTrue(r.message.contains("careless-import.v1") && r.message.contains("extractable"), r.message);
  }

  private static void rotateTo(String handle, int version) throws IOException {
    assertEquals(Integer.toString(version), child.ok("rotate", handle));
  }

  @Test
  void wrapUnwrap_concurrentThreadsDuringRotation_allRoundTrip() throws Exception {
    create("busy", "concurrent");
    String[] result = child.ok("stress", "busy", 8, 20, 3).split(" ");
    assertEquals("0", result[1], "failures; first: "
        + (result[2].equals("-") ? "-" : new String(Base64.getDecoder().decode(result[2]), UTF_8)));
    assertEquals("160", result[0], "round trips");
    assertEquals("1,2,3,4", child.ok("versions", "busy"));
  }

  @Test
  void rotate_newWrapsUseNewVersion_oldWrapsStillUnwrap() throws Exception {
    create("rot", "rotation");
    byte[] pt1 = random(32);
    byte[] v1 = child.okBytes("wrap", "rot", pt1, AD);
    rotateTo("rot", 2);
    assertEquals("pkcs11:rotation", child.ok("id", "rot"), "the id does not change with the version");
    assertEquals("2", child.ok("current", "rot"));
    byte[] pt2 = random(32);
    byte[] v2 = child.okBytes("wrap", "rot", pt2, AD);
    assertEquals(1, Pkcs11KeyEncryptionKey.wrappedVersion(v1));
    assertEquals(2, Pkcs11KeyEncryptionKey.wrappedVersion(v2));
    assertArrayEquals(pt1, child.okBytes("unwrap", "rot", v1, AD));
    assertArrayEquals(pt2, child.okBytes("unwrap", "rot", v2, AD));
    assertEquals("1,2", child.ok("versions", "rot"));
    // Another version's key does not authenticate a value: relabel v1's blob as version 2.
    byte[] relabelled = v1.clone();
    relabelled[6] = 2;
    assertEquals("DecryptionFailedException", child.failure("unwrap", "rot", relabelled, AD).error);
  }

  @Test
  void destroyVersion_oldWrapsFailWithKeyNotFound_newestIsRefused() throws Exception {
    create("gone", "destroy");
    byte[] v1 = child.okBytes("wrap", "gone", random(32), AD);
    rotateTo("gone", 2);
    byte[] pt = random(32);
    byte[] v2 = child.okBytes("wrap", "gone", pt, AD);
    child.ok("destroy-version", "gone", 1);
    assertEquals("2", child.ok("versions", "gone"));
    assertEquals("KeyNotFoundException", child.failure("unwrap", "gone", v1, AD).error);
    assertArrayEquals(pt, child.okBytes("unwrap", "gone", v2, AD));
    assertEquals("IllegalStateException", child.failure("destroy-version", "gone", 2).error);
    assertEquals("KeyNotFoundException", child.failure("destroy-version", "gone", 7).error);
    // Reopening finds only version 2.
    assertEquals("2", child.ok("open", "gone-again", hsm.library, slot, "destroy", SoftHsm.USER_PIN));
  }

  @Test
  void rotateAndDestroy_inAnotherProcess_areSeenByThisOne() throws Exception {
    create("mine", "shared");
    byte[] v1 = child.okBytes("wrap", "mine", random(32), AD);
    try (Pkcs11ChildProcess other = hsm.startChild()) {
      assertEquals("1", other.ok("open", "theirs", hsm.library, slot, "shared", SoftHsm.USER_PIN));
      assertEquals("2", other.ok("rotate", "theirs"));
      byte[] pt = random(32);
      byte[] theirs = other.okBytes("wrap", "theirs", pt, AD);
      assertArrayEquals(pt, child.okBytes("unwrap", "mine", theirs, AD), "a newer version is looked up in the token");
      byte[] mine = child.okBytes("wrap", "mine", pt, AD);
      assertEquals(2, Pkcs11KeyEncryptionKey.wrappedVersion(mine), "wrap uses the version the other process added");
      assertArrayEquals(pt, other.okBytes("unwrap", "theirs", mine, AD));

      // The other process destroys version 1, whose key this process still holds a handle to.
      other.ok("destroy-version", "theirs", 1);
      assertEquals("KeyNotFoundException", child.failure("unwrap", "mine", v1, AD).error);
    }
  }

  @Test
  void keyReplacedUnderItsLabelOutsideTheSdk_isLookedUpAgain() throws Exception {
    create("stale", "replaced");
    byte[] before = child.okBytes("wrap", "stale", random(8), AD);
    // A vendor tool deletes replaced.v1 and creates a new key under the same label.
    try (Pkcs11ChildProcess other = hsm.startChild()) {
      other.ok("replace-key", hsm.library, slot, "replaced.v1", SoftHsm.USER_PIN);
      byte[] pt = random(32);
      byte[] after = child.okBytes("wrap", "stale", pt, AD);
      assertEquals("1", other.ok("open", "fresh", hsm.library, slot, "replaced", SoftHsm.USER_PIN));
      assertArrayEquals(pt, other.okBytes("unwrap", "fresh", after, AD), "wrapped under the new key");
      assertEquals("DecryptionFailedException", child.failure("unwrap", "stale", before, AD).error,
          "values of the replaced key are lost");
    }
  }

  @Test
  void open_missingLabel_throwsKeyNotFound() throws Exception {
    Pkcs11ChildProcess.Reply r = child.failure("open", "none", hsm.library, slot, "no-such-key", SoftHsm.USER_PIN);
    assertEquals("KeyNotFoundException", r.error);
    assertTrue(r.message.contains("no-such-key"), r.message);
  }

  @Test
  void create_existingLabel_isRefused() throws Exception {
    create("first", "taken");
    assertEquals("IllegalStateException",
        child.failure("create", "second", hsm.library, slot, "taken", SoftHsm.USER_PIN).error);
    assertEquals("1", child.ok("versions", "first"), "nothing was added");
  }

  @Test
  void open_wrongPin_throwsTokenLoginException() throws Exception {
    String wrongPin = "wrong-pin-9876";
    Pkcs11ChildProcess.Reply r = child.failure("create", "login", hsm.library, loginSlot, "login", wrongPin);
    assertEquals("TokenLoginException", r.error);
    assertTrue(r.message.contains("wrong PIN"), r.message);
    assertFalse(r.message.contains(wrongPin), "the PIN is in the message");
    assertFalse(child.stderr().contains(wrongPin), "the PIN is in the child's log or stack traces");
    // The right PIN still works: one failed attempt does not lock the token.
    assertEquals("1", child.ok("create", "login", hsm.library, loginSlot, "login", SoftHsm.USER_PIN));
  }

  @Test
  void open_missingLibrary_throwsKeyStoreAccessException() throws Exception {
    Pkcs11ChildProcess.Reply r =
        child.failure("open", "x", "/nonexistent/lib/libpkcs11.so", slot, "any", SoftHsm.USER_PIN);
    assertEquals("KeyStoreAccessException", r.error);
    assertTrue(r.message.contains("/nonexistent/lib/libpkcs11.so") && r.message.contains("does not exist"), r.message);
  }

  @Test
  void open_fileThatIsNoLibrary_throwsKeyStoreAccessException() throws Exception {
    Path notALibrary = tmp.resolve("not-a-library.so");
    Files.writeString(notALibrary, "this is text, not a shared object");
    Pkcs11ChildProcess.Reply r = child.failure("open", "x", notALibrary, slot, "any", SoftHsm.USER_PIN);
    assertEquals("KeyStoreAccessException", r.error);
    assertTrue(r.message.contains("cannot open PKCS#11 library"), r.message);
  }

  @Test
  void open_unknownSlot_throwsKeyStoreAccessException() throws Exception {
    Pkcs11ChildProcess.Reply r = child.failure("open", "x", hsm.library, 424242, "any", SoftHsm.USER_PIN);
    assertEquals("KeyStoreAccessException", r.error);
    assertTrue(r.message.contains("slot 424242") && r.message.contains("CKR_SLOT_ID_INVALID"), r.message);
  }

  @Test
  void open_libraryPathWithSpace_isQuotedInTheProviderConfig() throws Exception {
    create("spaced-create", "spaced");
    Path dir = Files.createDirectories(tmp.resolve("vendor lib dir"));
    Path link = Files.createSymbolicLink(dir.resolve("libsofthsm2.so"), hsm.library);
    assertEquals("1", child.ok("open", "spaced", link, slot, "spaced", SoftHsm.USER_PIN));
    byte[] pt = random(16);
    assertArrayEquals(pt, child.okBytes("unwrap", "spaced-create", child.okBytes("wrap", "spaced", pt, AD), AD));
    Files.delete(link); // JUnit warns about links leaving the temporary directory
  }

  @Test
  void toString_showsIdAndSlot_neverPin() throws Exception {
    create("shown", "described");
    String description = child.ok("describe", "shown");
    assertTrue(description.contains("pkcs11:described") && description.contains("slot " + slot), description);
    assertFalse(description.contains(SoftHsm.USER_PIN));
  }

  @Test
  void close_refusesFurtherUse() throws Exception {
    create("closing", "closing");
    byte[] wrapped = child.okBytes("wrap", "closing", random(8), AD);
    child.ok("close", "closing");
    for (String op : Set.of("wrap", "unwrap")) {
      assertEquals("IllegalStateException", child.failure(op, "closing", wrapped, AD).error, op);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
