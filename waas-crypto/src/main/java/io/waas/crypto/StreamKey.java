package io.waas.crypto;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The streaming sub-key of one data key: {@code HKDF-SHA256(K, info = "waas-crypto/v1/stream", 64
 * bytes)}, split into the key-derivation key of Tink's {@link AesGcmHkdfStreaming} (first 32
 * bytes) and the stream key commitment (last 32 bytes).
 *
 * <p>Design: built once per data key through {@code DataKey.derived}, so it is cached with the key
 * and dropped when the key is destroyed. One Tink primitive per segment size is created on first
 * use; they are immutable and thread-safe, each stream gets its own segment encrypter or
 * decrypter from them. The commitment is collision resistant in K (an HMAC-SHA256 output), so no
 * stream header can name two keys.
 */
final class StreamKey {
  static final String INFO = "waas-crypto/v1/stream";
  static final int DERIVED_LENGTH = 64;
  private static final int AES_KEY_SIZE = 32;

  private final byte[] ikm;
  private final byte[] commitment;
  private final AtomicReferenceArray<AesGcmHkdfStreaming> bySegmentShift =
      new AtomicReferenceArray<>(StreamHeader.MAX_SEGMENT_SHIFT + 1);

  /** Takes the 64 derived bytes (copied; the caller wipes them). */
  StreamKey(byte[] derived) {
    if (derived.length != DERIVED_LENGTH) {
      throw new IllegalArgumentException("stream sub-key must be " + DERIVED_LENGTH + " bytes");
    }
    this.ikm = Arrays.copyOfRange(derived, 0, 32);
    this.commitment = Arrays.copyOfRange(derived, 32, 64);
  }

  /** Returns Tink's streaming AEAD for a segment size of {@code 2^shift} bytes. */
  AesGcmHkdfStreaming aead(int shift) throws GeneralSecurityException {
    AesGcmHkdfStreaming a = bySegmentShift.get(shift);
    if (a == null) {
      // The SDK header sits in front of Tink's, so the first segment is shorter by its length and
      // every later segment starts at a multiple of the segment size in the file.
      a = new AesGcmHkdfStreaming(ikm, "HmacSha256", AES_KEY_SIZE, 1 << shift, StreamHeader.LENGTH);
      if (!bySegmentShift.compareAndSet(shift, null, a)) {
        a = bySegmentShift.get(shift);
      }
    }
    return a;
  }

  /** Returns a copy of the stream key commitment (not secret), for the key inventory. */
  byte[] commitment() {
    return commitment.clone();
  }

  /** Copies the commitment into a header being written. */
  void writeCommitment(byte[] header) {
    System.arraycopy(commitment, 0, header, StreamHeader.COMMITMENT_OFFSET, StreamHeader.COMMITMENT_LENGTH);
  }

  /** Compares the header's commitment with this key's, in time independent of where they differ. */
  boolean commitmentMatches(byte[] header) {
    int diff = 0;
    for (int i = 0; i < StreamHeader.COMMITMENT_LENGTH; i++) {
      diff |= commitment[i] ^ header[StreamHeader.COMMITMENT_OFFSET + i];
    }
    return diff == 0;
  }
}
