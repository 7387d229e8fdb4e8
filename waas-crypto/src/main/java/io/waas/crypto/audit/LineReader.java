package io.waas.crypto.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Splits a file into lines at {@code '\n'} with bounded memory: a line longer than the limit is
 * skipped (reported with its length, not its bytes). The last line may lack its line feed: a torn
 * write, reported as not {@linkplain Line#terminated terminated}.
 */
final class LineReader implements Closeable {
  /** One line: its bytes (empty if too long), 1-based number, byte offset and length. */
  static final class Line {
    final byte[] bytes;
    final long number;
    final long offset;
    final long length;
    final boolean terminated;
    final boolean tooLong;

    Line(byte[] bytes, long number, long offset, long length, boolean terminated, boolean tooLong) {
      this.bytes = bytes;
      this.number = number;
      this.offset = offset;
      this.length = length;
      this.terminated = terminated;
      this.tooLong = tooLong;
    }
  }

  private final InputStream in;
  private final int maxLine;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int end;
  private long consumed; // bytes before buf[0]
  private long number;
  private boolean eof;

  LineReader(InputStream in, int maxLine) {
    this.in = in;
    this.maxLine = maxLine;
  }

  /** Returns the next line, or null at the end of the input. */
  @Nullable Line next() throws IOException {
    long offset = consumed + pos;
    byte[] line = new byte[128];
    int n = 0;
    long length = 0;
    boolean tooLong = false;
    while (true) {
      if (pos == end) {
        if (!fill()) {
          if (length == 0) {
            return null;
          }
          number++;
          return new Line(tooLong ? new byte[0] : Arrays.copyOf(line, n), number, offset, length, false, tooLong);
        }
      }
      int start = pos;
      while (pos < end && buf[pos] != '\n') {
        pos++;
      }
      int chunk = pos - start;
      length += chunk;
      if (!tooLong) {
        if (length > maxLine) {
          tooLong = true;
          line = new byte[0];
          n = 0;
        } else {
          if (n + chunk > line.length) {
            line = Arrays.copyOf(line, Math.max(n + chunk, line.length * 2));
          }
          System.arraycopy(buf, start, line, n, chunk);
          n += chunk;
        }
      }
      if (pos < end) { // at '\n'
        pos++;
        number++;
        return new Line(tooLong ? new byte[0] : Arrays.copyOf(line, n), number, offset, length, true, tooLong);
      }
    }
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    consumed += end;
    pos = 0;
    end = 0;
    int r = in.read(buf, 0, buf.length);
    if (r <= 0) {
      eof = true;
      return false;
    }
    end = r;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
