package io.waas.crypto;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.SecretBytes;
import io.waas.core.SecurityEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Nothing printable (toString, exception messages, events) reveals key material or plaintext. */
class SecretLeakageTest {
  private static final String CANARY = "PLAINTEXT-CANARY-7f3a9c51";


  private static List<String> encodings(byte[] secret) {
    List<String> out = new ArrayList<>();
    out.add(HexFormat.of().formatHex(secret));
    out.add(HexFormat.of().withUpperCase().formatHex(secret));
    out.add(Base64.getEncoder().encodeToString(secret));
    out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    out.add(new String(secret, ISO_8859_1));
    out.add(java.util.Arrays.toString(secret));
    return out;
  }

  private static void assertClean(String what, String text, List<byte[]> secrets) {
    assertFalse(text.contains(CANARY), what + " contains the plaintext: " + text);
    for (byte[] s : secrets) {
      for (String enc : encodings(s)) {
        assertFalse(text.contains(enc), what + " contains key material: " + text);
        // A 16-hex-digit prefix would already be a leak.
        assertFalse(text.toLowerCase(Locale.ROOT).contains(enc.substring(0, Math.min(16, enc.length())).toLowerCase(Locale.ROOT))
            && enc.matches("[0-9a-fA-F]+"), what + " contains part of key material: " + text);
      }
    }
  }

  private static String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append('\n');
    }
    return sb.toString();
  }

  @Test
  void toStringsMessagesAndEvents_neverContainKeyMaterialOrPlaintext(@TempDir Path tmp) throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    List<Throwable> failures = new ArrayList<>();
    List<byte[]> secrets = new ArrayList<>();
    secrets.add(ks.masterBytes());
    List<String> printed = new ArrayList<>();
    try (KeyRing ring = ks.open()) {
      DataEncryptor enc = ring.encryptor();
      KeyScope acme = KeyScope.tenant("acme");
      KeyScope alice = KeyScope.subject("acme", "alice");
      EncryptionContext ctx = EncryptionContext.builder("acme").purpose("notes").recordId("r1").attribute("k", "v").build();
      EncryptionContext actx = EncryptionContext.builder("acme").subject("alice").purpose("notes").build();
      byte[] plaintext = (CANARY + " and more").getBytes(UTF_8);

      byte[] ct0 = enc.encrypt(plaintext, ctx);
      byte[] act = enc.encrypt(plaintext, actx);
      KeyMetadata k0 = ring.keys(acme).get(0);
      secrets.addAll(ks.allMaterial(ring, acme));
      secrets.addAll(ks.allMaterial(ring, alice));
      KeyMetadata k1 = ring.rotate(acme, AeadAlgorithm.XCHACHA20_POLY1305);
      secrets.addAll(ks.allMaterial(ring, acme));
      byte[] ct1 = enc.encrypt(plaintext, ctx);

      printed.add(ring.toString());
      printed.add(enc.toString());
      printed.add(ctx.toString());
      printed.add(actx.toString());
      printed.add(acme.toString());
      printed.add(k0.toString());
      printed.add(k1.toString());
      printed.add(ring.keys(acme).toString());
      printed.add(CiphertextHeader.parse(ct0).toString());
      printed.add(ks.masterKey().toString());
      printed.add(ks.kek().toString());
      printed.add(DataKeyCachePolicy.defaults().toString());
      for (byte[] s : secrets) {
        try (SecretBytes sb = SecretBytes.copyOf(s)) {
          printed.add(sb.toString());
        }
      }

      List<Executable> failing = new ArrayList<>();
      EncryptionContext wrong = EncryptionContext.builder("acme").purpose("notes").recordId("r2").attribute("k", "v").build();
      failing.add(() -> enc.decrypt(ct0, wrong));
      failing.add(() -> enc.decrypt(ct1, wrong));
      failing.add(() -> enc.decrypt(ct0, EncryptionContext.of("globex", "notes", "r1")));
      byte[] tampered = ct1.clone();
      tampered[tampered.length - 1] ^= 1;
      failing.add(() -> enc.decrypt(tampered, ctx));
      byte[] badCommit = ct1.clone();
      badCommit[10] ^= 1;
      failing.add(() -> enc.decrypt(badCommit, ctx));
      failing.add(() -> enc.decrypt(java.util.Arrays.copyOf(ct0, 20), ctx));
      failing.add(() -> enc.decrypt(plaintext, ctx)); // plaintext given as ciphertext
      for (Executable f : failing) {
        failures.add(assertThrows(Exception.class, f));
      }
      ring.disableKey(acme, k0.keyId());
      failures.add(assertThrows(Exception.class, () -> enc.decrypt(ct0, ctx)));
      failures.add(assertThrows(Exception.class, () -> ring.disableKey(acme, k1.keyId())));
      ring.destroyKey(acme, k0.keyId());
      failures.add(assertThrows(Exception.class, () -> enc.decrypt(ct0, ctx)));
      ring.shred(alice);
      failures.add(assertThrows(Exception.class, () -> enc.decrypt(act, actx)));
      failures.add(assertThrows(Exception.class, () -> enc.encrypt(plaintext, actx)));
    }
    // Opening with another master key.
    TestKeyStore other = new TestKeyStore(ks.dir);
    secrets.add(other.masterBytes());
    failures.add(assertThrows(MasterKeyMismatchException.class, other::open));

    assertTrue(failures.size() >= 12);
    for (Throwable t : failures) {
      assertClean("exception " + t.getClass().getSimpleName(), describe(t), secrets);
    }
    for (String p : printed) {
      assertClean("toString", p, secrets);
    }
    assertFalse(ks.events.all().isEmpty());
    for (SecurityEvent e : ks.events.all()) {
      assertClean("event", e.toString(), secrets);
    }
  }

  @Test
  void secretBytesToString_isRedacted() {
    byte[] raw = TestKeyStore.randomMaster();
    try (SecretBytes s = SecretBytes.copyOf(raw)) {
      assertTrue(s.toString().contains("redacted"));
      assertClean("SecretBytes", s.toString(), List.of(raw));
    }
  }
}
