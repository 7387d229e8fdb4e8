package io.waas.crypto;

import org.jspecify.annotations.Nullable;

/**
 * The authenticated-encryption algorithms a data key can use. Both take 256-bit keys, random
 * nonces and 128-bit tags; the SDK adds key commitment on top of either.
 */
public enum AeadAlgorithm {
  /**
   * AES-256-GCM with 96-bit random nonces: the default, hardware-accelerated on servers. NIST
   * limits one key to 2<sup>32</sup> messages with random nonces, so rotate keys well before that.
   */
  AES_256_GCM(1, 12),

  /**
   * XChaCha20-Poly1305 with 192-bit random nonces: no practical limit on messages per key, and
   * fast without AES hardware.
   */
  XCHACHA20_POLY1305(2, 24);

  private final int id;
  private final int nonceLength;

  AeadAlgorithm(int id, int nonceLength) {
    this.id = id;
    this.nonceLength = nonceLength;
  }

  /**
   * Returns the algorithm's identifier in the ciphertext format.
   *
   * @return the one-byte id
   */
  public int id() {
    return id;
  }

  /**
   * Returns the length of the random nonce stored in each ciphertext.
   *
   * @return nonce length in bytes
   */
  public int nonceLength() {
    return nonceLength;
  }

  /**
   * Looks an algorithm up by its format id.
   *
   * @param id the one-byte id
   * @return the algorithm, or {@code null} if the id is unknown
   */
  public static @Nullable AeadAlgorithm byId(int id) {
    for (AeadAlgorithm a : values()) {
      if (a.id == id) {
        return a;
      }
    }
    return null;
  }
}
