package io.waas.auth.password;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Cost parameters of Argon2id password hashing: memory in KiB, iterations (passes over memory) and
 * parallelism (lanes). New hashes always use a 16-byte random salt and a 32-byte hash.
 *
 * <p>Parameters made through {@link #of} or the presets are never weaker than OWASP's Password
 * Storage Cheat Sheet: they meet or exceed at least one of its equivalent Argon2id configurations
 * (m=47104 KiB/t=1, 19456/2, 12288/3, 9216/4, 7168/5). Weaker parameters exist only through
 * {@link #insecureForTests}, so they cannot end up in production by accident.
 *
 * <p>Immutable and thread-safe.
 */
public final class Argon2Parameters {
  /** Length of the random salt of every new hash, in bytes. */
  public static final int SALT_LENGTH = 16;

  /** Length of the Argon2id output of every new hash, in bytes. */
  public static final int HASH_LENGTH = 32;

  /** Largest accepted memory cost: 4 GiB, in KiB. */
  static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;

  /** Largest accepted iteration count. */
  static final int MAX_ITERATIONS = 100;

  /** Largest accepted number of lanes. */
  static final int MAX_PARALLELISM = 64;

  /** OWASP's equivalent minimum configurations as {memoryKiB, iterations}, strongest memory first. */
  static final int[][] OWASP_FLOOR = {{47104, 1}, {19456, 2}, {12288, 3}, {9216, 4}, {7168, 5}};

  private static final Argon2Parameters OWASP_MINIMUM = new Argon2Parameters(19456, 2, 1, false);
  private static final Argon2Parameters RFC_9106_LOW_MEMORY = new Argon2Parameters(65536, 3, 4, false);

  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;
  private final boolean insecure;

  private Argon2Parameters(int memoryKiB, int iterations, int parallelism, boolean insecure) {
    checkStructure(memoryKiB, iterations, parallelism);
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.insecure = insecure;
  }

  static void checkStructure(int memoryKiB, int iterations, int parallelism) {
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException(
          "Argon2id parallelism must be 1 to " + MAX_PARALLELISM + ", was " + parallelism);
    }
    if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException(
          "Argon2id memory must be from 8 KiB per lane to 4 GiB, was " + memoryKiB + " KiB");
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "Argon2id iterations must be 1 to " + MAX_ITERATIONS + ", was " + iterations);
    }
  }

  /**
   * Returns OWASP's minimum recommendation, the default: 19 MiB (19456 KiB), 2 iterations, 1 lane.
   * About 30–60 ms per hash on a current server core.
   *
   * @return the parameters
   */
  public static Argon2Parameters owaspMinimum() {
    return OWASP_MINIMUM;
  }

  /**
   * Returns RFC 9106's second recommended option ("if much less memory is available"): 64 MiB, 3
   * iterations, 4 lanes. Stronger and slower than {@link #owaspMinimum()}; note that argon2-jvm
   * computes the lanes on as many threads.
   *
   * @return the parameters
   */
  public static Argon2Parameters rfc9106LowMemory() {
    return RFC_9106_LOW_MEMORY;
  }

  /**
   * Creates custom parameters, refusing any weaker than OWASP's minimum.
   *
   * @param memoryKiB memory cost in KiB, up to 4 GiB
   * @param iterations passes over memory, 1 to 100
   * @param parallelism lanes, 1 to 64
   * @return the parameters
   * @throws IllegalArgumentException if a value is out of range, or the combination of memory and
   *     iterations is weaker than every OWASP-equivalent configuration
   */
  public static Argon2Parameters of(int memoryKiB, int iterations, int parallelism) {
    Argon2Parameters p = new Argon2Parameters(memoryKiB, iterations, parallelism, false);
    if (!p.meetsOwaspFloor()) {
      throw new IllegalArgumentException(
          "Argon2id m=" + memoryKiB + " KiB, t=" + iterations + " is weaker than OWASP's minimum;"
              + " it must meet or exceed one of m=47104/t=1, 19456/2, 12288/3, 9216/4, 7168/5"
              + " (use insecureForTests(...) only in tests)");
    }
    return p;
  }

  /**
   * Creates parameters without the OWASP floor, for fast unit tests. <b>Never use them for real
   * passwords:</b> they make offline guessing cheap. Hashes made with them report {@linkplain
   * PasswordHasher#needsRehash needing a rehash} under any hasher with real parameters.
   *
   * @param memoryKiB memory cost in KiB, at least 8 per lane
   * @param iterations passes over memory, 1 to 100
   * @param parallelism lanes, 1 to 64
   * @return the parameters
   * @throws IllegalArgumentException if a value is outside what Argon2 itself allows
   */
  public static Argon2Parameters insecureForTests(int memoryKiB, int iterations, int parallelism) {
    return new Argon2Parameters(memoryKiB, iterations, parallelism, true);
  }

  /** Parameters read from a stored hash: structurally valid, possibly below the floor. */
  static Argon2Parameters fromStored(int memoryKiB, int iterations, int parallelism) {
    Argon2Parameters p = new Argon2Parameters(memoryKiB, iterations, parallelism, false);
    return p.meetsOwaspFloor() ? p : new Argon2Parameters(memoryKiB, iterations, parallelism, true);
  }

  /**
   * Tells whether these parameters meet or exceed at least one of OWASP's equivalent minimum
   * configurations.
   *
   * @return whether the floor is met
   */
  public boolean meetsOwaspFloor() {
    for (int[] floor : OWASP_FLOOR) {
      if (memoryKiB >= floor[0] && iterations >= floor[1]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the memory cost.
   *
   * @return memory in KiB
   */
  public int memoryKiB() {
    return memoryKiB;
  }

  /**
   * Returns the time cost.
   *
   * @return passes over memory
   */
  public int iterations() {
    return iterations;
  }

  /**
   * Returns the degree of parallelism.
   *
   * @return lanes
   */
  public int parallelism() {
    return parallelism;
  }

  /**
   * Returns the memory one Argon2id computation with these parameters allocates (natively,
   * outside the Java heap).
   *
   * @return bytes
   */
  public long memoryBytes() {
    return memoryKiB * 1024L;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Argon2Parameters other
        && other.memoryKiB == memoryKiB
        && other.iterations == iterations
        && other.parallelism == parallelism;
  }

  @Override
  public int hashCode() {
    return Objects.hash(memoryKiB, iterations, parallelism);
  }

  /** Returns the parameters in PHC notation, for example {@code m=19456,t=2,p=1}. */
  @Override
  public String toString() {
    return "m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + (insecure ? " (INSECURE)" : "");
  }
}
