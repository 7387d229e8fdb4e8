package io.waas.crypto;

/**
 * Cost parameters of Argon2id, the memory-hard function that turns a passphrase into a master key.
 *
 * <p>{@link #RFC_9106_SECOND_RECOMMENDATION} is the default. Parameters are stored (with a random
 * salt) in the key store when it is created, so later opens reproduce the same key.
 *
 * <p>Immutable and thread-safe.
 */
public final class Argon2idParameters {
  /** RFC 9106 section 4, second recommended option: 64 MiB, 3 passes, 4 lanes. */
  public static final Argon2idParameters RFC_9106_SECOND_RECOMMENDATION =
      new Argon2idParameters(64 * 1024, 3, 4);

  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;

  private Argon2idParameters(int memoryKiB, int iterations, int parallelism) {
    if (memoryKiB < 8 * parallelism || memoryKiB > 4 * 1024 * 1024) {
      throw new IllegalArgumentException(
          "Argon2id memory must be from 8 KiB per lane to 4 GiB, was " + memoryKiB + " KiB");
    }
    if (iterations < 1 || iterations > 100) {
      throw new IllegalArgumentException("Argon2id iterations must be 1 to 100, was " + iterations);
    }
    if (parallelism < 1 || parallelism > 64) {
      throw new IllegalArgumentException("Argon2id parallelism must be 1 to 64, was " + parallelism);
    }
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
    this.parallelism = parallelism;
  }

  /**
   * Creates parameters. Memory below 19 MiB (OWASP's minimum for Argon2id) is refused; use {@link
   * #insecureForTests()} in tests.
   *
   * @param memoryKiB memory cost in KiB, 19456 to 4194304
   * @param iterations passes over memory, 1 to 100
   * @param parallelism lanes, 1 to 64
   * @return the parameters
   * @throws IllegalArgumentException if a value is out of range
   */
  public static Argon2idParameters of(int memoryKiB, int iterations, int parallelism) {
    if (memoryKiB < 19 * 1024) {
      throw new IllegalArgumentException(
          "Argon2id memory below 19 MiB is too weak for passphrases, was " + memoryKiB + " KiB");
    }
    return new Argon2idParameters(memoryKiB, iterations, parallelism);
  }

  /**
   * Returns parameters cheap enough for unit tests (1 MiB, 1 pass). <b>Never use them for real
   * passphrases:</b> they make offline guessing fast.
   *
   * @return weak, fast parameters
   */
  public static Argon2idParameters insecureForTests() {
    return new Argon2idParameters(1024, 1, 1);
  }

  static Argon2idParameters fromStored(int memoryKiB, int iterations, int parallelism) {
    return new Argon2idParameters(memoryKiB, iterations, parallelism);
  }

  /** @return memory cost in KiB */
  public int memoryKiB() {
    return memoryKiB;
  }

  /** @return number of passes */
  public int iterations() {
    return iterations;
  }

  /** @return number of lanes */
  public int parallelism() {
    return parallelism;
  }

  @Override
  public String toString() {
    return "Argon2id(m=" + memoryKiB + " KiB, t=" + iterations + ", p=" + parallelism + ")";
  }
}
