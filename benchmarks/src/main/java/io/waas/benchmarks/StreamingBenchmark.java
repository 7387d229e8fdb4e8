package io.waas.benchmarks;

import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyRing;
import io.waas.crypto.StreamHeader;
import io.waas.crypto.StreamingEncryptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the SDK's streaming encryption ({@link StreamingEncryptor}) of a 64 MiB stream
 * beside the bare JCE doing AES-256-GCM over the same data in 1 MiB chunks.
 *
 * <h2>What is compared</h2>
 *
 * <ul>
 *   <li>{@link #encrypt}: the whole SDK path through a {@link KeyRing} with a cached data key: key
 *       lookup, the stream sub-key (cached per data key), the 41-byte SDK header, Tink's per-stream
 *       HKDF key derivation from a fresh 32-byte salt, and AES-256-GCM per 1 MiB segment (Tink's
 *       {@code AesGcmHkdfStreaming}: plaintext buffered per segment, one {@code Cipher.init} and
 *       {@code doFinal} per segment), written in 1 MiB {@code write} calls to an {@code
 *       OutputStream} that counts and discards.
 *   <li>{@link #rawEncrypt}: bare JCE {@code AES/GCM/NoPadding} with a 256-bit key, a per-thread
 *       cached {@code Cipher} and {@code SecureRandom}, a fresh random 12-byte IV per 1 MiB chunk,
 *       each chunk's IV || ciphertext || tag written into one reused buffer and handed to the same
 *       kind of counting sink.
 *   <li>{@link #decrypt}: the whole SDK path: header parsing, key lookup, constant-time commitment
 *       check, per-stream key derivation, then every segment read from a {@code
 *       ByteArrayInputStream}, authenticated and decrypted, and read out in 1 MiB {@code read}
 *       calls until end of stream (which verifies the last segment).
 *   <li>{@link #rawDecrypt}: bare JCE decryption and tag check of the same number of 1 MiB chunks
 *       (IV || ciphertext || tag each) into one reused buffer.
 * </ul>
 *
 * <h2>Why the baseline is fair</h2>
 *
 * <p>Same provider (SunJCE with its AES and GHASH intrinsics), same key size, same plaintext, the
 * same number of GCM operations of about the same size (the SDK's segments hold 1 MiB - 16 bytes of
 * plaintext, so it runs 65 GCM operations to the baseline's 64), no associated data in either GCM
 * call (Tink binds the associated data into the per-stream key instead), and both sides write to the
 * same kind of sink and reuse their buffers. The baseline leaves out only the SDK's own work: key
 * ring, header, key derivation, segment framing and the copies through the stream interfaces (the
 * SDK reads its ciphertext from an {@code InputStream}, one copy the baseline, reading the array
 * in place, does not make). Each fork pre-warms both sides identically in setup ({@code
 * prewarmJit}) so neither is measured before the JIT compiled the GCM code.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Benchmark)
public class StreamingBenchmark {
  /** Stream length: 64 MiB. */
  static final int SIZE = 64 << 20;

  /** Chunk length of the baseline, and of the SDK's writes and reads: 1 MiB. */
  static final int CHUNK = 1 << 20;

  static final int IV_LENGTH = 12;
  static final int TAG_BITS = 128;
  /** Rounds of {@link #prewarmJit} with small and medium inputs. */
  static final int PREWARM_ROUNDS = 3000;

  private @Nullable TemporaryKeyRing keys;

  @SuppressWarnings("NullAway.Init")
  private StreamingEncryptor streaming;

  @SuppressWarnings("NullAway.Init")
  private EncryptionContext context;

  @SuppressWarnings("NullAway.Init")
  private byte[] plaintext;

  @SuppressWarnings("NullAway.Init")
  private byte[] sdkCiphertext;

  @SuppressWarnings("NullAway.Init")
  private SecretKeySpec rawKey;

  @SuppressWarnings("NullAway.Init")
  private byte[] rawCiphertext;

  /** Per-thread buffers and JCE objects, as Tink keeps its buffers per stream. */
  @State(Scope.Thread)
  public static class ThreadState {
    @SuppressWarnings("NullAway.Init")
    Cipher cipher;

    @SuppressWarnings("NullAway.Init")
    SecureRandom random;

    /** Reused output of one raw chunk: IV || ciphertext || tag. */
    byte[] rawOut = new byte[IV_LENGTH + CHUNK + TAG_BITS / 8];

    /** Reused plaintext buffer for reading (SDK) and decrypting (raw). */
    byte[] buffer = new byte[CHUNK];

    /**
     * Creates the thread's cipher and random source.
     *
     * @throws GeneralSecurityException if the JDK lacks AES/GCM
     */
    @Setup(Level.Trial)
    public void setup() throws GeneralSecurityException {
      cipher = Cipher.getInstance("AES/GCM/NoPadding");
      random = new SecureRandom();
      random.nextLong();
    }
  }

  /** An output stream that counts what it is given and keeps nothing. */
  static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /**
   * Opens a key ring on a fresh temporary directory and prepares both sides' ciphertexts.
   *
   * @throws GeneralSecurityException if the SDK or the JCE fails
   * @throws IOException if the temporary directory cannot be created
   */
  @Setup(Level.Trial)
  public void setup() throws GeneralSecurityException, IOException {
    SecureRandom random = new SecureRandom();
    plaintext = new byte[SIZE];
    random.nextBytes(plaintext);
    TemporaryKeyRing temporary = TemporaryKeyRing.open("waas-bench-stream-");
    keys = temporary;
    KeyRing ring = temporary.ring();
    streaming = ring.streamingEncryptor();
    context = EncryptionContext.of("tenant-1", "bench.stream", "record-1");
    ByteArrayOutputStream out = new ByteArrayOutputStream(SIZE + (1 << 16));
    try (OutputStream enc = streaming.newEncryptingStream(out, context)) {
      enc.write(plaintext);
    }
    sdkCiphertext = out.toByteArray();
    check(StreamHeader.parse(sdkCiphertext).segmentSize() == CHUNK, "1 MiB segments");
    ThreadState local = new ThreadState();
    local.setup();
    check(decrypt(local) == SIZE, "SDK round trip");

    byte[] key = new byte[32];
    random.nextBytes(key);
    rawKey = new SecretKeySpec(key, "AES");
    Arrays.fill(key, (byte) 0);
    rawCiphertext = new byte[(SIZE / CHUNK) * local.rawOut.length];
    for (int i = 0; i < SIZE / CHUNK; i++) {
      rawSeal(local, i * CHUNK);
      System.arraycopy(local.rawOut, 0, rawCiphertext, i * local.rawOut.length, local.rawOut.length);
    }
    check(rawDecrypt(local) == SIZE, "raw round trip");
    prewarmJit(local);
  }

  /**
   * Runs both sides alike on 4 KiB streams or chunks ({@link #PREWARM_ROUNDS} times, 96 KiB every
   * tenth round), then twice on the full 64 MiB, so that the JDK's AES-GCM code, on its small-input
   * path and the path it takes above 64 KiB, and the SDK's and Tink's segment code are C2-compiled
   * before JMH's warmup starts. A 64 MiB operation makes only 64 GCM calls: without this, a short
   * run measures the JIT, not the code (as {@code AeadBenchmark} found for 1 MiB messages).
   */
  private void prewarmJit(ThreadState t) throws GeneralSecurityException, IOException {
    byte[] small = Arrays.copyOf(plaintext, 4096);
    byte[] medium = Arrays.copyOf(plaintext, 96 * 1024);
    long sink = 0;
    long expected = 0;
    for (int round = 0; round < PREWARM_ROUNDS; round++) {
      byte[] in = round % 10 == 0 ? medium : small;
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 256);
      try (OutputStream enc = streaming.newEncryptingStream(out, context)) {
        enc.write(in);
      }
      try (InputStream dec = streaming.newDecryptingStream(new ByteArrayInputStream(out.toByteArray()), context)) {
        for (int n = dec.read(t.buffer); n >= 0; n = dec.read(t.buffer)) {
          sink += n;
        }
      }
      byte[] iv = new byte[IV_LENGTH];
      t.random.nextBytes(iv);
      t.cipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(TAG_BITS, iv));
      byte[] sealed = t.cipher.doFinal(in);
      t.cipher.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(TAG_BITS, iv));
      sink += t.cipher.doFinal(sealed, 0, sealed.length, t.buffer, 0);
      expected += 2L * in.length;
    }
    check(sink == expected, "pre-warm round trips");
    for (int i = 0; i < 2; i++) {
      check(encrypt() > SIZE && rawEncrypt(t) > SIZE, "pre-warm encryption");
      check(decrypt(t) == SIZE && rawDecrypt(t) == SIZE, "pre-warm decryption");
    }
  }

  /**
   * Closes the key ring and deletes its directory.
   *
   * @throws IOException if the directory cannot be deleted
   */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    TemporaryKeyRing temporary = keys;
    if (temporary != null) {
      temporary.close();
      keys = null;
    }
  }

  /**
   * SDK streaming encryption of 64 MiB in 1 MiB writes.
   *
   * @return ciphertext bytes produced
   * @throws GeneralSecurityException never in practice
   * @throws IOException never in practice
   */
  @Benchmark
  public long encrypt() throws GeneralSecurityException, IOException {
    CountingSink sink = new CountingSink();
    try (OutputStream out = streaming.newEncryptingStream(sink, context)) {
      for (int off = 0; off < SIZE; off += CHUNK) {
        out.write(plaintext, off, CHUNK);
      }
    }
    return sink.count;
  }

  /**
   * Bare JCE AES-256-GCM over the same 64 MiB in 1 MiB chunks, a fresh random IV per chunk.
   *
   * @param t the thread's cipher, random source and buffer
   * @return ciphertext bytes produced
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public long rawEncrypt(ThreadState t) throws GeneralSecurityException {
    CountingSink sink = new CountingSink();
    for (int off = 0; off < SIZE; off += CHUNK) {
      rawSeal(t, off);
      sink.write(t.rawOut, 0, t.rawOut.length);
    }
    return sink.count;
  }

  /**
   * SDK streaming decryption of the 64 MiB stream, read in 1 MiB reads to the end.
   *
   * @param t the thread's read buffer
   * @return plaintext bytes read
   * @throws GeneralSecurityException never in practice
   * @throws IOException never in practice
   */
  @Benchmark
  public long decrypt(ThreadState t) throws GeneralSecurityException, IOException {
    long total = 0;
    try (InputStream in = streaming.newDecryptingStream(new ByteArrayInputStream(sdkCiphertext), context)) {
      for (int n = in.read(t.buffer); n >= 0; n = in.read(t.buffer)) {
        total += n;
      }
    }
    return total;
  }

  /**
   * Bare JCE AES-256-GCM decryption and tag check of 64 chunks of 1 MiB.
   *
   * @param t the thread's cipher and buffer
   * @return plaintext bytes produced
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public long rawDecrypt(ThreadState t) throws GeneralSecurityException {
    long total = 0;
    int chunk = IV_LENGTH + CHUNK + TAG_BITS / 8;
    for (int off = 0; off < rawCiphertext.length; off += chunk) {
      Cipher c = t.cipher;
      c.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(TAG_BITS, rawCiphertext, off, IV_LENGTH));
      total += c.doFinal(rawCiphertext, off + IV_LENGTH, chunk - IV_LENGTH, t.buffer, 0);
    }
    return total;
  }

  private void rawSeal(ThreadState t, int plaintextOffset) throws GeneralSecurityException {
    byte[] out = t.rawOut;
    byte[] iv = new byte[IV_LENGTH];
    t.random.nextBytes(iv);
    System.arraycopy(iv, 0, out, 0, IV_LENGTH);
    Cipher c = t.cipher;
    c.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(TAG_BITS, iv));
    c.doFinal(plaintext, plaintextOffset, CHUNK, out, IV_LENGTH);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark setup check failed: " + what);
    }
  }
}
