package io.waas.crypto;

import io.waas.core.SecretBytes;
import io.waas.core.SecurityEventListener;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child process of {@link StreamingHeapBoundTest}: streams {@code bytes} of pseudo-random data
 * through encryption and decryption in a JVM with a small heap, and prints what it saw.
 *
 * <p>One thread generates the data, hashes it and writes it to an encrypting stream whose
 * ciphertext goes into an OS pipe (counted on the way); the main thread reads the pipe through a
 * decrypting stream and hashes what comes out. Nothing is ever held whole: if the SDK buffered the
 * stream, a 2 GiB run could not fit in the child's heap.
 *
 * <p>Arguments: key store directory, number of plaintext bytes. Output: {@code key=value} lines;
 * exit code 0 only if the decrypted data matches.
 */
public final class StreamingHeapChild {
  private StreamingHeapChild() {}

  /** Counts what passes through. */
  static final class CountingOutputStream extends FilterOutputStream {
    private final AtomicLong count;

    CountingOutputStream(OutputStream out, AtomicLong count) {
      super(out);
      this.count = count;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count.addAndGet(len);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count.incrementAndGet();
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long total = Long.parseLong(args[1]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (KeyRing ring =
        KeyRing.builder()
            .directory(dir)
            .masterKey(MasterKeySource.keyMaterial(SecretBytes.random(32)))
            .eventListener(SecurityEventListener.none())
            .build()) {
      StreamingEncryptor streaming = ring.streamingEncryptor();
      EncryptionContext ctx = EncryptionContext.of("heap-test", "dataset.shard", "2gib");
      Pipe pipe = Pipe.open();
      MessageDigest plainDigest = MessageDigest.getInstance("SHA-256");
      AtomicLong ciphertextBytes = new AtomicLong();
      AtomicReference<Throwable> writerFailure = new AtomicReference<>();
      Thread writer =
          new Thread(
              () -> {
                OutputStream sink = new CountingOutputStream(Channels.newOutputStream(pipe.sink()), ciphertextBytes);
                try (OutputStream enc = streaming.newEncryptingStream(sink, ctx)) {
                  byte[] chunk = new byte[256 * 1024];
                  ByteBuffer view = ByteBuffer.wrap(chunk);
                  long x = 0x9E3779B97F4A7C15L;
                  for (long left = total; left > 0; ) {
                    view.clear();
                    while (view.hasRemaining()) {
                      x ^= x << 13; // xorshift64: fast, seeded, reproducible
                      x ^= x >>> 7;
                      x ^= x << 17;
                      view.putLong(x);
                    }
                    int n = (int) Math.min(chunk.length, left);
                    plainDigest.update(chunk, 0, n);
                    enc.write(chunk, 0, n);
                    left -= n;
                  }
                } catch (Throwable t) {
                  writerFailure.set(t);
                }
              },
              "encrypt");
      writer.start();

      MessageDigest decryptedDigest = MessageDigest.getInstance("SHA-256");
      long decrypted = 0;
      try (InputStream dec = streaming.newDecryptingStream(Channels.newInputStream(pipe.source()), ctx)) {
        byte[] buf = new byte[256 * 1024];
        for (int n = dec.read(buf); n >= 0; n = dec.read(buf)) {
          decryptedDigest.update(buf, 0, n);
          decrypted += n;
        }
      }
      writer.join();
      Throwable failure = writerFailure.get();
      if (failure != null) {
        failure.printStackTrace();
        System.exit(2);
      }
      String plainHex = HexFormat.of().formatHex(plainDigest.digest());
      String decryptedHex = HexFormat.of().formatHex(decryptedDigest.digest());
      out.println("plaintext-bytes=" + total);
      out.println("ciphertext-bytes=" + ciphertextBytes.get());
      out.println("decrypted-bytes=" + decrypted);
      out.println("plaintext-sha256=" + plainHex);
      out.println("decrypted-sha256=" + decryptedHex);
      out.println("max-heap-bytes=" + Runtime.getRuntime().maxMemory());
      System.exit(plainHex.equals(decryptedHex) && decrypted == total ? 0 : 1);
    }
  }
}
