package io.waas.benchmarks;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import io.waas.auth.password.Argon2Parameters;
import io.waas.auth.password.PasswordHasher;
import io.waas.core.SecurityEventListener;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per Argon2id password hash and verification through the SDK's {@link PasswordHasher},
 * beside argon2-jvm used directly with the same parameters and input.
 *
 * <h2>What is compared</h2>
 *
 * <ul>
 *   <li>{@link #hash}: {@code PasswordHasher.hash} at {@link Argon2Parameters#owaspMinimum()}
 *       (19 MiB, t=2, p=1): NFKC check, UTF-8 encoding into a wiped array, a permit from the
 *       default {@code HashingBudget}, a 16-byte salt from {@code SecureRandom}, Argon2id through
 *       argon2-jvm's {@code rawHashAdvanced}, PHC encoding.
 *   <li>{@link #rawHash}: argon2-jvm's own {@code Argon2.hash(2, 19456, 1, char[])} of an
 *       {@code ARGON2id} instance with 16-byte salts and 32-byte hashes: salt generation, Argon2id
 *       and the library's PHC encoding.
 *   <li>{@link #verify}: {@code PasswordHasher.verify} of the correct password against a stored
 *       SDK hash: PHC parsing, the same Argon2id computation, constant-time comparison, the
 *       needs-rehash check.
 *   <li>{@link #rawVerify}: argon2-jvm's {@code Argon2.verify(storedHash, char[])} of the same
 *       password against a hash made by argon2-jvm with the same parameters.
 * </ul>
 *
 * <p>Why the baseline is fair: both sides run the same native reference implementation with the
 * same parameters, password and salt length; Argon2 dominates (tens of milliseconds), so the
 * ratio shows whether the SDK's bookkeeping costs anything measurable. The SDK's events go to
 * {@link SecurityEventListener#none()}: logging them is the application's I/O, not hashing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class PasswordHashBenchmark {
  private static final Argon2Parameters PARAMS = Argon2Parameters.owaspMinimum();
  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

  private PasswordHasher hasher = PasswordHasher.argon2id();
  private Argon2 raw = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
  private String sdkStored = "";
  private String rawStored = "";

  /** Builds both sides and one stored hash each. */
  @Setup
  public void setup() throws GeneralSecurityException {
    hasher = PasswordHasher.builder().parameters(PARAMS).eventListener(SecurityEventListener.none()).build();
    raw = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
    sdkStored = hasher.hash(PASSWORD);
    rawStored = raw.hash(PARAMS.iterations(), PARAMS.memoryKiB(), PARAMS.parallelism(), PASSWORD.clone());
  }

  /** SDK hash. */
  @Benchmark
  public String hash() throws GeneralSecurityException {
    return hasher.hash(PASSWORD);
  }

  /** argon2-jvm hash with the same parameters. */
  @Benchmark
  public String rawHash() {
    return raw.hash(PARAMS.iterations(), PARAMS.memoryKiB(), PARAMS.parallelism(), PASSWORD.clone());
  }

  /** SDK verify. */
  @Benchmark
  public boolean verify() throws GeneralSecurityException {
    return hasher.verify(PASSWORD, sdkStored).matches();
  }

  /** argon2-jvm verify. */
  @Benchmark
  public boolean rawVerify() {
    return raw.verify(rawStored, PASSWORD.clone());
  }
}
