package io.waas.crypto.internal;

import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.XChaCha20Poly1305Key;
import com.google.crypto.tink.aead.internal.AesGcmJceUtil;
import com.google.crypto.tink.aead.internal.XChaCha20Poly1305Jce;
import com.google.crypto.tink.subtle.Hkdf;
import com.google.crypto.tink.subtle.Random;
import com.google.crypto.tink.subtle.XChaCha20Poly1305;
import io.waas.crypto.AeadAlgorithm;
import io.waas.crypto.DecryptionFailedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts and decrypts the SDK's ciphertext format under one data key.
 *
 * <p>Design: the data key K is never used directly. HKDF-SHA256 derives from it an encryption key
 * and a 256-bit key commitment, once, when the key is loaded. Each ciphertext carries the
 * commitment in its header, and decryption checks it (in constant time) before running the AEAD.
 * Because the commitment is a collision-resistant function of K, no ciphertext can be valid under
 * two different data keys, which plain GCM and ChaCha20-Poly1305 allow (the "invisible salamanders"
 * and partitioning-oracle attacks). The per-message cost is a 32-byte copy and comparison.
 *
 * <p>The whole 40-byte header prefix (magic, version, algorithm, key id, commitment) is constant
 * per key, so it is precomputed and also fed to the AEAD as the first part of the associated data,
 * followed by the canonical encryption context. AES-GCM feeds the two parts to the cipher
 * separately (no per-message concatenation); XChaCha20-Poly1305 concatenates them.
 *
 * <p>Thread-safe and immutable.
 */
public abstract class AeadEngine {
  /** Format magic bytes: ASCII "WC". */
  public static final byte MAGIC0 = 0x57;

  /** Second magic byte. */
  public static final byte MAGIC1 = 0x43;

  /** The ciphertext format version this engine writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** Length of the per-key constant header prefix. */
  public static final int PREFIX_LENGTH = 40;

  /** Length of the key commitment. */
  public static final int COMMITMENT_LENGTH = 32;

  /** Length of the authentication tag. */
  public static final int TAG_LENGTH = 16;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  /** HKDF info of the key commitment. */
  public static final String COMMITMENT_INFO = "waas-crypto/v1/key-commitment";

  private static final byte[] COMMIT_INFO = COMMITMENT_INFO.getBytes(StandardCharsets.US_ASCII);
  private static final String AEAD_INFO = "waas-crypto/v1/aead-key/";

  final AeadAlgorithm algorithm;
  final long keyId;
  final byte[] prefix;

  AeadEngine(AeadAlgorithm algorithm, long keyId, byte[] commitment) {
    this.algorithm = algorithm;
    this.keyId = keyId;
    this.prefix = prefix(algorithm, keyId, commitment);
  }

  /**
   * Creates the engine for a data key.
   *
   * @param algorithm the key's algorithm
   * @param keyId the key id, 1 to 2^32-1
   * @param keyMaterial the 32-byte data key; not retained
   * @return the engine
   * @throws GeneralSecurityException if the key is unusable
   */
  public static AeadEngine create(AeadAlgorithm algorithm, long keyId, byte[] keyMaterial)
      throws GeneralSecurityException {
    if (keyMaterial.length != 32) {
      throw new GeneralSecurityException("data keys are 32 bytes, was " + keyMaterial.length);
    }
    byte[] commitment = commitment(keyMaterial);
    byte[] aeadKey =
        Hkdf.computeHkdf(
            "HMACSHA256",
            keyMaterial,
            new byte[0],
            (AEAD_INFO + algorithm.id()).getBytes(StandardCharsets.US_ASCII),
            32);
    try {
      switch (algorithm) {
        case AES_256_GCM:
          return new Gcm(keyId, commitment, aeadKey);
        case XCHACHA20_POLY1305:
          return new XChaCha(keyId, commitment, aeadKey);
      }
      throw new GeneralSecurityException("unsupported algorithm " + algorithm);
    } finally {
      Arrays.fill(aeadKey, (byte) 0);
    }
  }

  /**
   * Computes the key commitment of a data key.
   *
   * @param keyMaterial the data key
   * @return 32 bytes that identify the key and reveal nothing about it
   * @throws GeneralSecurityException if HKDF fails
   */
  public static byte[] commitment(byte[] keyMaterial) throws GeneralSecurityException {
    return Hkdf.computeHkdf("HMACSHA256", keyMaterial, new byte[0], COMMIT_INFO, COMMITMENT_LENGTH);
  }

  private static byte[] prefix(AeadAlgorithm algorithm, long keyId, byte[] commitment) {
    byte[] p = new byte[PREFIX_LENGTH];
    p[0] = MAGIC0;
    p[1] = MAGIC1;
    p[2] = (byte) FORMAT_VERSION;
    p[3] = (byte) algorithm.id();
    p[4] = (byte) (keyId >>> 24);
    p[5] = (byte) (keyId >>> 16);
    p[6] = (byte) (keyId >>> 8);
    p[7] = (byte) keyId;
    System.arraycopy(commitment, 0, p, 8, COMMITMENT_LENGTH);
    return p;
  }

  /** Returns the algorithm of this engine's key. */
  public AeadAlgorithm algorithm() {
    return algorithm;
  }

  /** Returns the key id. */
  public long keyId() {
    return keyId;
  }

  /**
   * Returns the bytes a ciphertext adds to its plaintext: header, nonce and tag. This is also the
   * smallest valid ciphertext.
   *
   * @param algorithm the algorithm
   * @return the overhead in bytes
   */
  public static int overhead(AeadAlgorithm algorithm) {
    return PREFIX_LENGTH + algorithm.nonceLength() + TAG_LENGTH;
  }

  /**
   * Encrypts.
   *
   * @param plaintext the data
   * @param context canonical encryption-context encoding
   * @return the full ciphertext: header, nonce, AEAD output
   * @throws GeneralSecurityException if the JCE fails
   */
  public abstract byte[] encrypt(byte[] plaintext, byte[] context) throws GeneralSecurityException;

  /**
   * Decrypts a ciphertext whose header names this engine's key.
   *
   * @param ciphertext the full ciphertext
   * @param context canonical encryption-context encoding
   * @return the plaintext
   * @throws DecryptionFailedException if the commitment or the authentication tag does not match
   * @throws GeneralSecurityException for other JCE failures
   */
  public abstract byte[] decrypt(byte[] ciphertext, byte[] context) throws GeneralSecurityException;

  final byte[] associatedData(byte[] context) {
    byte[] aad = Arrays.copyOf(prefix, PREFIX_LENGTH + context.length);
    System.arraycopy(context, 0, aad, PREFIX_LENGTH, context.length);
    return aad;
  }

  final void checkPrefix(byte[] ciphertext) throws DecryptionFailedException {
    if (ciphertext.length < overhead(algorithm)) {
      throw new DecryptionFailedException("ciphertext is too short for its algorithm", null);
    }
    // Constant-time over the whole prefix, in place, eight bytes at a time and with no early exit
    // (this runs on every decryption). Magic, version, algorithm and key id were already checked by
    // the header parser, so a mismatch here means the commitment differs.
    long diff = 0;
    for (int i = 0; i < PREFIX_LENGTH; i += Long.BYTES) {
      diff |= (long) LONGS.get(prefix, i) ^ (long) LONGS.get(ciphertext, i);
    }
    if (diff != 0) {
      throw new DecryptionFailedException(
          "key commitment mismatch: the ciphertext was not made with key " + keyId, null);
    }
  }

  static DecryptionFailedException authenticationFailed(GeneralSecurityException cause) {
    return new DecryptionFailedException(
        "ciphertext failed authentication: it was modified, or the encryption context differs"
            + " from the one used to encrypt it",
        cause);
  }

  /**
   * AES-256-GCM on Tink's per-thread JCE cipher, driven directly: the associated data goes in as
   * two {@code updateAAD} calls (header prefix, then context) instead of one concatenated array,
   * the nonce is read in place from the ciphertext, and the output is written once, after the
   * header. The bytes are exactly those of a single-AAD GCM call (GCM absorbs AAD as a stream);
   * the Wycheproof suite runs through {@link #gcmSeal} and {@link #gcmOpen}.
   */
  private static final class Gcm extends AeadEngine {
    private static final int NONCE = 12;
    private final SecretKey key;

    Gcm(long keyId, byte[] commitment, byte[] aeadKey) throws GeneralSecurityException {
      super(AeadAlgorithm.AES_256_GCM, keyId, commitment);
      this.key = AesGcmJceUtil.getSecretKey(aeadKey);
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] context) throws GeneralSecurityException {
      byte[] out = gcmSeal(key, Random.randBytes(NONCE), plaintext, prefix, context, PREFIX_LENGTH);
      System.arraycopy(prefix, 0, out, 0, PREFIX_LENGTH);
      return out;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] context) throws GeneralSecurityException {
      checkPrefix(ciphertext);
      try {
        return gcmOpen(key, ciphertext, PREFIX_LENGTH, prefix, context);
      } catch (GeneralSecurityException e) {
        throw authenticationFailed(e);
      }
    }
  }

  /**
   * AES-GCM encryption with a 96-bit nonce, 128-bit tag and associated data in two parts.
   *
   * @param key the AES key
   * @param nonce 12 bytes
   * @param plaintext the data
   * @param aad1 first part of the associated data
   * @param aad2 second part of the associated data
   * @param offset bytes left free at the start of the output
   * @return {@code offset} free bytes, then nonce || ciphertext || tag
   * @throws GeneralSecurityException if the JCE fails
   */
  public static byte[] gcmSeal(
      SecretKey key, byte[] nonce, byte[] plaintext, byte[] aad1, byte[] aad2, int offset)
      throws GeneralSecurityException {
    if (nonce.length != 12) {
      throw new GeneralSecurityException("AES-GCM nonces are 12 bytes");
    }
    if (plaintext.length > Integer.MAX_VALUE - offset - 12 - TAG_LENGTH) {
      throw new GeneralSecurityException("plaintext too long");
    }
    byte[] out = new byte[offset + 12 + plaintext.length + TAG_LENGTH];
    System.arraycopy(nonce, 0, out, offset, 12);
    Cipher cipher = AesGcmJceUtil.getThreadLocalCipher();
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, out, offset, 12));
    cipher.updateAAD(aad1);
    cipher.updateAAD(aad2);
    int written = cipher.doFinal(plaintext, 0, plaintext.length, out, offset + 12);
    if (written != plaintext.length + TAG_LENGTH) {
      throw new GeneralSecurityException("AES-GCM wrote " + written + " bytes, expected more");
    }
    return out;
  }

  /**
   * AES-GCM decryption of {@code nonce || ciphertext || tag} starting at {@code offset}.
   *
   * @param key the AES key
   * @param input the message
   * @param offset where the nonce starts
   * @param aad1 first part of the associated data
   * @param aad2 second part of the associated data
   * @return the plaintext, only if the tag verified
   * @throws GeneralSecurityException if the input is too short or does not authenticate
   */
  public static byte[] gcmOpen(SecretKey key, byte[] input, int offset, byte[] aad1, byte[] aad2)
      throws GeneralSecurityException {
    if (input.length - offset < 12 + TAG_LENGTH) {
      throw new GeneralSecurityException("ciphertext too short");
    }
    Cipher cipher = AesGcmJceUtil.getThreadLocalCipher();
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, input, offset, 12));
    cipher.updateAAD(aad1);
    cipher.updateAAD(aad2);
    // SunJCE buffers the whole GCM ciphertext and releases plaintext only after the tag checks.
    return cipher.doFinal(input, offset + 12, input.length - offset - 12);
  }

  /** XChaCha20-Poly1305 through Tink (JCE ChaCha20 when available, pure Java otherwise). */
  private static final class XChaCha extends AeadEngine {
    private static final int NONCE = 24;
    private final Aead aead;

    // The SDK owns this key's derivation, so building the Tink key from raw bytes is intended.
    @AccessesPartialKey
    XChaCha(long keyId, byte[] commitment, byte[] aeadKey) throws GeneralSecurityException {
      super(AeadAlgorithm.XCHACHA20_POLY1305, keyId, commitment);
      if (XChaCha20Poly1305Jce.isSupported()) {
        this.aead =
            XChaCha20Poly1305Jce.create(
                XChaCha20Poly1305Key.create(
                    com.google.crypto.tink.util.SecretBytes.copyFrom(
                        aeadKey, InsecureSecretKeyAccess.get())));
      } else {
        this.aead = new XChaCha20Poly1305(aeadKey);
      }
    }

    @Override
    public byte[] encrypt(byte[] plaintext, byte[] context) throws GeneralSecurityException {
      // Tink writes nonce || ciphertext || tag; the header goes in front.
      byte[] body = aead.encrypt(plaintext, associatedData(context));
      byte[] out = Arrays.copyOf(prefix, PREFIX_LENGTH + body.length);
      System.arraycopy(body, 0, out, PREFIX_LENGTH, body.length);
      return out;
    }

    @Override
    public byte[] decrypt(byte[] ciphertext, byte[] context) throws GeneralSecurityException {
      checkPrefix(ciphertext);
      byte[] body = Arrays.copyOfRange(ciphertext, PREFIX_LENGTH, ciphertext.length);
      try {
        return aead.decrypt(body, associatedData(context));
      } catch (GeneralSecurityException e) {
        throw authenticationFailed(e);
      }
    }
  }
}
