package io.waas.auth.password;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Caps how many password-hash computations run at once, so that a burst of logins waits or is
 * refused instead of exhausting memory.
 *
 * <p>Why: Argon2 allocates its memory cost natively, outside the Java heap (19 MiB per computation
 * at {@link Argon2Parameters#owaspMinimum()}), so {@code -Xmx} does not protect the process; 500
 * concurrent logins at 64 MiB would ask for 32 GiB. Legacy scrypt verifications allocate on the
 * heap and are counted too. A caller over budget waits up to the budget's maximum wait, then gets
 * a {@link PasswordHashingBusyException}.
 *
 * <p>A budget limits concurrent computations, memory, or both:
 *
 * <ul>
 *   <li>{@link #ofConcurrentHashes}: at most {@code n} computations, whatever their memory cost.
 *   <li>{@link #ofMemory}: at most that many bytes of hashing memory at once; a computation takes
 *       its own memory cost (a stored hash with a larger memory cost than the current parameters
 *       takes more), and one larger than the whole budget runs alone.
 *   <li>{@link #defaults()}: at most {@code availableProcessors} computations (Argon2 is CPU-bound:
 *       more gains no throughput, only latency) and at most 256 MiB, waiting at most 5 seconds.
 *       This one instance is shared by every hasher that does not set its own budget, so it bounds
 *       the whole process.
 * </ul>
 *
 * <p>Waiting is fair (first come, first served). Share one budget between all hashers of a
 * process to bound the process.
 *
 * <p>Thread-safe.
 */
public final class HashingBudget {
  /** Memory figure of the default budget. */
  static final long DEFAULT_MEMORY_BYTES = 256L * 1024 * 1024;

  /** Maximum wait of the default budget. */
  static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(5);

  private static final HashingBudget DEFAULT =
      new HashingBudget(
          Math.max(1, Runtime.getRuntime().availableProcessors()), DEFAULT_MEMORY_BYTES, DEFAULT_MAX_WAIT);

  private final int maxConcurrent; // 0 = unlimited
  private final int memoryKiB; // 0 = unlimited
  private final Duration maxWait;
  private final @Nullable Semaphore count;
  private final @Nullable Semaphore memory;

  private HashingBudget(int maxConcurrent, long maxBytes, Duration maxWait) {
    Objects.requireNonNull(maxWait, "maxWait");
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
    }
    this.maxConcurrent = maxConcurrent;
    this.memoryKiB = (int) Math.min(Integer.MAX_VALUE, maxBytes / 1024);
    this.maxWait = maxWait;
    this.count = maxConcurrent > 0 ? new Semaphore(maxConcurrent, true) : null;
    this.memory = memoryKiB > 0 ? new Semaphore(memoryKiB, true) : null;
  }

  /**
   * Returns a budget allowing at most {@code n} concurrent hash computations.
   *
   * @param n maximum concurrent computations, at least 1
   * @param maxWait how long a caller over budget waits before {@link PasswordHashingBusyException}
   * @return the budget
   * @throws IllegalArgumentException if {@code n < 1} or {@code maxWait} is negative
   */
  public static HashingBudget ofConcurrentHashes(int n, Duration maxWait) {
    if (n < 1) {
      throw new IllegalArgumentException("the budget must allow at least 1 concurrent hash, was " + n);
    }
    return new HashingBudget(n, 0, maxWait);
  }

  /**
   * Returns a budget allowing at most {@code bytes} of hashing memory at once. With the current
   * parameters' memory cost {@code m}, that is {@code bytes / m} concurrent computations.
   *
   * @param bytes the memory budget, at least 1 MiB
   * @param maxWait how long a caller over budget waits before {@link PasswordHashingBusyException}
   * @return the budget
   * @throws IllegalArgumentException if {@code bytes} is under 1 MiB or {@code maxWait} is
   *     negative
   */
  public static HashingBudget ofMemory(long bytes, Duration maxWait) {
    if (bytes < 1024 * 1024) {
      throw new IllegalArgumentException("the memory budget must be at least 1 MiB, was " + bytes + " bytes");
    }
    return new HashingBudget(0, bytes, maxWait);
  }

  /**
   * Returns the process-wide default budget: at most {@code availableProcessors} concurrent
   * computations and 256 MiB, with a maximum wait of 5 seconds.
   *
   * @return the shared default budget
   */
  public static HashingBudget defaults() {
    return DEFAULT;
  }

  /**
   * Returns the maximum wait.
   *
   * @return how long a caller over budget waits
   */
  public Duration maxWait() {
    return maxWait;
  }

  /**
   * Takes room for one computation that needs {@code costKiB} of memory, waiting up to the
   * maximum wait.
   */
  Permit acquire(int costKiB) throws PasswordHashingBusyException {
    long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
    int memPermits = memory == null ? 0 : Math.max(1, Math.min(costKiB, memoryKiB));
    boolean haveCount = false;
    try {
      if (count != null) {
        haveCount = count.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (!haveCount) {
          throw busy();
        }
      }
      if (memory != null
          && !memory.tryAcquire(memPermits, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (haveCount) {
        Objects.requireNonNull(count).release();
      }
      throw new PasswordHashingBusyException("interrupted while waiting for the password hashing budget");
    } catch (PasswordHashingBusyException e) {
      if (haveCount) {
        Objects.requireNonNull(count).release();
      }
      throw e;
    }
    return new Permit(memPermits);
  }

  private PasswordHashingBusyException busy() {
    return new PasswordHashingBusyException(
        "password hashing budget exhausted (" + this + "): no room within " + maxWait);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("HashingBudget{");
    if (maxConcurrent > 0) {
      sb.append("maxConcurrent=").append(maxConcurrent);
    }
    if (memoryKiB > 0) {
      sb.append(maxConcurrent > 0 ? ", " : "").append("memory=").append(memoryKiB / 1024).append(" MiB");
    }
    return sb.append(", maxWait=").append(maxWait).append('}').toString();
  }

  /** Room for one computation; closing it returns the room. */
  final class Permit implements AutoCloseable {
    private final int memPermits;
    private boolean released;

    private Permit(int memPermits) {
      this.memPermits = memPermits;
    }

    @Override
    public void close() {
      if (released) {
        return;
      }
      released = true;
      if (memory != null) {
        memory.release(memPermits);
      }
      if (count != null) {
        count.release();
      }
    }
  }
}
