package io.waas.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.subtle.Hkdf;
import io.waas.crypto.AeadAlgorithm;
import io.waas.crypto.DecryptionFailedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Key commitment: "a ciphertext decrypts under exactly one data key", tested against a ciphertext
 * forged (invisible-salamanders style) to carry a GCM tag that is valid under two keys.
 *
 * <p>GCM's tag is E_K(J0) + GHASH_H(A, C), affine in every ciphertext block over GF(2^128). With
 * one free block C_j the tag equation for two keys is one linear equation in C_j, so it always has
 * a solution. The test first shows the forgery works against bare JCE AES-GCM (so it would catch a
 * broken forgery, and shows plain GCM does not commit), then that {@link AeadEngine} still accepts
 * it under one key only.
 */
class AeadEngineCommitmentTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final long KEY_ID = 0x5eed1234L;
  private static final int CT_BLOCKS = 4;
  private static final int FREE_BLOCK = 1;

  /** The context encoding the SDK would use for a typical record. */
  private static final byte[] CONTEXT = context();

  private static byte[] context() {
    TreeMap<String, String> attributes = new TreeMap<>();
    attributes.put("field", "email");
    return ContextCodec.encode("acme", "user-17", "profile.email", "rec-42", attributes);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** The AEAD key AeadEngine derives from data key {@code k}, re-derived independently here. */
  private static byte[] aeadKey(byte[] k) throws GeneralSecurityException {
    byte[] info = ("waas-crypto/v1/aead-key/" + AeadAlgorithm.AES_256_GCM.id()).getBytes(StandardCharsets.US_ASCII);
    return Hkdf.computeHkdf("HMACSHA256", k, new byte[0], info, 32);
  }

  private static byte[] commitment(byte[] k) throws GeneralSecurityException {
    byte[] info = "waas-crypto/v1/key-commitment".getBytes(StandardCharsets.US_ASCII);
    return Hkdf.computeHkdf("HMACSHA256", k, new byte[0], info, 32);
  }

  /** The 40-byte header prefix: "WC", version 1, algorithm, u32 key id, commitment. */
  private static byte[] prefix(byte[] k) throws GeneralSecurityException {
    byte[] p = new byte[AeadEngine.PREFIX_LENGTH];
    p[0] = 'W';
    p[1] = 'C';
    p[2] = 1;
    p[3] = (byte) AeadAlgorithm.AES_256_GCM.id();
    p[4] = (byte) (KEY_ID >>> 24);
    p[5] = (byte) (KEY_ID >>> 16);
    p[6] = (byte) (KEY_ID >>> 8);
    p[7] = (byte) KEY_ID;
    System.arraycopy(commitment(k), 0, p, 8, 32);
    return p;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** Bare JCE AES-GCM decryption of ct||tag; throws AEADBadTagException when the tag is wrong. */
  private static byte[] jceDecrypt(byte[] key, byte[] nonce, byte[] aad, byte[] ctAndTag)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad);
    return c.doFinal(ctAndTag);
  }

  /** A GCM ciphertext body plus tag that verifies as (key1, aad1) and as (key2, aad2). */
  private static final class Forgery {
    final byte[] nonce = random(12);
    final byte[] ct;
    final byte[] tag;

    Forgery(byte[] key1, byte[] aad1, byte[] key2, byte[] aad2) throws GeneralSecurityException {
      assertEquals(aad1.length, aad2.length, "the length block must be the same for both keys");
      byte[] c = random(CT_BLOCKS * 16);
      Arrays.fill(c, FREE_BLOCK * 16, FREE_BLOCK * 16 + 16, (byte) 0);
      Gf128 h1 = Gf128.aes(key1, new byte[16]);
      Gf128 h2 = Gf128.aes(key2, new byte[16]);
      // Tag_k = E_k(J0) + GHASH_Hk(aad_k, C with C_j = 0) + C_j * H_k^e, where C_j is the
      // (n - j + 1)-th block from the end of GHASH's input (the length block is the first).
      int e = CT_BLOCKS - FREE_BLOCK + 1;
      Gf128 fixed1 = Gf128.aes(key1, Gf128.j0(nonce)).add(Gf128.ghash(h1, aad1, c));
      Gf128 fixed2 = Gf128.aes(key2, Gf128.j0(nonce)).add(Gf128.ghash(h2, aad2, c));
      Gf128 coefficient = h1.pow(e).add(h2.pow(e));
      Gf128 free = fixed1.add(fixed2).multiply(coefficient.inverse());
      System.arraycopy(free.toBytes(), 0, c, FREE_BLOCK * 16, 16);
      this.ct = c;
      this.tag = Gf128.gcmTag(key1, nonce, aad1, c);
      // Self-check of the algebra before any JCE call: both keys compute the same tag.
      assertArrayEquals(tag, Gf128.gcmTag(key2, nonce, aad2, c));
    }

    byte[] ctAndTag() {
      return concat(ct, tag);
    }

    /** The SDK wire format with the given 40-byte prefix. */
    byte[] sdkCiphertext(byte[] prefix) {
      return concat(prefix, nonce, ct, tag);
    }
  }

  // ------------------------------------------------------------------ the tools are right

  @Test
  void gf128_inverse_multipliesToOne() {
    Gf128 a = Gf128.of(random(16));
    assertEquals(Gf128.ONE, a.multiply(a.inverse()));
    assertEquals(Gf128.ONE, Gf128.ONE.inverse());
  }

  @Test
  void ghash_tag_matchesJceAesGcm() throws GeneralSecurityException {
    // Odd lengths exercise the zero padding of partial blocks.
    byte[] key = random(32);
    byte[] nonce = random(12);
    byte[] aad = random(53);
    byte[] pt = random(37);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad);
    byte[] out = c.doFinal(pt);
    byte[] ct = Arrays.copyOf(out, pt.length);
    assertArrayEquals(Arrays.copyOfRange(out, pt.length, out.length), Gf128.gcmTag(key, nonce, aad, ct));
  }

  @Test
  void aeadEngine_keyDerivationAndAad_matchThisTestsModel() throws GeneralSecurityException {
    // The forgery below targets the key and AAD this test derives; make sure they are AeadEngine's.
    byte[] k = random(32);
    AeadEngine engine = AeadEngine.create(AeadAlgorithm.AES_256_GCM, KEY_ID, k);
    byte[] pt = random(40);
    byte[] sdk = engine.encrypt(pt, CONTEXT);
    assertArrayEquals(prefix(k), Arrays.copyOf(sdk, AeadEngine.PREFIX_LENGTH));
    assertArrayEquals(commitment(k), AeadEngine.commitment(k));
    byte[] nonce = Arrays.copyOfRange(sdk, 40, 52);
    byte[] body = Arrays.copyOfRange(sdk, 52, sdk.length);
    assertArrayEquals(pt, jceDecrypt(aeadKey(k), nonce, concat(prefix(k), CONTEXT), body));
  }

  // ------------------------------------------------------------------ the property

  @Test
  void plainGcm_forgedCiphertext_decryptsUnderBothDerivedKeys() throws GeneralSecurityException {
    byte[] k1 = random(32);
    byte[] k2 = random(32);
    byte[] aad = concat(prefix(k1), CONTEXT);
    Forgery f = new Forgery(aeadKey(k1), aad, aeadKey(k2), aad);

    byte[] p1 = jceDecrypt(aeadKey(k1), f.nonce, aad, f.ctAndTag());
    byte[] p2 = jceDecrypt(aeadKey(k2), f.nonce, aad, f.ctAndTag());
    // Two keys, one ciphertext, two different plaintexts: GCM alone is not key-committing.
    assertFalse(Arrays.equals(p1, p2));
  }

  @Test
  void decrypt_forgedCiphertext_succeedsOnlyUnderCommittedKey() throws GeneralSecurityException {
    byte[] k1 = random(32);
    byte[] k2 = random(32);
    byte[] aad1 = concat(prefix(k1), CONTEXT);
    Forgery f = new Forgery(aeadKey(k1), aad1, aeadKey(k2), aad1);
    AeadEngine e1 = AeadEngine.create(AeadAlgorithm.AES_256_GCM, KEY_ID, k1);
    AeadEngine e2 = AeadEngine.create(AeadAlgorithm.AES_256_GCM, KEY_ID, k2);
    byte[] sdk = f.sdkCiphertext(prefix(k1));

    assertArrayEquals(jceDecrypt(aeadKey(k1), f.nonce, aad1, f.ctAndTag()), e1.decrypt(sdk, CONTEXT));
    DecryptionFailedException e = assertThrows(DecryptionFailedException.class, () -> e2.decrypt(sdk, CONTEXT));
    assertTrue(String.valueOf(e.getMessage()).contains("commitment"), e.getMessage());
  }

  @Test
  void decrypt_forgedCiphertextWithOtherKeysPrefix_fails() throws GeneralSecurityException {
    // The tag was forged for AAD = K1's prefix: putting K2's prefix in front passes K2's
    // commitment check, but the AEAD then authenticates K2's prefix and must reject it.
    byte[] k1 = random(32);
    byte[] k2 = random(32);
    byte[] aad1 = concat(prefix(k1), CONTEXT);
    Forgery f = new Forgery(aeadKey(k1), aad1, aeadKey(k2), aad1);
    byte[] substituted = f.sdkCiphertext(prefix(k2));
    AeadEngine e1 = AeadEngine.create(AeadAlgorithm.AES_256_GCM, KEY_ID, k1);
    AeadEngine e2 = AeadEngine.create(AeadAlgorithm.AES_256_GCM, KEY_ID, k2);

    assertThrows(DecryptionFailedException.class, () -> e1.decrypt(substituted, CONTEXT));
    assertThrows(DecryptionFailedException.class, () -> e2.decrypt(substituted, CONTEXT));
  }

  @Test
  void decrypt_forgeryForEachKeysOwnAad_eachCiphertextDecryptsUnderExactlyOneKey()
      throws GeneralSecurityException {
    // The strongest forgery: the tag verifies both as (K1, K1's prefix || ctx) and as
    // (K2, K2's prefix || ctx), i.e. under exactly the AAD each engine computes. Only the
    // commitment check tells the two apart; without it e2 would return garbage plaintext.
    byte[] k1 = random(32);
    byte[] k2 = random(32);
    byte[] aad1 = concat(prefix(k1), CONTEXT);
    byte[] aad2 = concat(prefix(k2), CONTEXT);
    Forgery f = new Forgery(aeadKey(k1), aad1, aeadKey(k2), aad2);
    jceDecrypt(aeadKey(k1), f.nonce, aad1, f.ctAndTag());
    jceDecrypt(aeadKey(k2), f.nonce, aad2, f.ctAndTag());
    AeadEngine e1 = AeadEngine.create(AeadAlgorithm.AES_256_GCM, KEY_ID, k1);
    AeadEngine e2 = AeadEngine.create(AeadAlgorithm.AES_256_GCM, KEY_ID, k2);
    byte[] under1 = f.sdkCiphertext(prefix(k1));
    byte[] under2 = f.sdkCiphertext(prefix(k2));

    e1.decrypt(under1, CONTEXT);
    DecryptionFailedException e = assertThrows(DecryptionFailedException.class, () -> e2.decrypt(under1, CONTEXT));
    assertTrue(String.valueOf(e.getMessage()).contains("commitment"), e.getMessage());
    e2.decrypt(under2, CONTEXT);
    assertThrows(DecryptionFailedException.class, () -> e1.decrypt(under2, CONTEXT));
  }

  @Test
  void decrypt_commitmentByteFlipped_fails() throws GeneralSecurityException {
    byte[] k1 = random(32);
    byte[] k2 = random(32);
    byte[] aad1 = concat(prefix(k1), CONTEXT);
    Forgery f = new Forgery(aeadKey(k1), aad1, aeadKey(k2), aad1);
    AeadEngine e1 = AeadEngine.create(AeadAlgorithm.AES_256_GCM, KEY_ID, k1);
    AeadEngine e2 = AeadEngine.create(AeadAlgorithm.AES_256_GCM, KEY_ID, k2);
    byte[] sdk = f.sdkCiphertext(prefix(k1));
    e1.decrypt(sdk, CONTEXT);
    for (int i = 8; i < AeadEngine.PREFIX_LENGTH; i++) {
      byte[] flipped = sdk.clone();
      flipped[i] ^= (byte) (1 << (i % 8));
      assertNotEquals(sdk[i], flipped[i]);
      assertThrows(DecryptionFailedException.class, () -> e1.decrypt(flipped, CONTEXT), "byte " + i);
      assertThrows(DecryptionFailedException.class, () -> e2.decrypt(flipped, CONTEXT), "byte " + i);
    }
  }
}
