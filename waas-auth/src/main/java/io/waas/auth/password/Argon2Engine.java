package io.waas.auth.password;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Version;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs Argon2id (version 1.3) through argon2-jvm's binding of the reference C implementation, and
 * counts what it does for tests: computations in total, and how many ran at once at the peak.
 * The counters are package-private test hooks, not timing.
 */
final class Argon2Engine {
  // Always ARGON2id, explicitly: argon2-jvm's default type is Argon2i.
  private static final Argon2Advanced ARGON2ID =
      Argon2Factory.createAdvanced(
          Argon2Factory.Argon2Types.ARGON2id, Argon2Parameters.SALT_LENGTH, Argon2Parameters.HASH_LENGTH);

  private final AtomicLong computations = new AtomicLong();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger peakRunning = new AtomicInteger();
  private volatile Argon2Parameters lastParameters = Argon2Parameters.owaspMinimum();

  /** Argon2id of {@code input}; the caller wipes input and result. */
  byte[] compute(byte[] input, byte[] salt, Argon2Parameters p, int hashLength) {
    computations.incrementAndGet();
    lastParameters = p;
    int now = running.incrementAndGet();
    peakRunning.accumulateAndGet(now, Math::max);
    try {
      return ARGON2ID.rawHashAdvanced(
          p.iterations(), p.memoryKiB(), p.parallelism(), input, salt, null, null, hashLength,
          Argon2Version.V13);
    } finally {
      running.decrementAndGet();
    }
  }

  long computations() {
    return computations.get();
  }

  int peakConcurrency() {
    return peakRunning.get();
  }

  Argon2Parameters lastParameters() {
    return lastParameters;
  }
}
