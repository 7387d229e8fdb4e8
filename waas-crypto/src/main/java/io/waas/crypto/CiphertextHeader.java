package io.waas.crypto;

import io.waas.crypto.internal.AeadEngine;

/**
 * The parsed header of an SDK ciphertext: format version, algorithm and key id. Useful to find
 * which key a stored value needs (for re-encryption and key inventories) without decrypting it.
 *
 * <p>Format version 1, all integers big-endian:
 *
 * <pre>
 * offset  length  field
 *      0       2  magic "WC" (0x57 0x43)
 *      2       1  format version (1)
 *      3       1  algorithm (1 = AES-256-GCM, 2 = XChaCha20-Poly1305)
 *      4       4  key id (non-zero)
 *      8      32  key commitment
 *     40   12|24  random nonce
 *    ...       n  encrypted data
 *   end-16    16  authentication tag
 * </pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CiphertextHeader {
  private final int formatVersion;
  private final AeadAlgorithm algorithm;
  private final long keyId;

  private CiphertextHeader(int formatVersion, AeadAlgorithm algorithm, long keyId) {
    this.formatVersion = formatVersion;
    this.algorithm = algorithm;
    this.keyId = keyId;
  }

  /**
   * Parses the header of a ciphertext. Checks structure only; nothing is authenticated yet.
   *
   * @param ciphertext an SDK ciphertext
   * @return the header
   * @throws MalformedCiphertextException if the input is too short, has the wrong magic, an
   *     unsupported version, an unknown algorithm or key id 0
   */
  public static CiphertextHeader parse(byte[] ciphertext) throws MalformedCiphertextException {
    if (ciphertext.length < 8) {
      throw new MalformedCiphertextException(
          "not a WaaS ciphertext: " + ciphertext.length + " bytes is shorter than the header");
    }
    if (ciphertext[0] != AeadEngine.MAGIC0 || ciphertext[1] != AeadEngine.MAGIC1) {
      throw new MalformedCiphertextException("not a WaaS ciphertext: wrong magic bytes");
    }
    int version = ciphertext[2] & 0xff;
    if (version != AeadEngine.FORMAT_VERSION) {
      throw new MalformedCiphertextException(
          "unsupported ciphertext format version " + version + " (this SDK reads version 1)");
    }
    AeadAlgorithm algorithm = AeadAlgorithm.byId(ciphertext[3] & 0xff);
    if (algorithm == null) {
      throw new MalformedCiphertextException("unknown algorithm id " + (ciphertext[3] & 0xff));
    }
    long keyId =
        ((long) (ciphertext[4] & 0xff) << 24)
            | ((ciphertext[5] & 0xff) << 16)
            | ((ciphertext[6] & 0xff) << 8)
            | (ciphertext[7] & 0xff);
    if (keyId == 0) {
      throw new MalformedCiphertextException("key id 0 is never assigned");
    }
    int minimum = AeadEngine.overhead(algorithm);
    if (ciphertext.length < minimum) {
      throw new MalformedCiphertextException(
          "ciphertext is truncated: " + ciphertext.length + " bytes, at least " + minimum + " needed");
    }
    return new CiphertextHeader(version, algorithm, keyId);
  }

  /** @return the format version */
  public int formatVersion() {
    return formatVersion;
  }

  /** @return the algorithm */
  public AeadAlgorithm algorithm() {
    return algorithm;
  }

  /** @return the id of the data key the ciphertext was made with */
  public long keyId() {
    return keyId;
  }

  /**
   * Returns the fixed number of bytes a ciphertext adds to its plaintext for an algorithm.
   *
   * @param algorithm the algorithm
   * @return header, nonce and tag length
   */
  public static int overhead(AeadAlgorithm algorithm) {
    return AeadEngine.overhead(algorithm);
  }

  @Override
  public String toString() {
    return "CiphertextHeader{v" + formatVersion + ", " + algorithm + ", key " + keyId + "}";
  }
}
