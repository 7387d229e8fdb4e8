package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.KeyNotFoundException;
import io.waas.core.WaasSecurityException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptionTest {
  private static final KeyScope ACME = KeyScope.tenant("acme");
  private static final EncryptionContext CTX =
      EncryptionContext.builder("acme")
          .purpose("customer.email")
          .recordId("rec-1")
          .attribute("field", "email")
          .attribute("table", "customers")
          .build();

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

  static Stream<Arguments> algorithmsAndSizes() {
    return Stream.of(AeadAlgorithm.values())
        .flatMap(a -> Stream.of(0, 1, 64, 1 << 20).map(n -> Arguments.of(a, n)));
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private byte[] encryptUnder(AeadAlgorithm alg, byte[] plaintext) throws GeneralSecurityException {
    ring.rotate(ACME, alg);
    return enc.encrypt(plaintext, CTX);
  }

  @ParameterizedTest
  @MethodSource("algorithmsAndSizes")
  void roundTrip_bothAlgorithmsAllSizes_returnsPlaintext(AeadAlgorithm alg, int size) throws Exception {
    byte[] plaintext = random(size);
    byte[] ct = encryptUnder(alg, plaintext);
    assertEquals(alg, CiphertextHeader.parse(ct).algorithm());
    assertArrayEquals(plaintext, enc.decrypt(ct, CTX));
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void ciphertextOverhead_isExactly68ForGcmAnd80ForXChaCha(AeadAlgorithm alg) throws Exception {
    int expected = alg == AeadAlgorithm.AES_256_GCM ? 68 : 80;
    assertEquals(expected, CiphertextHeader.overhead(alg));
    ring.rotate(ACME, alg);
    for (int n : new int[] {0, 1, 64, 1000, 1 << 20}) {
      assertEquals(n + expected, enc.encrypt(new byte[n], CTX).length, "plaintext of " + n + " bytes");
    }
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void encrypt_samePlaintextTwice_producesDifferentCiphertexts(AeadAlgorithm alg) throws Exception {
    byte[] p = "same plaintext".getBytes(UTF_8);
    byte[] a = encryptUnder(alg, p);
    byte[] b = enc.encrypt(p, CTX);
    assertFalse(Arrays.equals(a, b));
    // Same key, so the 40-byte header is equal; the nonces must differ.
    assertArrayEquals(Arrays.copyOf(a, 40), Arrays.copyOf(b, 40));
    assertFalse(Arrays.equals(
        Arrays.copyOfRange(a, 40, 40 + alg.nonceLength()), Arrays.copyOfRange(b, 40, 40 + alg.nonceLength())));
    assertArrayEquals(enc.decrypt(a, CTX), enc.decrypt(b, CTX));
  }

  @Test
  void header_parse_reportsKeyIdAndAlgorithm() throws Exception {
    KeyMetadata gcm = ring.rotate(ACME, AeadAlgorithm.AES_256_GCM);
    CiphertextHeader h = CiphertextHeader.parse(enc.encrypt(new byte[3], CTX));
    assertEquals(gcm.keyId(), h.keyId());
    assertEquals(AeadAlgorithm.AES_256_GCM, h.algorithm());
    assertEquals(1, h.formatVersion());
    assertTrue(h.toString().contains(Long.toString(gcm.keyId())), h.toString());

    KeyMetadata xc = ring.rotate(ACME, AeadAlgorithm.XCHACHA20_POLY1305);
    CiphertextHeader h2 = CiphertextHeader.parse(enc.encrypt(new byte[3], CTX));
    assertEquals(xc.keyId(), h2.keyId());
    assertEquals(AeadAlgorithm.XCHACHA20_POLY1305, h2.algorithm());
  }

  // ------------------------------------------------------------ wrong context

  @Test
  void decrypt_otherTenantWithOwnKeys_throwsKeyNotFound() throws Exception {
    byte[] ct = enc.encrypt("secret".getBytes(UTF_8), CTX);
    enc.encrypt(new byte[1], EncryptionContext.of("globex", "customer.email", "rec-1")); // globex gets keys
    EncryptionContext other =
        EncryptionContext.builder("globex")
            .purpose("customer.email")
            .recordId("rec-1")
            .attribute("field", "email")
            .attribute("table", "customers")
            .build();
    KeyNotFoundException e = assertThrows(KeyNotFoundException.class, () -> enc.decrypt(ct, other));
    assertEquals(CiphertextHeader.parse(ct).keyId(), e.keyId());
    assertTrue(String.valueOf(e.getMessage()).contains("globex"), String.valueOf(e.getMessage()));
  }

  @Test
  void decrypt_otherTenantWithoutKeys_throwsKeyNotFound() throws Exception {
    byte[] ct = enc.encrypt("secret".getBytes(UTF_8), CTX);
    assertThrows(
        KeyNotFoundException.class, () -> enc.decrypt(ct, EncryptionContext.of("initech", "customer.email", "rec-1")));
    assertTrue(ring.keys(KeyScope.tenant("initech")).isEmpty(), "decrypt must not create keys");
  }

  @Test
  void decrypt_otherSubject_throwsKeyNotFound() throws Exception {
    EncryptionContext alice = EncryptionContext.builder("acme").subject("alice").purpose("p").build();
    EncryptionContext bob = EncryptionContext.builder("acme").subject("bob").purpose("p").build();
    byte[] ct = enc.encrypt("alice's data".getBytes(UTF_8), alice);
    enc.encrypt(new byte[1], bob);
    // The subject selects the keys, so another subject (or the tenant itself) lacks the key.
    assertThrows(KeyNotFoundException.class, () -> enc.decrypt(ct, bob));
    assertThrows(KeyNotFoundException.class, () -> enc.decrypt(ct, EncryptionContext.builder("acme").purpose("p").build()));
  }

  static Stream<Arguments> otherContexts() {
    return Stream.of(
        Arguments.of("record id", EncryptionContext.builder("acme").purpose("customer.email").recordId("rec-2")
            .attribute("field", "email").attribute("table", "customers").build()),
        Arguments.of("purpose", EncryptionContext.builder("acme").purpose("customer.phone").recordId("rec-1")
            .attribute("field", "email").attribute("table", "customers").build()),
        Arguments.of("attribute value", EncryptionContext.builder("acme").purpose("customer.email").recordId("rec-1")
            .attribute("field", "phone").attribute("table", "customers").build()),
        Arguments.of("missing attribute", EncryptionContext.builder("acme").purpose("customer.email").recordId("rec-1")
            .attribute("field", "email").build()),
        Arguments.of("extra attribute", EncryptionContext.builder("acme").purpose("customer.email").recordId("rec-1")
            .attribute("field", "email").attribute("table", "customers").attribute("x", "y").build()),
        Arguments.of("no record id", EncryptionContext.builder("acme").purpose("customer.email")
            .attribute("field", "email").attribute("table", "customers").build()),
        Arguments.of("empty record id", EncryptionContext.builder("acme").purpose("customer.email").recordId("")
            .attribute("field", "email").attribute("table", "customers").build()),
        Arguments.of("value moved between fields", EncryptionContext.builder("acme").purpose("rec-1")
            .recordId("customer.email").attribute("field", "email").attribute("table", "customers").build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherContexts")
  void decrypt_otherRecordPurposeOrAttribute_throwsDecryptionFailed(String what, EncryptionContext other)
      throws Exception {
    for (AeadAlgorithm alg : AeadAlgorithm.values()) {
      byte[] ct = encryptUnder(alg, "secret".getBytes(UTF_8));
      assertNotEquals(CTX, other);
      DecryptionFailedException e = assertThrows(DecryptionFailedException.class, () -> enc.decrypt(ct, other));
      assertTrue(String.valueOf(e.getMessage()).contains("authentication"), String.valueOf(e.getMessage()));
      assertArrayEquals("secret".getBytes(UTF_8), enc.decrypt(ct, CTX), "original context still works");
    }
  }

  // ------------------------------------------------------------ malformed and tampered

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 8, 39, 40, 52, 67})
  void decrypt_truncatedBelowMinimum_throwsMalformed(int length) throws Exception {
    byte[] ct = encryptUnder(AeadAlgorithm.AES_256_GCM, "hello".getBytes(UTF_8));
    byte[] cut = Arrays.copyOf(ct, length);
    MalformedCiphertextException e = assertThrows(MalformedCiphertextException.class, () -> enc.decrypt(cut, CTX));
    assertTrue(String.valueOf(e.getMessage()).contains("shorter") || String.valueOf(e.getMessage()).contains("truncated"), String.valueOf(e.getMessage()));
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void decrypt_truncatedBody_throwsDecryptionFailed(AeadAlgorithm alg) throws Exception {
    byte[] ct = encryptUnder(alg, new byte[64]);
    for (int drop : new int[] {1, 16, 64}) {
      byte[] cut = Arrays.copyOf(ct, ct.length - drop);
      assertThrows(DecryptionFailedException.class, () -> enc.decrypt(cut, CTX), "dropped " + drop);
    }
  }

  @Test
  void decrypt_truncatedXChaChaToGcmMinimum_throwsMalformed() throws Exception {
    byte[] ct = encryptUnder(AeadAlgorithm.XCHACHA20_POLY1305, new byte[0]);
    byte[] cut = Arrays.copyOf(ct, 79);
    assertThrows(MalformedCiphertextException.class, () -> enc.decrypt(cut, CTX));
  }

  @Test
  void decrypt_wrongMagic_throwsMalformed() throws Exception {
    byte[] ct = enc.encrypt(new byte[8], CTX);
    for (int i : new int[] {0, 1}) {
      byte[] bad = ct.clone();
      bad[i] ^= 0x20;
      MalformedCiphertextException e = assertThrows(MalformedCiphertextException.class, () -> enc.decrypt(bad, CTX));
      assertTrue(String.valueOf(e.getMessage()).contains("magic"), String.valueOf(e.getMessage()));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2, 255})
  void decrypt_wrongVersion_throwsMalformed(int version) throws Exception {
    byte[] bad = enc.encrypt(new byte[8], CTX);
    bad[2] = (byte) version;
    MalformedCiphertextException e = assertThrows(MalformedCiphertextException.class, () -> enc.decrypt(bad, CTX));
    assertTrue(String.valueOf(e.getMessage()).contains("version " + version), String.valueOf(e.getMessage()));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 3, 255})
  void decrypt_unknownAlgorithm_throwsMalformed(int algorithmId) throws Exception {
    byte[] bad = enc.encrypt(new byte[8], CTX);
    bad[3] = (byte) algorithmId;
    MalformedCiphertextException e = assertThrows(MalformedCiphertextException.class, () -> enc.decrypt(bad, CTX));
    assertTrue(String.valueOf(e.getMessage()).contains("algorithm"), String.valueOf(e.getMessage()));
  }

  @Test
  void decrypt_otherKnownAlgorithmInHeader_throwsDecryptionFailed() throws Exception {
    byte[] gcm = encryptUnder(AeadAlgorithm.AES_256_GCM, new byte[40]);
    gcm[3] = (byte) AeadAlgorithm.XCHACHA20_POLY1305.id();
    assertThrows(DecryptionFailedException.class, () -> enc.decrypt(gcm, CTX));
    byte[] xc = encryptUnder(AeadAlgorithm.XCHACHA20_POLY1305, new byte[40]);
    xc[3] = (byte) AeadAlgorithm.AES_256_GCM.id();
    assertThrows(DecryptionFailedException.class, () -> enc.decrypt(xc, CTX));
  }

  @Test
  void decrypt_keyIdZero_throwsMalformed() throws Exception {
    byte[] bad = enc.encrypt(new byte[8], CTX);
    Arrays.fill(bad, 4, 8, (byte) 0);
    assertThrows(MalformedCiphertextException.class, () -> enc.decrypt(bad, CTX));
  }

  @Test
  void decrypt_flippedKeyIdByte_throwsKeyNotFound() throws Exception {
    byte[] bad = enc.encrypt(new byte[8], CTX);
    bad[7] ^= 1;
    assertThrows(KeyNotFoundException.class, () -> enc.decrypt(bad, CTX));
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void decrypt_flippedTagByte_throwsDecryptionFailed(AeadAlgorithm alg) throws Exception {
    byte[] ct = encryptUnder(alg, "tagged".getBytes(UTF_8));
    for (int i = ct.length - 16; i < ct.length; i++) {
      byte[] bad = ct.clone();
      bad[i] ^= 0x01;
      DecryptionFailedException e = assertThrows(DecryptionFailedException.class, () -> enc.decrypt(bad, CTX));
      assertTrue(String.valueOf(e.getMessage()).contains("authentication"), String.valueOf(e.getMessage()));
    }
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void decrypt_flippedCommitmentByte_throwsDecryptionFailedMentioningCommitment(AeadAlgorithm alg)
      throws Exception {
    byte[] ct = encryptUnder(alg, "committed".getBytes(UTF_8));
    for (int i = 8; i < 40; i++) {
      byte[] bad = ct.clone();
      bad[i] ^= (byte) 0x80;
      DecryptionFailedException e = assertThrows(DecryptionFailedException.class, () -> enc.decrypt(bad, CTX));
      assertTrue(String.valueOf(e.getMessage()).contains("commitment"), "byte " + i + ": " + String.valueOf(e.getMessage()));
    }
  }

  @ParameterizedTest
  @EnumSource(AeadAlgorithm.class)
  void decrypt_anySingleBitFlip_neverReturnsPlaintext(AeadAlgorithm alg) throws Exception {
    byte[] ct = encryptUnder(alg, "every byte is authenticated".getBytes(UTF_8));
    for (int i = 0; i < ct.length; i++) {
      byte[] bad = ct.clone();
      bad[i] ^= (byte) (1 << (i % 8));
      GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> enc.decrypt(bad, CTX));
      assertTrue(e instanceof WaasSecurityException, "byte " + i + " gave " + e);
    }
  }

  @Test
  void decrypt_appendedByte_throwsDecryptionFailed() throws Exception {
    byte[] ct = enc.encrypt(new byte[8], CTX);
    byte[] longer = Arrays.copyOf(ct, ct.length + 1);
    assertThrows(DecryptionFailedException.class, () -> enc.decrypt(longer, CTX));
  }

  // ------------------------------------------------------------ context validation

  private static void assertRejected(String expectedInMessage, Runnable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
    assertTrue(String.valueOf(e.getMessage()).contains(expectedInMessage), "message was: " + String.valueOf(e.getMessage()));
  }

  @Test
  void context_emptyTenant_throwsIllegalArgumentWithClearMessage() {
    assertRejected("tenant id must have 1 to 128 characters", () -> EncryptionContext.builder(""));
    assertRejected("tenant id must have 1 to 128 characters", () -> EncryptionContext.of("", "p", "r"));
    assertRejected("tenant id must have 1 to 128 characters", () -> KeyScope.tenant(""));
  }

  @Test
  void context_overLongIds_throwIllegalArgumentWithClearMessage() {
    EncryptionContext.builder("t".repeat(128)).subject("s".repeat(128)).build();
    assertRejected("tenant id must have 1 to 128 characters, had 129", () -> EncryptionContext.builder("t".repeat(129)));
    assertRejected(
        "subject id must have 1 to 128 characters, had 129",
        () -> EncryptionContext.builder("t").subject("s".repeat(129)));
    assertRejected("subject id must have 1 to 128", () -> EncryptionContext.builder("t").subject(""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ac\u0000me", "ac\nme", "acme\r", "\u007facme", "ac\u0085me", "a\tb"})
  void context_controlCharactersInIds_throwIllegalArgument(String id) {
    assertRejected("tenant id", () -> EncryptionContext.builder(id));
    assertRejected("subject id", () -> EncryptionContext.builder("acme").subject(id));
    assertRejected("tenant id", () -> KeyScope.subject(id, "s"));
  }

  @Test
  void context_controlCharacter_messageSaysWhere() {
    assertRejected("control character at index 2", () -> EncryptionContext.builder("ac\u0001me"));
  }

  @ParameterizedTest
  @ValueSource(strings = {" acme", "acme ", "\u2003acme"})
  void context_surroundingWhiteSpace_throwsIllegalArgument(String id) {
    assertRejected("white space", () -> EncryptionContext.builder(id));
  }

  @Test
  void context_overLongValues_throwIllegalArgumentWithClearMessage() {
    String ok = "v".repeat(1024);
    String tooLong = "v".repeat(1025);
    EncryptionContext.builder("acme").purpose(ok).recordId(ok).attribute("a", ok).build();
    assertRejected("purpose is longer than 1024 characters", () -> EncryptionContext.builder("acme").purpose(tooLong));
    assertRejected("record id is longer than 1024 characters", () -> EncryptionContext.builder("acme").recordId(tooLong));
    assertRejected(
        "attribute color is longer than 1024 characters",
        () -> EncryptionContext.builder("acme").attribute("color", tooLong));
  }

  @Test
  void context_badAttributeNames_throwIllegalArgument() {
    EncryptionContext.builder("acme").attribute("n".repeat(64), "v").build();
    assertRejected("attribute names have 1 to 64 characters", () -> EncryptionContext.builder("acme").attribute("", "v"));
    assertRejected(
        "attribute names have 1 to 64 characters",
        () -> EncryptionContext.builder("acme").attribute("n".repeat(65), "v"));
  }

  @Test
  void context_moreThan32Attributes_throwsIllegalArgument() {
    EncryptionContext.Builder b = EncryptionContext.builder("acme");
    for (int i = 0; i < 32; i++) {
      b.attribute("a" + i, "v");
    }
    b.attribute("a0", "replacing an existing attribute is allowed");
    assertEquals(32, b.build().attributes().size());
    assertRejected("at most 32 attributes", () -> b.attribute("a32", "v"));
  }

  @Test
  void context_attributeOrder_doesNotMatter() throws Exception {
    EncryptionContext ab = EncryptionContext.builder("acme").attribute("a", "1").attribute("b", "2").build();
    EncryptionContext ba = EncryptionContext.builder("acme").attribute("b", "2").attribute("a", "1").build();
    assertEquals(ab, ba);
    assertEquals(ab.hashCode(), ba.hashCode());
    assertArrayEquals(new byte[] {7}, enc.decrypt(enc.encrypt(new byte[] {7}, ab), ba));
  }

  @Test
  void context_accessorsReturnWhatWasBuilt() {
    EncryptionContext c =
        EncryptionContext.builder("acme").subject("alice").purpose("p").recordId("r").attribute("k", "v").build();
    assertEquals("acme", c.tenant());
    assertEquals("alice", c.subject());
    assertEquals("p", c.purpose());
    assertEquals("r", c.recordId());
    assertEquals(KeyScope.subject("acme", "alice"), c.keyScope());
    assertEquals(java.util.Map.of("k", "v"), c.attributes());
    assertThrows(UnsupportedOperationException.class, () -> c.attributes().put("x", "y"));
  }
}
