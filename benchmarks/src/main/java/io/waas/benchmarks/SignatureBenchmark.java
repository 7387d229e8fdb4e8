package io.waas.benchmarks;

import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.subtle.EcdsaSignJce;
import com.google.crypto.tink.subtle.EcdsaVerifyJce;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Ed25519Verify;
import com.google.crypto.tink.subtle.EllipticCurves;
import com.google.crypto.tink.subtle.Enums;
import io.waas.crypto.KeyRing;
import io.waas.crypto.PublicKeySet;
import io.waas.crypto.SignatureAlgorithm;
import io.waas.crypto.SignatureVerifier;
import io.waas.crypto.Signer;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
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
 * Throughput of the SDK's detached signatures ({@link Signer#sign}, {@link SignatureVerifier#verify})
 * beside bare Tink doing the same cryptographic work on the same 1 KiB message.
 *
 * <h2>What is compared</h2>
 *
 * <ul>
 *   <li>{@link #sign}: the SDK path through a {@link KeyRing}: cached signing keyset lookup (epoch
 *       and age check), the primary key's Tink signer, and the 70-byte detached format (version,
 *       algorithm, key id, raw signature).
 *   <li>{@link #rawSign}: bare Tink, {@code new Ed25519Sign(seed)} or {@code new EcdsaSignJce(key,
 *       SHA256, IEEE_P1363)}, created once, signing the same message.
 *   <li>{@link #verify}: the key ring's verifier: format parsing, key lookup by id, status check,
 *       algorithm check, Tink verification (for ECDSA wrapped in the SDK's x(R) re-check, which
 *       costs nothing on valid signatures).
 *   <li>{@link #verifyPublicKeySet}: the store-less verifier from an imported JWK Set.
 *   <li>{@link #rawVerify}: bare Tink {@code new Ed25519Verify(pub)} or {@code new
 *       EcdsaVerifyJce(pub, SHA256, IEEE_P1363)} on a raw signature of the same message.
 * </ul>
 *
 * <h2>Why the baseline is fair</h2>
 *
 * <p>Both sides run the same Tink classes (without Conscrypt, Tink's Ed25519 is its pure-Java
 * implementation on both sides; ECDSA runs on the JDK's SunEC through Tink on both sides), the same
 * algorithm, the same message length, and a signer created once. The raw side uses its own fresh
 * key of the same algorithm: signing cost does not depend on the key. The ratio SDK/raw therefore
 * measures the SDK's overhead (lookup, status checks, header), not the speed of the curve.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Benchmark)
public class SignatureBenchmark {
  /** Message length in bytes. */
  static final int MESSAGE_LENGTH = 1024;

  static final String KEY_NAME = "bench";

  /** How long {@link #prewarmJit} runs in each fork's setup. */
  static final long PREWARM_NANOS = 4_000_000_000L;

  /** The signature algorithm of both sides. */
  @Param({"ED25519", "ECDSA_P256_SHA256"})
  public String algorithm;

  private @Nullable TemporaryKeyRing keys;

  // The fields below are set in setup() before any benchmark method runs.
  @SuppressWarnings("NullAway.Init")
  private byte[] message;

  @SuppressWarnings("NullAway.Init")
  private Signer signer;

  @SuppressWarnings("NullAway.Init")
  private SignatureVerifier verifier;

  @SuppressWarnings("NullAway.Init")
  private SignatureVerifier publicKeySetVerifier;

  @SuppressWarnings("NullAway.Init")
  private byte[] sdkSignature;

  @SuppressWarnings("NullAway.Init")
  private PublicKeySign rawSigner;

  @SuppressWarnings("NullAway.Init")
  private PublicKeyVerify rawVerifier;

  @SuppressWarnings("NullAway.Init")
  private byte[] rawSignature;

  /** Creates the state with the default algorithm; JMH then sets {@link #algorithm} per run. */
  public SignatureBenchmark() {
    this.algorithm = "ED25519";
  }

  /**
   * Opens a key ring on a fresh temporary directory, creates the signing key, and prepares both
   * sides' keys, signatures and message.
   *
   * @throws GeneralSecurityException if the SDK or Tink fails
   * @throws IOException if the temporary directory cannot be created
   */
  @Setup(Level.Trial)
  public void setup() throws GeneralSecurityException, IOException {
    SignatureAlgorithm alg = SignatureAlgorithm.valueOf(algorithm);
    message = new byte[MESSAGE_LENGTH];
    new SecureRandom().nextBytes(message);

    TemporaryKeyRing temporary = TemporaryKeyRing.open("waas-bench-sig-");
    keys = temporary;
    KeyRing ring = temporary.ring();
    ring.createSigningKeys(KEY_NAME, alg);
    signer = ring.signer(KEY_NAME);
    verifier = ring.signatureVerifier(KEY_NAME);
    publicKeySetVerifier =
        PublicKeySet.fromJwkSetJson(ring.publicKeys(KEY_NAME).toJwkSetJson()).verifier();
    sdkSignature = signer.sign(message);
    verifier.verify(sdkSignature, message);
    publicKeySetVerifier.verify(sdkSignature, message);
    check(sdkSignature.length == 70, "SDK signature length");

    if (alg == SignatureAlgorithm.ED25519) {
      Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPair();
      byte[] seed = pair.getPrivateKey();
      rawSigner = new Ed25519Sign(seed);
      Arrays.fill(seed, (byte) 0);
      rawVerifier = new Ed25519Verify(pair.getPublicKey());
    } else {
      KeyPair pair = EllipticCurves.generateKeyPair(EllipticCurves.CurveType.NIST_P256);
      rawSigner =
          new EcdsaSignJce(
              (ECPrivateKey) pair.getPrivate(), Enums.HashType.SHA256, EllipticCurves.EcdsaEncoding.IEEE_P1363);
      rawVerifier =
          new EcdsaVerifyJce(
              (ECPublicKey) pair.getPublic(), Enums.HashType.SHA256, EllipticCurves.EcdsaEncoding.IEEE_P1363);
    }
    rawSignature = rawSigner.sign(message);
    rawVerifier.verify(rawSignature, message);
    check(rawSignature.length == 64, "raw signature length");
    prewarmJit();
  }

  /**
   * Runs SDK and raw signing and verification alternately for {@link #PREWARM_NANOS}, so that
   * Tink's pure-Java Ed25519 (and SunEC's P-256 arithmetic) is C2-compiled before JMH's own
   * warmup. Without it, a short run ({@code -wi 2}) measures the JIT: Ed25519 signing was seen
   * climbing from 1.5k to 15k ops/s across three 1-second iterations. Both sides get the same
   * pre-warm, whichever method the fork measures.
   */
  private void prewarmJit() throws GeneralSecurityException {
    long end = System.nanoTime() + PREWARM_NANOS;
    long rounds = 0;
    while (System.nanoTime() < end) {
      verifier.verify(signer.sign(message), message);
      publicKeySetVerifier.verify(sdkSignature, message);
      rawVerifier.verify(rawSigner.sign(message), message);
      rounds++;
    }
    check(rounds > 0, "pre-warm rounds");
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
   * SDK signing of the 1 KiB message.
   *
   * @return the detached signature
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] sign() throws GeneralSecurityException {
    return signer.sign(message);
  }

  /**
   * Bare Tink signing of the 1 KiB message.
   *
   * @return the raw signature
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public byte[] rawSign() throws GeneralSecurityException {
    return rawSigner.sign(message);
  }

  /**
   * SDK verification (key ring verifier) of a signature of the 1 KiB message.
   *
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public void verify() throws GeneralSecurityException {
    verifier.verify(sdkSignature, message);
  }

  /**
   * SDK verification with a public key set imported from JWK (no key store).
   *
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public void verifyPublicKeySet() throws GeneralSecurityException {
    publicKeySetVerifier.verify(sdkSignature, message);
  }

  /**
   * Bare Tink verification of a raw signature of the 1 KiB message.
   *
   * @throws GeneralSecurityException never in practice
   */
  @Benchmark
  public void rawVerify() throws GeneralSecurityException {
    rawVerifier.verify(rawSignature, message);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark setup check failed: " + what);
    }
  }
}
