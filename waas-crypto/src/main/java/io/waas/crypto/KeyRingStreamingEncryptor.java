package io.waas.crypto;

import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.subtle.StreamSegmentDecrypter;
import io.waas.core.SecurityEvent;
import io.waas.core.WaasSecurityException;
import io.waas.crypto.internal.DataKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The {@link StreamingEncryptor} of a {@link KeyRing}.
 *
 * <p>Design: the SDK header (magic, version, suite, key id, commitment, segment size) is written
 * in front of Tink's {@link AesGcmHkdfStreaming} output, and Tink is told about it as its "first
 * segment offset", so segment {@code i > 0} starts at byte {@code i * segmentSize} of the file and
 * the seekable channel can work on the whole file. Tink's associated data is the SDK header
 * followed by the canonical context: Tink feeds it into the HKDF that derives each stream's AES
 * key, so a changed header or another context yields another key and the first segment fails.
 *
 * <p>Decryption reads the SDK header and Tink's 40-byte segment header before handing anything
 * to Tink, so every structural problem is a {@link MalformedCiphertextException} from the
 * factory method, and the key commitment is compared (in constant time) before any key is
 * derived for the stream. Sequential decryption then runs Tink's segment decrypter in a {@link
 * SegmentReader}; the seekable channel is Tink's, wrapped.
 */
final class KeyRingStreamingEncryptor implements StreamingEncryptor {
  /** 2^20 = 1 MiB ciphertext segments: see ARCHITECTURE.md for why this size. */
  static final int DEFAULT_SEGMENT_SHIFT = StreamHeader.MAX_SEGMENT_SHIFT;

  /** Tink's segment header: one length byte (40), a 32-byte salt and a 7-byte nonce prefix. */
  static final int SEGMENT_HEADER_LENGTH = 40;

  /** Where the first segment starts. */
  static final int CIPHERTEXT_OFFSET = StreamHeader.LENGTH + SEGMENT_HEADER_LENGTH;

  static final int TAG_LENGTH = 16;

  private final KeyRing ring;
  private final int segmentShift;

  KeyRingStreamingEncryptor(KeyRing ring) {
    this(ring, DEFAULT_SEGMENT_SHIFT);
  }

  /** For tests: smaller segments make multi-segment streams small. */
  KeyRingStreamingEncryptor(KeyRing ring, int segmentShift) {
    if (segmentShift < StreamHeader.MIN_SEGMENT_SHIFT || segmentShift > StreamHeader.MAX_SEGMENT_SHIFT) {
      throw new IllegalArgumentException("segment shift " + segmentShift + " out of range");
    }
    this.ring = ring;
    this.segmentShift = segmentShift;
  }

  /** The ciphertext length of a stream of {@code plaintextLength} bytes with 2^shift segments. */
  static long ciphertextLength(long plaintextLength, int segmentShift) {
    long segment = 1L << segmentShift;
    long plainPerSegment = segment - TAG_LENGTH;
    long firstPlain = plainPerSegment - CIPHERTEXT_OFFSET;
    if (plaintextLength <= firstPlain) {
      return CIPHERTEXT_OFFSET + plaintextLength + TAG_LENGTH;
    }
    long rest = plaintextLength - firstPlain;
    long segments = 1 + (rest + plainPerSegment - 1) / plainPerSegment;
    return CIPHERTEXT_OFFSET + plaintextLength + segments * TAG_LENGTH;
  }

  // ------------------------------------------------------------------ encryption

  /** Header and primitive of a stream being written. */
  private static final class Start {
    final byte[] header;
    final byte[] associatedData;
    final AesGcmHkdfStreaming aead;

    Start(byte[] header, byte[] associatedData, AesGcmHkdfStreaming aead) {
      this.header = header;
      this.associatedData = associatedData;
      this.aead = aead;
    }
  }

  private Start start(EncryptionContext context) throws GeneralSecurityException {
    Objects.requireNonNull(context, "context");
    // Streams count as one message and no bytes against the cache limits: each stream encrypts
    // under its own HKDF-derived key, so the data key itself never meets the GCM usage limits.
    DataKey key = ring.primaryKey(context.keyScope(), 0);
    StreamKey streamKey = key.derived(StreamKey.INFO, StreamKey.DERIVED_LENGTH, StreamKey.class, StreamKey::new);
    byte[] header = new byte[StreamHeader.LENGTH];
    header[0] = StreamHeader.MAGIC0;
    header[1] = StreamHeader.MAGIC1;
    header[2] = (byte) StreamHeader.FORMAT_VERSION;
    header[3] = (byte) StreamHeader.SUITE_AES256_GCM_HKDF_SHA256;
    long id = key.id();
    header[4] = (byte) (id >>> 24);
    header[5] = (byte) (id >>> 16);
    header[6] = (byte) (id >>> 8);
    header[7] = (byte) id;
    streamKey.writeCommitment(header);
    header[StreamHeader.SEGMENT_SHIFT_OFFSET] = (byte) segmentShift;
    return new Start(header, associatedData(header, context), streamKey.aead(segmentShift));
  }

  @Override
  public OutputStream newEncryptingStream(OutputStream ciphertext, EncryptionContext context)
      throws GeneralSecurityException, IOException {
    Objects.requireNonNull(ciphertext, "ciphertext");
    Start s = start(context);
    StreamAdapters.Failures failures = new StreamAdapters.Failures();
    StreamAdapters.SinkStream sink = new StreamAdapters.SinkStream(ciphertext, failures);
    sink.write(s.header);
    OutputStream tink = s.aead.newEncryptingStream(sink, s.associatedData);
    return new StreamAdapters.EncryptingStream(tink, sink, failures);
  }

  @Override
  public WritableByteChannel newEncryptingChannel(WritableByteChannel ciphertext, EncryptionContext context)
      throws GeneralSecurityException, IOException {
    Objects.requireNonNull(ciphertext, "ciphertext");
    StreamAdapters.requireBlocking(ciphertext);
    Start s = start(context);
    StreamAdapters.Failures failures = new StreamAdapters.Failures();
    StreamAdapters.SinkChannel sink = new StreamAdapters.SinkChannel(ciphertext, failures);
    ByteBuffer header = ByteBuffer.wrap(s.header);
    while (header.hasRemaining()) {
      sink.write(header);
    }
    WritableByteChannel tink = s.aead.newEncryptingChannel(sink, s.associatedData);
    return new StreamAdapters.EncryptingChannel(tink, sink, failures);
  }

  // ------------------------------------------------------------------ decryption

  /** A checked header: the stream's primitive and associated data. */
  private static final class Opened {
    final AesGcmHkdfStreaming aead;
    final byte[] associatedData;
    final StreamAdapters.FailureListener listener;
    final StreamAdapters.Segments segments;

    Opened(
        AesGcmHkdfStreaming aead,
        byte[] associatedData,
        StreamAdapters.FailureListener listener,
        StreamAdapters.Segments segments) {
      this.aead = aead;
      this.associatedData = associatedData;
      this.listener = listener;
      this.segments = segments;
    }
  }

  /**
   * Checks the first {@link #CIPHERTEXT_OFFSET} bytes (fewer if the input ended) and finds the key.
   *
   * @param prefix the bytes read, up to {@link #CIPHERTEXT_OFFSET}
   * @param total the ciphertext's whole length if known (seekable), else -1
   */
  private Opened open(byte[] prefix, long total, EncryptionContext context) throws GeneralSecurityException {
    Objects.requireNonNull(context, "context");
    KeyScope scope = context.keyScope();
    long keyId = -1;
    try {
      StreamHeader h = StreamHeader.parse(prefix);
      keyId = h.keyId();
      if (prefix.length < CIPHERTEXT_OFFSET) {
        throw new MalformedCiphertextException(
            "stream is truncated: " + prefix.length + " bytes, the headers alone take " + CIPHERTEXT_OFFSET);
      }
      if (prefix[StreamHeader.LENGTH] != SEGMENT_HEADER_LENGTH) {
        throw new MalformedCiphertextException(
            "stream segment header has length byte " + (prefix[StreamHeader.LENGTH] & 0xff) + ", expected "
                + SEGMENT_HEADER_LENGTH);
      }
      if (total >= 0) {
        checkLength(total, h.segmentSize());
      }
      DataKey key = ring.enabledKey(scope, keyId);
      StreamKey streamKey = key.derived(StreamKey.INFO, StreamKey.DERIVED_LENGTH, StreamKey.class, StreamKey::new);
      if (!streamKey.commitmentMatches(prefix)) {
        throw new DecryptionFailedException(
            "key commitment mismatch: the stream was not made with key " + keyId + " of " + scope, null);
      }
      int shift = Integer.numberOfTrailingZeros(h.segmentSize());
      byte[] header = Arrays.copyOf(prefix, StreamHeader.LENGTH);
      long id = keyId;
      StreamAdapters.FailureListener listener = failure -> failed(scope, id, failure);
      return new Opened(
          streamKey.aead(shift),
          associatedData(header, context),
          listener,
          new StreamAdapters.Segments(h.segmentSize()));
    } catch (WaasSecurityException e) {
      failed(scope, keyId, e);
      throw e;
    }
  }

  /**
   * A seekable stream's length must leave at least a tag in its last segment; anything else was
   * cut inside a tag or extended by a few bytes.
   */
  private static void checkLength(long total, int segmentSize) throws MalformedCiphertextException {
    if (total < CIPHERTEXT_OFFSET + TAG_LENGTH) {
      throw new MalformedCiphertextException(
          "stream is truncated: " + total + " bytes, at least " + (CIPHERTEXT_OFFSET + TAG_LENGTH) + " needed");
    }
    long last = total % segmentSize;
    if (last > 0 && last < TAG_LENGTH) {
      throw new MalformedCiphertextException(
          "stream length " + total + " is impossible for " + segmentSize
              + "-byte segments: it was truncated or extended");
    }
  }

  private void failed(KeyScope scope, long keyId, WaasSecurityException e) {
    ring.emitEvent(
        ring.event(CryptoEvents.DECRYPT_FAILED, scope, SecurityEvent.Outcome.FAILURE)
            .attribute("reason", e.getClass().getSimpleName())
            .attribute("keyId", Long.toString(keyId))
            .attribute("format", "stream")
            .build());
  }

  @Override
  public InputStream newDecryptingStream(InputStream ciphertext, EncryptionContext context)
      throws GeneralSecurityException, IOException {
    Objects.requireNonNull(ciphertext, "ciphertext");
    byte[] prefix = ciphertext.readNBytes(CIPHERTEXT_OFFSET);
    Opened o = open(prefix, -1, context);
    return new SegmentReader.Stream(
        ciphertext, segmentDecrypter(o, prefix), o.aead.getCiphertextSegmentSize(), firstSegmentSize(o), o.listener);
  }

  @Override
  public ReadableByteChannel newDecryptingChannel(ReadableByteChannel ciphertext, EncryptionContext context)
      throws GeneralSecurityException, IOException {
    Objects.requireNonNull(ciphertext, "ciphertext");
    StreamAdapters.requireBlocking(ciphertext);
    ByteBuffer buf = ByteBuffer.allocate(CIPHERTEXT_OFFSET);
    while (buf.hasRemaining() && ciphertext.read(buf) >= 0) {
      // a blocking channel returns at least one byte or -1
    }
    byte[] prefix = Arrays.copyOf(buf.array(), buf.position());
    Opened o = open(prefix, -1, context);
    return new SegmentReader.Channel(
        ciphertext, segmentDecrypter(o, prefix), o.aead.getCiphertextSegmentSize(), firstSegmentSize(o), o.listener);
  }

  @Override
  public SeekableByteChannel newSeekableDecryptingChannel(SeekableByteChannel ciphertext, EncryptionContext context)
      throws GeneralSecurityException, IOException {
    Objects.requireNonNull(ciphertext, "ciphertext");
    long total = ciphertext.size();
    ByteBuffer buf = ByteBuffer.allocate(CIPHERTEXT_OFFSET);
    ciphertext.position(0);
    while (buf.hasRemaining() && ciphertext.read(buf) >= 0) {
      // a seekable channel reads at least one byte or returns -1 at its end
    }
    byte[] prefix = Arrays.copyOf(buf.array(), buf.position());
    Opened o = open(prefix, total, context);
    StreamAdapters.Failures failures = new StreamAdapters.Failures();
    SeekableByteChannel source = new StreamAdapters.SourceSeekable(ciphertext, failures);
    SeekableByteChannel tink;
    try {
      tink = o.aead.newSeekableDecryptingChannel(source, o.associatedData);
    } catch (IOException e) {
      if (failures.fromCaller(e)) {
        throw e;
      }
      // The length checks above leave Tink nothing to refuse; should it still, say what it said.
      throw new MalformedCiphertextException("stream structure refused: " + e.getMessage());
    }
    return new StreamAdapters.SeekableDecryptingChannel(tink, failures, o.listener, o.segments);
  }

  /** Tink's decrypter for one stream, keyed from the segment header (salt, nonce prefix). */
  private static StreamSegmentDecrypter segmentDecrypter(Opened o, byte[] prefix) throws GeneralSecurityException {
    StreamSegmentDecrypter d = o.aead.newStreamSegmentDecrypter();
    try {
      d.init(ByteBuffer.wrap(prefix, StreamHeader.LENGTH, SEGMENT_HEADER_LENGTH).slice(), o.associatedData);
    } catch (GeneralSecurityException e) {
      // The length byte was checked already, so this is not expected; still a format failure.
      throw new MalformedCiphertextException("stream segment header refused: " + e.getMessage());
    }
    return d;
  }

  private static int firstSegmentSize(Opened o) {
    return o.aead.getCiphertextSegmentSize() - o.aead.getCiphertextOffset();
  }

  private static byte[] associatedData(byte[] header, EncryptionContext context) {
    byte[] aad = Arrays.copyOf(header, StreamHeader.LENGTH + context.encoded.length);
    System.arraycopy(context.encoded, 0, aad, StreamHeader.LENGTH, context.encoded.length);
    return aad;
  }

  @Override
  public String toString() {
    return "StreamingEncryptor[" + ring + ", " + (1 << segmentShift) + "-byte segments]";
  }
}
