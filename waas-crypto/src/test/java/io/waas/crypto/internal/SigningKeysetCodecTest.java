package io.waas.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.MalformedDataException;
import io.waas.crypto.KeyStatus;
import io.waas.crypto.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The signing keyset payload and file layers: round trips and strict rejection. */
class SigningKeysetCodecTest {
  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

  private static SigningKeyset sample() throws GeneralSecurityException {
    SigningKeyset ks =
        new SigningKeyset("audit", 0, List.of())
            .withNewPrimary(SignatureAlgorithm.ED25519, T)
            .withNewPrimary(SignatureAlgorithm.ECDSA_P256_SHA256, T.plusSeconds(1))
            .withNewPrimary(SignatureAlgorithm.ED25519, T.plusSeconds(2));
    long first = ks.keys().get(0).id();
    long second = ks.keys().get(1).id();
    return ks.withStatus(first, KeyStatus.DESTROYED, T.plusSeconds(3)).withStatus(second, KeyStatus.DISABLED, T.plusSeconds(4));
  }

  private static String message(Throwable t) {
    return String.valueOf(t.getMessage());
  }

  @Test
  void payload_roundTrip_keepsEveryField() throws Exception {
    SigningKeyset ks = sample();
    byte[] payload = SigningKeysetCodec.encodePayload(ks);
    SigningKeyset back = SigningKeysetCodec.decodePayload(payload);
    assertEquals("audit", back.name());
    assertEquals(ks.primaryId(), back.primaryId());
    assertEquals(3, back.keys().size());
    for (int i = 0; i < 3; i++) {
      SigningKey a = ks.keys().get(i);
      SigningKey b = back.keys().get(i);
      assertEquals(a.id(), b.id());
      assertEquals(a.algorithm(), b.algorithm());
      assertEquals(a.status(), b.status());
      assertEquals(a.createdAt(), b.createdAt());
      assertEquals(a.statusChangedAt(), b.statusChangedAt());
      assertArrayEquals(a.publicKey(), b.publicKey());
    }
    assertArrayEquals(payload, SigningKeysetCodec.encodePayload(back), "re-encodes identically");
    // The reloaded keys sign, and their signatures verify under the original public keys.
    byte[] data = {1, 2, 3};
    SigningKey ec = back.keys().get(1);
    Objects.requireNonNull(ks.keys().get(1)).verify(ec.sign(data), data);
  }

  /** Payload of one Ed25519 key: header 1+2+5+4+2 = 14 bytes, then the key record. */
  private static byte[] oneKeyPayload() throws Exception {
    return SigningKeysetCodec.encodePayload(
        new SigningKeyset("audit", 0, List.of()).withNewPrimary(SignatureAlgorithm.ED25519, T));
  }

  private static final int KEY = 14; // offset of the key record in oneKeyPayload()

  @Test
  void decodePayload_badFields_throwMalformedData() throws Exception {
    byte[] ok = oneKeyPayload();
    assertEquals(14 + 4 + 1 + 1 + 8 + 8 + 1 + 32 + 1 + 32, ok.length);
    assertRejected(with(ok, 0, 2), "version");
    assertRejected(with(ok, KEY + 4, 9), "unknown algorithm");
    assertRejected(with(ok, KEY + 5, 7), "unknown key status");
    assertRejected(with(ok, KEY + 22, 31), "private key of length");
    assertRejected(with(ok, KEY + 22 + 33, 33), "public key of length");
    assertRejected(Arrays.copyOf(ok, ok.length + 1), "trailing");
    assertRejected(Arrays.copyOf(ok, ok.length - 1), "truncated");
    byte[] zeroId = ok.clone();
    System.arraycopy(new byte[4], 0, zeroId, KEY, 4);
    assertRejected(zeroId, "id 0");
    byte[] noPrimary = ok.clone();
    System.arraycopy(new byte[] {0, 0, 0, 9}, 0, noPrimary, 8, 4);
    assertRejected(noPrimary, "primary key");
    // Destroyed status with material still present.
    assertRejected(with(ok, KEY + 5, KeyStatus.DESTROYED.code()), "destroyed but still has key material");
  }

  @Test
  void decodePayload_mismatchedKeyHalves_refused() throws Exception {
    byte[] a = oneKeyPayload();
    byte[] b = oneKeyPayload();
    // Key a's private half with key b's public half.
    System.arraycopy(b, a.length - 32, a, a.length - 32, 32);
    assertRejected(a, "do not belong together");
  }

  @Test
  void decodePayload_ed25519PublicKeyOffCurve_refused() throws Exception {
    byte[] a = oneKeyPayload();
    byte[] notAPoint = new byte[32];
    notAPoint[0] = 2; // y = 2 has no x on edwards25519
    System.arraycopy(notAPoint, 0, a, a.length - 32, 32);
    assertRejected(a, "not a point");
  }

  @Test
  void decodePayload_duplicateKeyId_refused() throws Exception {
    SigningKeyset two =
        new SigningKeyset("audit", 0, List.of())
            .withNewPrimary(SignatureAlgorithm.ED25519, T)
            .withNewPrimary(SignatureAlgorithm.ED25519, T);
    byte[] p = SigningKeysetCodec.encodePayload(two);
    int second = KEY + 4 + 1 + 1 + 8 + 8 + 1 + 32 + 1 + 32;
    System.arraycopy(p, KEY, p, second, 4);
    assertRejected(p, "twice");
  }

  @Test
  void file_roundTrip_andRejections() throws Exception {
    byte[] wrapped = {9, 8, 7, 6, 5};
    byte[] file = SigningKeysetCodec.encodeFile("local:abc", wrapped);
    SigningKeysetCodec.WrappedSigningKeyset w = SigningKeysetCodec.decodeFile(file, "sig-x");
    assertEquals("local:abc", w.kekId);
    assertArrayEquals(wrapped, w.wrapped);

    byte[] flipped = file.clone();
    flipped[8] ^= 1;
    MalformedDataException e =
        assertThrows(MalformedDataException.class, () -> SigningKeysetCodec.decodeFile(flipped, "sig-x"));
    assertTrue(message(e).contains("corrupted"), message(e));
    assertThrows(MalformedDataException.class, () -> SigningKeysetCodec.decodeFile(new byte[10], "sig-x"));
    // A data keyset file is not a signing keyset file, checksum or not.
    byte[] dataKeysetFile = KeysetCodec.encodeFile("local:abc", wrapped);
    e = assertThrows(MalformedDataException.class, () -> SigningKeysetCodec.decodeFile(dataKeysetFile, "sig-x"));
    assertTrue(message(e).contains("not a signing keyset file"), message(e));
    assertThrows(MalformedDataException.class, () -> KeysetCodec.decodeFile(file, "t-x"));
  }

  @Test
  void wrapAssociatedData_differsFromDataKeysets() {
    assertTrue(!Arrays.equals(SigningKeysetCodec.wrapAssociatedData("x"), KeysetCodec.wrapAssociatedData("x")));
  }

  private static byte[] with(byte[] in, int offset, int value) {
    byte[] out = in.clone();
    out[offset] = (byte) value;
    return out;
  }

  private static void assertRejected(byte[] payload, String expected) {
    MalformedDataException e =
        assertThrows(MalformedDataException.class, () -> SigningKeysetCodec.decodePayload(payload));
    assertTrue(message(e).contains(expected), "expected '" + expected + "' in: " + message(e));
  }
}
