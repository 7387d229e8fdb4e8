package io.waas.auth.password;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Picks Argon2id parameters for a target latency on this machine, never below OWASP's floor.
 *
 * <pre>{@code
 * Argon2Calibration c = Argon2Calibration.calibrate(Duration.ofMillis(250), 256L << 20);
 * PasswordHasher hasher = PasswordHasher.builder().parameters(c.parameters()).build();
 * log.info("Argon2id {} takes {}", c.parameters(), c.measuredTime());
 * }</pre>
 *
 * <p>Method: start at the strongest OWASP-equivalent configuration that fits the memory cap
 * ({@link Argon2Parameters#owaspMinimum()} when the cap allows 19 MiB); double the memory while the
 * measured time stays within the target and the cap allows; then add iterations while the time
 * stays within the target. Each candidate is timed as the median of three runs after one warm-up
 * run, with one lane. The result is the strongest candidate that met the target — or the floor
 * itself if even that is slower than the target ({@link #meetsTarget()} is then {@code false}).
 *
 * <p>Run it at deployment time on the production hardware, under typical load, and store the
 * chosen parameters in configuration; do not calibrate at every start (the result varies with load
 * and would make hashes needlessly "outdated"). Calibration takes a few seconds.
 *
 * <p>Immutable and thread-safe.
 */
public final class Argon2Calibration {
  private static final int MAX_STEPS = 64;

  private final Argon2Parameters parameters;
  private final Duration measuredTime;
  private final Duration target;

  private Argon2Calibration(Argon2Parameters parameters, Duration measuredTime, Duration target) {
    this.parameters = parameters;
    this.measuredTime = measuredTime;
    this.target = target;
  }

  /**
   * Measures and picks parameters.
   *
   * @param target the longest acceptable time of one hash
   * @param maxMemoryBytes the most memory one hash may use
   * @return the chosen parameters and their measured time
   * @throws IllegalArgumentException if {@code target} is not positive, or {@code maxMemoryBytes}
   *     is below 7 MiB (the smallest OWASP-equivalent memory cost)
   */
  public static Argon2Calibration calibrate(Duration target, long maxMemoryBytes) {
    Argon2Engine engine = new Argon2Engine();
    byte[] input = new byte[32];
    byte[] salt = new byte[Argon2Parameters.SALT_LENGTH];
    return calibrate(
        target,
        maxMemoryBytes,
        p -> {
          long[] runs = new long[3];
          engine.compute(input, salt, p, Argon2Parameters.HASH_LENGTH); // warm-up
          for (int i = 0; i < runs.length; i++) {
            long start = System.nanoTime();
            engine.compute(input, salt, p, Argon2Parameters.HASH_LENGTH);
            runs[i] = System.nanoTime() - start;
          }
          Arrays.sort(runs);
          return runs[1];
        });
  }

  /** The search, with the timer (nanoseconds per hash) injected for tests. */
  static Argon2Calibration calibrate(Duration target, long maxMemoryBytes, ToLongFunction<Argon2Parameters> timer) {
    Objects.requireNonNull(target, "target");
    if (target.isNegative() || target.isZero()) {
      throw new IllegalArgumentException("target latency must be positive, was " + target);
    }
    long capKiB = Math.min(Argon2Parameters.MAX_MEMORY_KIB, maxMemoryBytes / 1024);
    Argon2Parameters floor = null;
    for (int[] f : Argon2Parameters.OWASP_FLOOR) {
      if (f[0] <= capKiB && f[0] <= Argon2Parameters.owaspMinimum().memoryKiB()) {
        floor = Argon2Parameters.of(f[0], f[1], 1);
        break;
      }
    }
    if (floor == null) {
      throw new IllegalArgumentException(
          "a memory cap of " + maxMemoryBytes + " bytes is below 7 MiB, the least memory OWASP allows for Argon2id");
    }
    long targetNanos = target.toNanos();
    long floorTime = timer.applyAsLong(floor);
    Argon2Parameters best = floor;
    long bestTime = floorTime;
    if (floorTime > targetNanos) {
      return new Argon2Calibration(floor, Duration.ofNanos(floorTime), target);
    }
    // Grow memory first: memory hardness is what costs attackers most.
    for (int step = 0; step < MAX_STEPS && best.memoryKiB() < capKiB; step++) {
      int m = (int) Math.min(capKiB, 2L * best.memoryKiB());
      Argon2Parameters next = Argon2Parameters.of(m, best.iterations(), 1);
      long t = timer.applyAsLong(next);
      if (t > targetNanos) {
        return new Argon2Calibration(best, Duration.ofNanos(bestTime), target);
      }
      best = next;
      bestTime = t;
    }
    for (int step = 0; step < MAX_STEPS && best.iterations() < Argon2Parameters.MAX_ITERATIONS; step++) {
      Argon2Parameters next = Argon2Parameters.of(best.memoryKiB(), best.iterations() + 1, 1);
      long t = timer.applyAsLong(next);
      if (t > targetNanos) {
        break;
      }
      best = next;
      bestTime = t;
    }
    return new Argon2Calibration(best, Duration.ofNanos(bestTime), target);
  }

  /**
   * Returns the chosen parameters.
   *
   * @return parameters at or above OWASP's floor
   */
  public Argon2Parameters parameters() {
    return parameters;
  }

  /**
   * Returns the measured time of one hash with {@link #parameters()}.
   *
   * @return the median of the measured runs
   */
  public Duration measuredTime() {
    return measuredTime;
  }

  /**
   * Tells whether the chosen parameters hash within the target. {@code false} only when even the
   * floor is slower than the target: the floor is returned anyway.
   *
   * @return whether {@link #measuredTime()} is at most the target
   */
  public boolean meetsTarget() {
    return measuredTime.compareTo(target) <= 0;
  }

  @Override
  public String toString() {
    return "Argon2Calibration{" + parameters + ", measured " + measuredTime + ", target " + target + '}';
  }
}
