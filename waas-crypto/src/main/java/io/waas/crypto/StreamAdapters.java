package io.waas.crypto;

import io.waas.core.WaasSecurityException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The encrypting streams and channels and the seekable decrypting channel a {@link
 * StreamingEncryptor} hands out: thin wrappers around Tink's that give failures their types.
 * (Sequential decryption is {@link SegmentReader}'s.)
 *
 * <p>Design: Tink reports every failure as a plain {@link IOException}, so a bad tag, a truncated
 * stream and a failing disk look alike. The wrappers tell them apart by identity. The caller's own
 * stream or channel is wrapped too ({@code Sink*}, {@code SourceSeekable}), and every {@code
 * IOException} it throws is recorded in a {@link Failures} before it goes up through Tink. An
 * {@code IOException} coming out of Tink that is not (and is not caused by) the recorded one was
 * raised by Tink itself, which only happens for cryptographic failures; it is rethrown as a {@link
 * CiphertextStreamException} with a typed cause. An encrypting wrapper that failed never writes a
 * final segment, so its output can never verify.
 */
final class StreamAdapters {
  private StreamAdapters() {}

  /** Told about every authentication failure found inside a stream (for security events). */
  @FunctionalInterface
  interface FailureListener {
    void failed(WaasSecurityException failure);
  }

  /** A call on the caller's stream or channel that returns a value. */
  @FunctionalInterface
  interface IoCall<T> {
    T run() throws IOException;
  }

  /** A call on the caller's stream or channel without a result. */
  @FunctionalInterface
  interface IoRun {
    void run() throws IOException;
  }

  /** The last failure of the caller's own stream or channel. */
  static final class Failures {
    private @Nullable IOException last;

    synchronized IOException record(IOException e) {
      last = e;
      return e;
    }

    /** Runs one call on the caller's stream or channel, remembering its failure. */
    <T> T call(IoCall<T> call) throws IOException {
      try {
        return call.run();
      } catch (IOException e) {
        throw record(e);
      }
    }

    /** {@link #call} for calls without a result. */
    void run(IoRun run) throws IOException {
      try {
        run.run();
      } catch (IOException e) {
        throw record(e);
      }
    }

    /** Whether {@code e} is, or was caused by, a failure of the caller's stream or channel. */
    synchronized boolean fromCaller(IOException e) {
      IOException l = last;
      if (l == null) {
        return false;
      }
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t == l) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Where plaintext segments end. The seekable wrapper never lets one read cross a boundary (as
   * {@link SegmentReader} does for sequential reads), so a read returns bytes of exactly one
   * authenticated segment or throws: a failure in the next segment never swallows bytes that were
   * already authenticated, and never comes with any.
   */
  static final class Segments {
    private final long firstPlaintext;
    private final long plaintextPerSegment;

    Segments(int segmentSize) {
      this.plaintextPerSegment = segmentSize - KeyRingStreamingEncryptor.TAG_LENGTH;
      this.firstPlaintext = plaintextPerSegment - KeyRingStreamingEncryptor.CIPHERTEXT_OFFSET;
    }

    /** Bytes from plaintext position {@code p} to the end of its segment (all of the next one on a boundary). */
    long untilBoundary(long p) {
      if (p < firstPlaintext) {
        return firstPlaintext - p;
      }
      return plaintextPerSegment - (p - firstPlaintext) % plaintextPerSegment;
    }

    int limit(long p, int wanted) {
      return (int) Math.min(wanted, untilBoundary(p));
    }
  }

  /** Reads into at most {@code limit} bytes of {@code dst}. */
  static int readLimited(ReadableByteChannel ch, ByteBuffer dst, int limit) throws IOException {
    if (limit >= dst.remaining()) {
      return ch.read(dst);
    }
    ByteBuffer view = dst.duplicate();
    view.limit(view.position() + limit);
    int n = ch.read(view);
    dst.position(view.position());
    return n;
  }

  static void requireBlocking(Channel channel) {
    if (channel instanceof SelectableChannel s && !s.isBlocking()) {
      throw new IllegalBlockingModeException();
    }
  }

  static @Nullable GeneralSecurityException securityCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof GeneralSecurityException g) {
        return g;
      }
    }
    return null;
  }

  static WaasSecurityException encryptionFailed(IOException e) {
    GeneralSecurityException cause = securityCause(e);
    return new WaasSecurityException(
        "stream encryption failed: " + (cause == null ? e : cause), cause == null ? e : cause);
  }

  // ------------------------------------------------------------------ the caller's side, tracked

  /** The caller's ciphertext output stream. */
  static final class SinkStream extends OutputStream {
    private final OutputStream out;
    private final Failures failures;

    SinkStream(OutputStream out, Failures failures) {
      this.out = out;
      this.failures = failures;
    }

    @Override
    public void write(int b) throws IOException {
      failures.run(() -> out.write(b));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      failures.run(() -> out.write(b, off, len));
    }

    @Override
    public void flush() throws IOException {
      failures.run(() -> out.flush());
    }

    @Override
    public void close() throws IOException {
      failures.run(() -> out.close());
    }
  }

  /** The caller's ciphertext output channel. */
  static final class SinkChannel implements WritableByteChannel {
    private final WritableByteChannel out;
    private final Failures failures;

    SinkChannel(WritableByteChannel out, Failures failures) {
      this.out = out;
      this.failures = failures;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return failures.call(() -> out.write(src));
    }

    @Override
    public boolean isOpen() {
      return out.isOpen();
    }

    @Override
    public void close() throws IOException {
      failures.run(() -> out.close());
    }
  }

  /** The caller's seekable ciphertext channel, read-only. */
  static final class SourceSeekable implements SeekableByteChannel {
    private final SeekableByteChannel in;
    private final Failures failures;

    SourceSeekable(SeekableByteChannel in, Failures failures) {
      this.in = in;
      this.failures = failures;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return failures.call(() -> in.read(dst));
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
      return failures.call(() -> in.position());
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
      failures.run(() -> in.position(newPosition));
      return this;
    }

    @Override
    public long size() throws IOException {
      return failures.call(() -> in.size());
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
      return in.isOpen();
    }

    @Override
    public void close() throws IOException {
      failures.run(() -> in.close());
    }
  }

  // ------------------------------------------------------------------ what the caller gets

  /** Plaintext into a sequential stream. */
  static final class EncryptingStream extends OutputStream {
    private final OutputStream tink;
    private final OutputStream sink;
    private final Failures failures;
    private final byte[] one = new byte[1];
    private boolean broken;
    private boolean closed;

    EncryptingStream(OutputStream tink, OutputStream sink, Failures failures) {
      this.tink = tink;
      this.sink = sink;
      this.failures = failures;
    }

    @Override
    public synchronized void write(int b) throws IOException {
      one[0] = (byte) b;
      write(one, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (closed) {
        throw new IOException("encrypting stream is closed");
      }
      if (broken) {
        throw new IOException("encrypting stream failed earlier; its output is incomplete and will not decrypt");
      }
      try {
        tink.write(b, off, len);
      } catch (IOException e) {
        throw broken(e);
      }
    }

    /** Flushes the ciphertext written so far; the current segment is written only when full. */
    @Override
    public synchronized void flush() throws IOException {
      if (!closed && !broken) {
        try {
          tink.flush();
        } catch (IOException e) {
          throw broken(e);
        }
      }
    }

    @Override
    public synchronized void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (broken) {
        sink.close(); // never finish a stream that lost data: its output must not verify
        return;
      }
      try {
        tink.close();
      } catch (IOException e) {
        throw broken(e);
      }
    }

    private IOException broken(IOException e) {
      broken = true;
      return failures.fromCaller(e) ? e : new CiphertextStreamException(encryptionFailed(e));
    }
  }

  /** Plaintext into a sequential channel. */
  static final class EncryptingChannel implements WritableByteChannel {
    private final WritableByteChannel tink;
    private final WritableByteChannel sink;
    private final Failures failures;
    private boolean broken;
    private boolean closed;

    EncryptingChannel(WritableByteChannel tink, WritableByteChannel sink, Failures failures) {
      this.tink = tink;
      this.sink = sink;
      this.failures = failures;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
      if (closed) {
        throw new ClosedChannelException();
      }
      if (broken) {
        throw new IOException("encrypting channel failed earlier; its output is incomplete and will not decrypt");
      }
      try {
        // Tink's channel takes less than offered only while the sink is not ready (non-blocking);
        // the sink is blocking, so one call normally takes all, but loop to honour the contract.
        int total = 0;
        while (src.hasRemaining()) {
          int n = tink.write(src);
          if (n == 0) {
            break;
          }
          total += n;
        }
        return total;
      } catch (IOException e) {
        throw broken(e);
      }
    }

    @Override
    public synchronized boolean isOpen() {
      return !closed;
    }

    @Override
    public synchronized void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (broken) {
        sink.close();
        return;
      }
      try {
        tink.close();
      } catch (IOException e) {
        throw broken(e);
      }
    }

    private IOException broken(IOException e) {
      broken = true;
      return failures.fromCaller(e) ? e : new CiphertextStreamException(encryptionFailed(e));
    }
  }

  /**
   * Random-access plaintext. Unlike the sequential wrappers it stays usable after a failed
   * segment: every segment is authenticated on its own, and every read that touches the bad one
   * fails again.
   */
  static final class SeekableDecryptingChannel implements SeekableByteChannel {
    private final SeekableByteChannel tink;
    private final Failures failures;
    private final FailureListener listener;
    private final Segments segments;
    private boolean closed;

    SeekableDecryptingChannel(
        SeekableByteChannel tink, Failures failures, FailureListener listener, Segments segments) {
      this.tink = tink;
      this.failures = failures;
      this.listener = listener;
      this.segments = segments;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
      checkOpen();
      long at = tink.position();
      try {
        return readLimited(tink, dst, segments.limit(at, dst.remaining()));
      } catch (IOException e) {
        if (failures.fromCaller(e)) {
          throw e;
        }
        GeneralSecurityException cause = securityCause(e);
        DecryptionFailedException typed =
            new DecryptionFailedException(
                "stream segment at plaintext position " + at + " failed authentication: the ciphertext"
                    + " was modified, truncated or extended, or the encryption context differs",
                cause == null ? e : cause);
        listener.failed(typed);
        throw new CiphertextStreamException(typed);
      }
    }

    @Override
    public int write(ByteBuffer src) {
      throw new NonWritableChannelException();
    }

    @Override
    public synchronized long position() throws IOException {
      checkOpen();
      return tink.position();
    }

    @Override
    public synchronized SeekableByteChannel position(long newPosition) throws IOException {
      checkOpen();
      if (newPosition < 0) {
        throw new IllegalArgumentException("negative position " + newPosition);
      }
      tink.position(newPosition);
      return this;
    }

    /** The plaintext size implied by the ciphertext's length; verified once the last segment was read. */
    @Override
    public synchronized long size() throws IOException {
      checkOpen();
      return tink.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
      throw new NonWritableChannelException();
    }

    @Override
    public synchronized boolean isOpen() {
      return !closed;
    }

    @Override
    public synchronized void close() throws IOException {
      if (!closed) {
        closed = true;
        tink.close();
      }
    }

    private void checkOpen() throws ClosedChannelException {
      if (closed) {
        throw new ClosedChannelException();
      }
    }
  }
}
