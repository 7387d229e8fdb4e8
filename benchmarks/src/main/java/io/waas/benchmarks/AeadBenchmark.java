package io.waas.benchmarks;

import io.waas.crypto.CiphertextHeader;
import io.waas.crypto.DataEncryptor;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyRing;
import io.waas.crypto.internal.AeadEngine;
import io.waas.crypto.internal.ContextCodec;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the SDK's AES-256-GCM message encryption ({@link DataEncryptor#encrypt} and
 * {@link DataEncryptor#decrypt}) beside the bare JCE doing the same cryptographic work.
 *
 * <h2>What is compared</h2>
 *
 * <ul>
 *   <li>{@link #encrypt}: the full SDK path through a {@link KeyRing} with a cached data key:
 *       key-scope cache lookup and usage accounting, a 12-byte random nonce from Tink's
 *       thread-local {@code SecureRandom}, associated data = 40-byte header prefix (magic, version,
 *       algorithm, key id, key commitment) + canonical encryption-context encoding, AES-256-GCM
 *       on Tink's per-thread JCE {@code Cipher} (associated data in two {@code updateAAD} calls), and
 *       the output header || nonce || ciphertext || tag in one array.
 *   <li>{@link #rawEncrypt}: bare JCE {@code AES/GCM/NoPadding} with a 256-bit key, a per-thread
 *       cached {@code Cipher} and {@code SecureRandom}, a fresh 12-byte IV per call, the same
 *       plaintext, associated data of exactly the SDK's length, output IV || ciphertext || tag in
 *       one array.
 *   <li>{@link #decrypt}: the full SDK path: header parsing, key lookup, constant-time key
 *       commitment check, rebuilding the associated data, AES-256-GCM decryption and tag check.
 *   <li>{@link #rawDecrypt}: bare JCE decryption of an IV || ciphertext || tag of the same
 *       plaintext length, with associated data of the same length.
 * </ul>
 *
 * <h2>Why the baseline is fair</h2>
 *
 * <p>Both sides run the same provider (the JDK's SunJCE, with the same AES-NI/CLMUL intrinsics),
 * the same key size, the same amount of CTR and GHASH work (same plaintext, same AAD length), the
 * same randomness source per message (a thread-local default {@code SecureRandom}, which is what
 * Tink's {@code Random.randBytes} uses when Conscrypt is absent), and both re-initialise a cached
 * {@code Cipher} per message as GCM requires. The baseline only leaves out what is the SDK's own
 * work: key-ring lookup, key commitment, header, context encoding. The ratio SDK/raw therefore
 * measures the SDK's overhead, not the speed of AES on this machine.
 *
 * <p>The baseline's associated-data length is computed with the SDK's own (internal) header
 * constant and context codec, so it stays equal to the SDK's if the format changes. Each fork
 * also pre-warms both sides identically in setup ({@code prewarmJit}), so neither side is
 * measured before the JIT has compiled the JDK's GCM code.
 *
 * <p>The SDK's data key is cached for the whole run (default {@code DataKeyCachePolicy}: it is
 * re-read from the store after 2<sup>24</sup> messages or 5 minutes, which a 64-byte run may hit
 * once; that cost is part of the SDK and stays in the numbers).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Benchmark)
public class AeadBenchmark {
  /** GCM nonce (IV) length, as the SDK uses. */
  static final int IV_LENGTH = 12;

  /** GCM tag length in bits. */
  static final int TAG_BITS = 128;

  /** Rounds of {@link #prewarmJit}. */
  static final int PREWARM_ROUNDS = 10_000;

  static final String TENANT = "tenant-1";
  static final String PURPOSE = "bench";
  static final String RECORD_ID = "record-1";

  /** Plaintext length in bytes. */
  @Param({"64", "1024", "16384", "1048576"})
  public int size;

  private @Nullable TemporaryKeyRing keys;

  // The fields below are set in setup() before any benchmark method runs.
  @SuppressWarnings("NullAway.Init")
  private DataEncryptor encryptor;

  @SuppressWarnings("NullAway.Init")
  private EncryptionContext context;

  @SuppressWarnings("NullAway.Init")
  private byte[] plaintext;

  @SuppressWarnings("NullAway.Init")
  private byte[] sdkCiphertext;

  @SuppressWarnings("NullAway.Init")
  private SecretKeySpec rawKey;

  @SuppressWarnings("NullAway.Init")
  private byte[] rawAad;

  @SuppressWarnings("NullAway.Init")
  private byte[] rawCiphertext;

  /** Per-thread JCE objects for the raw baseline, as Tink keeps them per thread for the SDK. */
  @State(Scope.Thread)
  public static class RawThreadState {
    @SuppressWarnings("NullAway.Init")
    Cipher cipher;

    @SuppressWarnings("NullAway.Init")
    SecureRandom random;

    /**
     * Creates the thread's cipher and random source.
     *
     * @throws GeneralSecurityException if the JDK lacks AES/GCM
     */
    @Setup(Level.Trial)
    public void setup() throws GeneralSecurityException {
      cipher = Cipher.getInstance("AES/GCM/NoPadding");
      random = new SecureRandom();
      random.nextLong(); // seed it now, as Tink does, not in the first measured call
    }
  }

  /**
   * Opens a key ring on a fresh temporary directory, creates the tenant's data key, and prepares
   * the inputs of both sides.
   *
   * @throws GeneralSecurityException if the SDK or the JCE fails
   * @throws IOException if the temporary directory cannot be created
   */
  @Setup(Level.Trial)
  public void setup() throws GeneralSecurityException, IOException {
    SecureRandom random = new SecureRandom();
    plaintext = new byte[size];
    random.nextBytes(plaintext);

    TemporaryKeyRing temporary = TemporaryKeyRing.open("waas-bench-");
    keys = temporary;
    KeyRing ring = temporary.ring();
    encryptor = ring.encryptor();
    context = EncryptionContext.of(TENANT, PURPOSE, RECORD_ID);
    sdkCiphertext = encryptor.encrypt(plaintext, context); // also creates the tenant's first key
    check(Arrays.equals(encryptor.decrypt(sdkCiphertext, context), plaintext), "SDK round trip");
    int overhead = CiphertextHeader.overhead(CiphertextHeader.parse(sdkCiphertext).algorithm());
    check(sdkCiphertext.length == size + overhead, "SDK ciphertext length");

    byte[] key = new byte[32];
    random.nextBytes(key);
    rawKey = new SecretKeySpec(key, "AES");
    Arrays.fill(key, (byte) 0);
    rawAad = new byte[sdkAssociatedDataLength()];
    random.nextBytes(rawAad);
    RawThreadState local = new RawThreadState();
    local.setup();
    rawCiphertext = rawEncrypt(local);
    check(Arrays.equals(rawDecrypt(local), plaintext), "raw round trip");
    check(rawCiphertext.length == IV_LENGTH + size + TAG_BITS / 8, "raw ciphertext length");
    prewarmJit(local, random);
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
   * SDK encryption of {@code size} bytes.
   *
   * @return the ciphertext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] encrypt() throws GeneralSecurityException {
    return encryptor.encrypt(plaintext, context);
  }

  /**
   * Bare JCE AES-256-GCM encryption of {@code size} bytes with a fresh random IV and AAD of the
   * SDK's length; output IV || ciphertext || tag.
   *
   * @param t the thread's cipher and random source
   * @return the ciphertext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] rawEncrypt(RawThreadState t) throws GeneralSecurityException {
    return rawEncrypt(t, rawKey, rawAad, plaintext);
  }

  /**
   * SDK decryption (with authentication) of a ciphertext of {@code size} plaintext bytes.
   *
   * @return the plaintext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] decrypt() throws GeneralSecurityException {
    return encryptor.decrypt(sdkCiphertext, context);
  }

  /**
   * Bare JCE AES-256-GCM decryption (with authentication) of IV || ciphertext || tag of {@code
   * size} plaintext bytes and AAD of the SDK's length.
   *
   * @param t the thread's cipher
   * @return the plaintext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] rawDecrypt(RawThreadState t) throws GeneralSecurityException {
    return rawDecrypt(t, rawKey, rawAad, rawCiphertext);
  }

  static byte[] rawEncrypt(RawThreadState t, SecretKeySpec key, byte[] aad, byte[] plaintext)
      throws GeneralSecurityException {
    byte[] iv = new byte[IV_LENGTH];
    t.random.nextBytes(iv);
    Cipher c = t.cipher;
    c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
    c.updateAAD(aad);
    byte[] out = new byte[IV_LENGTH + c.getOutputSize(plaintext.length)];
    System.arraycopy(iv, 0, out, 0, IV_LENGTH);
    c.doFinal(plaintext, 0, plaintext.length, out, IV_LENGTH);
    return out;
  }

  static byte[] rawDecrypt(RawThreadState t, SecretKeySpec key, byte[] aad, byte[] ciphertext)
      throws GeneralSecurityException {
    Cipher c = t.cipher;
    c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, ciphertext, 0, IV_LENGTH));
    c.updateAAD(aad);
    return c.doFinal(ciphertext, IV_LENGTH, ciphertext.length - IV_LENGTH);
  }

  /**
   * Runs the SDK and the raw path alike on 64 B, 1 KiB and 16 KiB ({@link #PREWARM_ROUNDS} times)
   * and on 96 KiB (every tenth round), so that the JDK's AES-GCM code is C2-compiled with its
   * intrinsics, for both its small-input path and the path it takes above 64 KiB (where SunJCE
   * splits the input to feed its intrinsics), before JMH's own warmup starts.
   *
   * <p>Without this, a 1 MiB run makes too few calls for the JIT to compile the GCM code within a
   * few seconds, and the result depends on when that happens in each fork: a 50x spread between
   * iterations was observed. Every fork gets the same pre-warm whichever method it measures, so
   * both sides start from the same JIT history.
   */
  private void prewarmJit(RawThreadState t, SecureRandom random) throws GeneralSecurityException {
    byte[][] inputs = {new byte[64], new byte[1024], new byte[16384], new byte[96 * 1024]};
    for (byte[] in : inputs) {
      random.nextBytes(in);
    }
    long sink = 0;
    long expected = 0;
    for (int round = 0; round < PREWARM_ROUNDS; round++) {
      int n = round % 10 == 0 ? inputs.length : inputs.length - 1;
      for (int i = 0; i < n; i++) {
        byte[] in = inputs[i];
        sink += encryptor.decrypt(encryptor.encrypt(in, context), context).length;
        sink += rawDecrypt(t, rawKey, rawAad, rawEncrypt(t, rawKey, rawAad, in)).length;
        expected += 2L * in.length;
      }
    }
    check(sink == expected, "pre-warm round trips");
  }

  /**
   * The SDK's associated-data length for the benchmark context: its 40-byte header prefix plus the
   * canonical encoding of the context (77 bytes here). Taken from the SDK's own internal constants
   * and codec so that the baseline follows any change of the format.
   */
  static int sdkAssociatedDataLength() {
    return AeadEngine.PREFIX_LENGTH + ContextCodec.encode(TENANT, null, PURPOSE, RECORD_ID, Map.of()).length;
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark setup check failed: " + what);
    }
  }
}
