package io.waas.crypto.internal;

import io.waas.core.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Big-endian readers and writers for the SDK's binary formats, with bounds checks. */
public final class ByteIO {
  private ByteIO() {}

  /** A growable output buffer whose backing array can be wiped. */
  public static final class Writer extends ByteArrayOutputStream {
    /**
     * Creates a writer.
     *
     * @param size initial capacity
     */
    public Writer(int size) {
      super(size);
    }

    /** Appends an unsigned byte. */
    public Writer u8(int v) {
      write(v);
      return this;
    }

    /** Appends a big-endian 16-bit value. */
    public Writer u16(int v) {
      write(v >>> 8);
      write(v);
      return this;
    }

    /** Appends a big-endian 32-bit value. */
    public Writer u32(long v) {
      write((int) (v >>> 24));
      write((int) (v >>> 16));
      write((int) (v >>> 8));
      write((int) v);
      return this;
    }

    /** Appends a big-endian 64-bit value. */
    public Writer i64(long v) {
      u32(v >>> 32);
      u32(v & 0xffffffffL);
      return this;
    }

    /** Appends raw bytes. */
    public Writer bytes(byte[] b) {
      write(b, 0, b.length);
      return this;
    }

    /** Appends a 16-bit length then the UTF-8 bytes of {@code s}. */
    public Writer string16(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      u16(b.length);
      return bytes(b);
    }

    /** Overwrites the internal buffer with zeros. */
    public void wipe() {
      java.util.Arrays.fill(buf, (byte) 0);
      count = 0;
    }
  }

  /** A bounds-checked reader that throws {@link MalformedDataException} on overrun. */
  public static final class Reader {
    private final byte[] data;
    private final String what;
    private int pos;

    /**
     * Creates a reader.
     *
     * @param data the input
     * @param what the name of the format, for error messages
     */
    public Reader(byte[] data, String what) {
      this.data = data;
      this.what = what;
    }

    private void need(int n) throws MalformedDataException {
      if (n < 0 || data.length - pos < n) {
        throw new MalformedDataException(
            what + " is truncated: needed " + n + " more bytes at offset " + pos + " of " + data.length);
      }
    }

    /** Reads an unsigned byte. */
    public int u8() throws MalformedDataException {
      need(1);
      return data[pos++] & 0xff;
    }

    /** Reads a big-endian unsigned 16-bit value. */
    public int u16() throws MalformedDataException {
      need(2);
      int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
      pos += 2;
      return v;
    }

    /** Reads a big-endian unsigned 32-bit value. */
    public long u32() throws MalformedDataException {
      need(4);
      long v =
          ((long) (data[pos] & 0xff) << 24)
              | ((data[pos + 1] & 0xff) << 16)
              | ((data[pos + 2] & 0xff) << 8)
              | (data[pos + 3] & 0xff);
      pos += 4;
      return v;
    }

    /** Reads a big-endian 64-bit value. */
    public long i64() throws MalformedDataException {
      long hi = u32();
      return (hi << 32) | u32();
    }

    /** Reads {@code n} raw bytes. */
    public byte[] bytes(int n) throws MalformedDataException {
      need(n);
      byte[] b = java.util.Arrays.copyOfRange(data, pos, pos + n);
      pos += n;
      return b;
    }

    /** Reads a 16-bit length then that many bytes of strict UTF-8. */
    public String string16() throws MalformedDataException {
      byte[] b = bytes(u16());
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .decode(java.nio.ByteBuffer.wrap(b))
            .toString();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new MalformedDataException(what + " has a string that is not valid UTF-8", e);
      }
    }

    /** Returns the read position. */
    public int position() {
      return pos;
    }

    /** Throws unless every byte was consumed. */
    public void expectEnd() throws MalformedDataException {
      if (pos != data.length) {
        throw new MalformedDataException(
            what + " has " + (data.length - pos) + " unexpected trailing bytes");
      }
    }
  }
}
