package io.waas.crypto;

import com.google.crypto.tink.subtle.StreamSegmentDecrypter;
import io.waas.core.WaasSecurityException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sequential decryption of a stream's segments with Tink's segment decrypter ({@link
 * StreamSegmentDecrypter} of {@code AesGcmHkdfStreaming}: per-stream key derivation, nonces and
 * AES-GCM are Tink's), reading the ciphertext and handing out the plaintext itself.
 *
 * <p>Design: Tink's own decrypting stream decrypts every segment into an internal buffer and
 * copies it out, and reports all failures as plain {@link IOException}s. This reader decrypts a
 * segment straight into the caller's buffer when the caller asked for at least a whole segment
 * (the usual case for bulk reads), which saves a copy of every byte, and buffers only for smaller
 * reads. Reading the source and decrypting are separate calls here, so a failure of the caller's
 * source is passed through as it is and a failure of the data is a {@link
 * CiphertextStreamException} carrying a {@link DecryptionFailedException}.
 *
 * <p>Guarantees, whichever path a read takes: a read returns bytes of exactly one segment, only
 * after that segment's tag verified; when a segment fails, whatever the cipher may have written
 * into the caller's buffer is zeroed before the exception is thrown (SunJCE writes nothing, but
 * that is not promised by the JCE); after a failure every read fails. The end of the plaintext
 * (-1) is reported only after the segment marked last verified, which is what detects a stream cut
 * at a segment boundary.
 *
 * <p>Not thread-safe by itself; the fronts synchronize.
 */
final class SegmentReader {
  /** Where the ciphertext comes from: like {@link InputStream#read(byte[], int, int)}. */
  @FunctionalInterface
  interface Source {
    int read(byte[] b, int off, int len) throws IOException;
  }

  private static final int TAG_LENGTH = KeyRingStreamingEncryptor.TAG_LENGTH;

  private final Source source;
  private final StreamSegmentDecrypter decrypter;
  private final StreamAdapters.FailureListener listener;
  private final int segmentSize;
  private final int firstSegmentSize;
  /** One ciphertext segment plus one byte of look-ahead (it tells whether the segment is the last). */
  private final byte[] ciphertext;
  /** Bytes in {@link #ciphertext}: between segments, 0 or the 1 look-ahead byte. */
  private int buffered;
  /**
   * Decrypted bytes not yet handed out, for reads smaller than a segment; allocated on the first
   * such read, so a reader that always asks for whole segments holds one buffer, not two.
   */
  private ByteBuffer plaintext = ByteBuffer.allocate(0);
  private int segment;
  private boolean lastDecrypted;
  private long released;
  private @Nullable WaasSecurityException failure;

  /**
   * @param source the ciphertext after both headers
   * @param decrypter an initialized segment decrypter
   * @param segmentSize the ciphertext segment size
   * @param firstSegmentSize the ciphertext size of segment 0 (the segment size less the headers)
   */
  SegmentReader(
      Source source,
      StreamSegmentDecrypter decrypter,
      int segmentSize,
      int firstSegmentSize,
      StreamAdapters.FailureListener listener) {
    this.source = source;
    this.decrypter = decrypter;
    this.segmentSize = segmentSize;
    this.firstSegmentSize = firstSegmentSize;
    this.listener = listener;
    this.ciphertext = new byte[segmentSize + 1];
  }

  /** Decrypted bytes ready to be read without touching the source. */
  int available() {
    return failure == null ? plaintext.remaining() : 0;
  }

  /**
   * Reads plaintext into {@code dst}, from at most one segment.
   *
   * @return the number of bytes read, 0 only if {@code dst} has no room, or -1 at the verified end
   */
  int read(ByteBuffer dst) throws IOException {
    WaasSecurityException f = failure;
    if (f != null) {
      throw new CiphertextStreamException(f);
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    while (true) {
      if (plaintext.hasRemaining()) {
        int n = Math.min(dst.remaining(), plaintext.remaining());
        ByteBuffer slice = plaintext.duplicate();
        slice.limit(slice.position() + n);
        dst.put(slice);
        plaintext.position(plaintext.position() + n);
        released += n;
        return n;
      }
      if (lastDecrypted) {
        return -1;
      }
      int n = decryptNext(dst);
      if (n > 0) {
        return n;
      }
      // An empty segment (only ever the last one) gave nothing: loop to report the end.
    }
  }

  /** Decrypts the next segment into {@code dst} if it fits whole, else into {@link #plaintext}. */
  private int decryptNext(ByteBuffer dst) throws IOException {
    int want = (segment == 0 ? firstSegmentSize : segmentSize) + 1;
    while (buffered < want) {
      int n = source.read(ciphertext, buffered, want - buffered);
      if (n < 0) {
        break;
      }
      if (n == 0) {
        throw new IOException("the ciphertext source returned no bytes from a blocking read");
      }
      buffered += n;
    }
    boolean last = buffered < want;
    int length = last ? buffered : want - 1;
    // Whole segment into the caller's buffer when it has room for the ciphertext length: some
    // providers want output space for the tag too.
    boolean direct = dst.remaining() >= length;
    if (!direct && plaintext.capacity() < segmentSize) {
      plaintext = ByteBuffer.allocate(segmentSize);
    }
    ByteBuffer out = direct ? dst.duplicate() : plaintext.clear();
    int start = out.position();
    try {
      if (length < TAG_LENGTH) {
        throw new GeneralSecurityException("segment " + segment + " is shorter than its tag");
      }
      decrypter.decryptSegment(ByteBuffer.wrap(ciphertext, 0, length), segment, last, out);
    } catch (GeneralSecurityException e) {
      wipe(out, start, Math.min(length, out.limit() - start));
      plaintext.limit(0);
      DecryptionFailedException typed =
          new DecryptionFailedException(
              "stream failed authentication at segment " + segment + ", after " + released
                  + " bytes of authenticated plaintext: it was modified, truncated, reordered or"
                  + " extended, or the encryption context differs from the one used to encrypt it",
              e);
      failure = typed;
      listener.failed(typed);
      throw new CiphertextStreamException(typed);
    }
    segment++;
    if (last) {
      lastDecrypted = true;
      buffered = 0;
    } else {
      ciphertext[0] = ciphertext[want - 1];
      buffered = 1;
    }
    int n = out.position() - start;
    if (direct) {
      dst.position(dst.position() + n);
      released += n;
      return n;
    }
    plaintext.flip();
    return 0;
  }

  /** Zeroes {@code count} bytes of {@code b} from {@code start}. */
  private static void wipe(ByteBuffer b, int start, int count) {
    if (b.hasArray()) {
      int from = b.arrayOffset() + start;
      Arrays.fill(b.array(), from, from + count, (byte) 0);
    } else {
      ByteBuffer z = b.duplicate();
      z.clear();
      z.position(start);
      for (int i = 0; i < count; i++) {
        z.put((byte) 0);
      }
    }
  }

  // ------------------------------------------------------------------ fronts

  /** The plaintext as an {@link InputStream}. */
  static final class Stream extends InputStream {
    private final SegmentReader reader;
    private final InputStream ciphertext;
    private final byte[] one = new byte[1];
    private boolean closed;

    Stream(InputStream ciphertext, StreamSegmentDecrypter decrypter, int segmentSize, int firstSegmentSize,
        StreamAdapters.FailureListener listener) {
      this.ciphertext = ciphertext;
      this.reader = new SegmentReader(ciphertext::read, decrypter, segmentSize, firstSegmentSize, listener);
    }

    @Override
    public synchronized int read() throws IOException {
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (closed) {
        throw new IOException("decrypting stream is closed");
      }
      return reader.read(ByteBuffer.wrap(b, off, len));
    }

    @Override
    public synchronized int available() {
      return closed ? 0 : reader.available();
    }

    @Override
    public synchronized void close() throws IOException {
      if (!closed) {
        closed = true;
        ciphertext.close();
      }
    }
  }

  /** The plaintext as a {@link ReadableByteChannel}. */
  static final class Channel implements ReadableByteChannel {
    private final SegmentReader reader;
    private final ReadableByteChannel ciphertext;
    private boolean closed;

    Channel(ReadableByteChannel ciphertext, StreamSegmentDecrypter decrypter, int segmentSize, int firstSegmentSize,
        StreamAdapters.FailureListener listener) {
      this.ciphertext = ciphertext;
      this.reader =
          new SegmentReader(
              (b, off, len) -> ciphertext.read(ByteBuffer.wrap(b, off, len)),
              decrypter,
              segmentSize,
              firstSegmentSize,
              listener);
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
      if (closed) {
        throw new ClosedChannelException();
      }
      return reader.read(dst);
    }

    @Override
    public synchronized boolean isOpen() {
      return !closed;
    }

    @Override
    public synchronized void close() throws IOException {
      if (!closed) {
        closed = true;
        ciphertext.close();
      }
    }
  }
}
