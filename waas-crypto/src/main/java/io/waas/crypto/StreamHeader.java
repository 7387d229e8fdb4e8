package io.waas.crypto;

/**
 * The parsed header of a streaming ciphertext (made by a {@link StreamingEncryptor}): format
 * version, key id and segment size. Useful to find which key a stored stream needs, or to tell a
 * streaming ciphertext from a one-shot one ({@link #hasMagic}), without decrypting anything.
 *
 * <p>Format version 1, all integers big-endian:
 *
 * <pre>
 * offset  length  field
 *      0       2  magic "WS" (0x57 0x53); one-shot ciphertexts start with "WC"
 *      2       1  format version (1)
 *      3       1  suite (1 = AES-256-GCM segments, HKDF-SHA256 per-stream keys)
 *      4       4  key id (non-zero)
 *      8      32  key commitment of the stream key
 *     40       1  log2 of the ciphertext segment size, 12 to 20 (the SDK writes 20: 1 MiB)
 *     41      40  segment header: 0x28, 32-byte random salt, 7-byte nonce prefix
 *     81     ...  segments, each ciphertext || 16-byte tag
 * </pre>
 *
 * <p>This class parses the first {@value #LENGTH} bytes; the segment header is checked by the
 * decrypting streams.
 *
 * <p>Immutable and thread-safe.
 */
public final class StreamHeader {
  /** Length of the SDK's own header, in bytes (the segment header follows it). */
  public static final int LENGTH = 41;

  /** The format version this SDK writes and reads. */
  public static final int FORMAT_VERSION = 1;

  static final byte MAGIC0 = 0x57; // 'W'
  static final byte MAGIC1 = 0x53; // 'S'
  static final int SUITE_AES256_GCM_HKDF_SHA256 = 1;
  static final int MIN_SEGMENT_SHIFT = 12;
  static final int MAX_SEGMENT_SHIFT = 20;
  static final int KEY_ID_OFFSET = 4;
  static final int COMMITMENT_OFFSET = 8;
  static final int COMMITMENT_LENGTH = 32;
  static final int SEGMENT_SHIFT_OFFSET = 40;

  private final long keyId;
  private final int segmentSize;

  private StreamHeader(long keyId, int segmentSize) {
    this.keyId = keyId;
    this.segmentSize = segmentSize;
  }

  /**
   * Tells whether bytes start like a streaming ciphertext (magic {@code "WS"}). Says nothing about
   * whether the rest is valid.
   *
   * @param prefix the first bytes of some data (at least 2 to answer yes)
   * @return whether the magic matches
   */
  public static boolean hasMagic(byte[] prefix) {
    return prefix.length >= 2 && prefix[0] == MAGIC0 && prefix[1] == MAGIC1;
  }

  /**
   * Parses the header of a streaming ciphertext. Checks structure only; nothing is authenticated
   * yet.
   *
   * @param prefix the first bytes of a streaming ciphertext, at least {@value #LENGTH}; further
   *     bytes are ignored
   * @return the header
   * @throws MalformedCiphertextException if the input is shorter than the header, has the wrong
   *     magic, an unsupported version or suite, key id 0, or a segment size out of range
   */
  public static StreamHeader parse(byte[] prefix) throws MalformedCiphertextException {
    if (prefix.length < LENGTH) {
      throw new MalformedCiphertextException(
          "not a WaaS stream: " + prefix.length + " bytes is shorter than the " + LENGTH + "-byte header");
    }
    if (!hasMagic(prefix)) {
      throw new MalformedCiphertextException(
          prefix[0] == 0x57 && prefix[1] == 0x43
              ? "not a WaaS stream: this is a one-shot ciphertext (magic \"WC\"); use DataEncryptor"
              : "not a WaaS stream: wrong magic bytes");
    }
    int version = prefix[2] & 0xff;
    if (version != FORMAT_VERSION) {
      throw new MalformedCiphertextException(
          "unsupported stream format version " + version + " (this SDK reads version " + FORMAT_VERSION + ")");
    }
    int suite = prefix[3] & 0xff;
    if (suite != SUITE_AES256_GCM_HKDF_SHA256) {
      throw new MalformedCiphertextException("unknown stream suite " + suite);
    }
    long keyId =
        ((long) (prefix[4] & 0xff) << 24)
            | ((prefix[5] & 0xff) << 16)
            | ((prefix[6] & 0xff) << 8)
            | (prefix[7] & 0xff);
    if (keyId == 0) {
      throw new MalformedCiphertextException("key id 0 is never assigned");
    }
    int shift = prefix[SEGMENT_SHIFT_OFFSET] & 0xff;
    if (shift < MIN_SEGMENT_SHIFT || shift > MAX_SEGMENT_SHIFT) {
      throw new MalformedCiphertextException(
          "stream segment size 2^" + shift + " is out of range (2^" + MIN_SEGMENT_SHIFT + " to 2^"
              + MAX_SEGMENT_SHIFT + ")");
    }
    return new StreamHeader(keyId, 1 << shift);
  }

  /** @return the format version */
  public int formatVersion() {
    return FORMAT_VERSION;
  }

  /** @return the id of the data key the stream was encrypted under */
  public long keyId() {
    return keyId;
  }

  /** @return the size of every ciphertext segment but the first and last, in bytes */
  public int segmentSize() {
    return segmentSize;
  }

  @Override
  public String toString() {
    return "StreamHeader{v" + FORMAT_VERSION + ", key " + keyId + ", segments " + segmentSize + " B}";
  }
}
