package io.waas.benchmarks;

import com.google.crypto.tink.subtle.AesSiv;
import io.waas.crypto.BlindIndex;
import io.waas.crypto.BlindIndexParameters;
import io.waas.crypto.DeterministicEncryptor;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.internal.ContextCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
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
 * Throughput of searchable encryption on a short value (a 23-character e-mail address): the
 * blind index ({@link BlindIndex#compute}) beside bare JCE HMAC-SHA256, and deterministic
 * encryption ({@link DeterministicEncryptor}) beside bare Tink AES-SIV.
 *
 * <h2>What is compared</h2>
 *
 * <ul>
 *   <li>{@link #compute}: the whole SDK path with {@link BlindIndexParameters#defaults()} (128 bits,
 *       exact match): NFC check of the string, UTF-8 encoding, key-ring cache lookup and usage
 *       accounting, the cached derived HMAC key, HMAC-SHA256 from precomputed key-block states,
 *       truncation, a 21-byte token (version, key id, MAC) encoded as 28 base64url characters.
 *   <li>{@link #rawCompute}: bare JCE {@code Mac HmacSHA256}, initialized once per thread, on the
 *       same string: UTF-8 encoding and {@code doFinal}, returning the 32-byte MAC.
 *   <li>{@link #deterministicEncrypt} / {@link #deterministicDecrypt}: the SDK path: context
 *       checks, key lookup, the cached AES-SIV sub-key, the 7-byte header, the AES-SIV call with
 *       header and context as two associated-data components, output assembly (decryption: header
 *       parsing, key status check, body copy).
 *   <li>{@link #rawDeterministicEncrypt} / {@link #rawDeterministicDecrypt}: Tink's {@code AesSiv}
 *       with a 64-byte key on the same plaintext and the same two associated-data components
 *       (random bytes of the SDK's lengths).
 * </ul>
 *
 * <p>The baselines leave out only the SDK's own work (key ring, normalization, token format, header
 * and context binding), so the ratio SDK/raw is the SDK's overhead. Note the raw HMAC re-hashes the
 * two key blocks per call (as every reused JCE {@code Mac} does), which the SDK avoids.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Benchmark)
public class BlindIndexBenchmark {
  static final String TENANT = "tenant-1";
  static final String FIELD = "customer.email";
  static final String VALUE = "alice.smith@example.com";

  private @Nullable TemporaryKeyRing keys;

  // The fields below are set in setup() before any benchmark method runs.
  @SuppressWarnings("NullAway.Init")
  private BlindIndex index;

  @SuppressWarnings("NullAway.Init")
  private DeterministicEncryptor deterministic;

  @SuppressWarnings("NullAway.Init")
  private EncryptionContext column;

  @SuppressWarnings("NullAway.Init")
  private byte[] plaintext;

  @SuppressWarnings("NullAway.Init")
  private byte[] sdkCiphertext;

  @SuppressWarnings("NullAway.Init")
  private AesSiv rawSiv;

  @SuppressWarnings("NullAway.Init")
  private byte[] rawHeader;

  @SuppressWarnings("NullAway.Init")
  private byte[] rawContext;

  @SuppressWarnings("NullAway.Init")
  private byte[] rawCiphertext;

  /** The raw HMAC baseline's per-thread {@link Mac}, initialized once. */
  @State(Scope.Thread)
  public static class RawMac {
    @SuppressWarnings("NullAway.Init")
    Mac mac;

    /**
     * Creates and keys the thread's Mac.
     *
     * @throws GeneralSecurityException if the JDK lacks HmacSHA256
     */
    @Setup(Level.Trial)
    public void setup() throws GeneralSecurityException {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    }
  }

  /**
   * Opens a key ring on a fresh temporary directory and prepares both sides' inputs.
   *
   * @throws GeneralSecurityException if the SDK or Tink fails
   * @throws IOException if the temporary directory cannot be created
   */
  @Setup(Level.Trial)
  public void setup() throws GeneralSecurityException, IOException {
    TemporaryKeyRing temporary = TemporaryKeyRing.open("waas-bench-");
    keys = temporary;
    KeyRing ring = temporary.ring();
    index = ring.blindIndex(KeyScope.tenant(TENANT), FIELD, BlindIndexParameters.defaults());
    deterministic = ring.deterministicEncryptor();
    column = EncryptionContext.builder(TENANT).purpose(FIELD).build();
    plaintext = VALUE.getBytes(StandardCharsets.UTF_8);
    sdkCiphertext = deterministic.encrypt(plaintext, column); // creates the tenant's first key
    check(Arrays.equals(deterministic.decrypt(sdkCiphertext, column), plaintext), "SDK round trip");
    check(index.lookupTokens(VALUE).contains(index.compute(VALUE)), "SDK blind index lookup");

    SecureRandom random = new SecureRandom();
    byte[] key = new byte[64];
    random.nextBytes(key);
    rawSiv = new AesSiv(key);
    Arrays.fill(key, (byte) 0);
    rawHeader = new byte[sdkCiphertext.length - plaintext.length - 16];
    random.nextBytes(rawHeader);
    rawContext = new byte[ContextCodec.encode(TENANT, null, FIELD, null, Map.of()).length];
    random.nextBytes(rawContext);
    rawCiphertext = rawSiv.encryptDeterministicallyWithAssociatedDatas(plaintext, rawHeader, rawContext);
    check(rawCiphertext.length + rawHeader.length == sdkCiphertext.length, "same ciphertext work");
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
   * SDK blind index token of the e-mail address.
   *
   * @return the token
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public String compute() throws GeneralSecurityException {
    return index.compute(VALUE);
  }

  /**
   * Bare JCE HMAC-SHA256 of the same string with a pre-initialized Mac.
   *
   * @param t the thread's Mac
   * @return the MAC
   */
  @Benchmark
  public byte[] rawCompute(RawMac t) {
    return t.mac.doFinal(VALUE.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * SDK deterministic encryption of the e-mail address.
   *
   * @return the ciphertext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] deterministicEncrypt() throws GeneralSecurityException {
    return deterministic.encrypt(plaintext, column);
  }

  /**
   * Bare Tink AES-SIV encryption of the same plaintext with associated data of the SDK's lengths.
   *
   * @return the ciphertext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] rawDeterministicEncrypt() throws GeneralSecurityException {
    return rawSiv.encryptDeterministicallyWithAssociatedDatas(plaintext, rawHeader, rawContext);
  }

  /**
   * SDK deterministic decryption.
   *
   * @return the plaintext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] deterministicDecrypt() throws GeneralSecurityException {
    return deterministic.decrypt(sdkCiphertext, column);
  }

  /**
   * Bare Tink AES-SIV decryption of a ciphertext of the same length.
   *
   * @return the plaintext
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] rawDeterministicDecrypt() throws GeneralSecurityException {
    return rawSiv.decryptDeterministicallyWithAssociatedDatas(rawCiphertext, rawHeader, rawContext);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark setup check failed: " + what);
    }
  }
}
