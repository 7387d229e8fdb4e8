package io.waas.crypto;

import java.time.Duration;

/**
 * Limits on how long a {@link KeyRing} keeps a scope's unwrapped keys in memory before it reads and
 * unwraps them from the store again.
 *
 * <p>Re-reading bounds how long unwrapped key material stays in use, and how stale a process's view
 * can be when another process rotates or shreds keys in a shared store: a shred by another
 * process takes effect here within {@link #maxAge()}. Limits on messages and bytes bound how much
 * data one cached copy encrypts. {@link #maxScopes()} bounds memory with many tenants.
 *
 * <p>Immutable and thread-safe.
 */
public final class DataKeyCachePolicy {
  private static final DataKeyCachePolicy DEFAULTS =
      new DataKeyCachePolicy(Duration.ofMinutes(5), 1L << 24, 1L << 36, 10_000);

  private final Duration maxAge;
  private final long maxMessages;
  private final long maxBytes;
  private final int maxScopes;

  private DataKeyCachePolicy(Duration maxAge, long maxMessages, long maxBytes, int maxScopes) {
    if (maxAge.isNegative()) {
      throw new IllegalArgumentException("maxAge must not be negative");
    }
    if (maxMessages < 1 || maxBytes < 1 || maxScopes < 1) {
      throw new IllegalArgumentException("cache limits must be positive");
    }
    this.maxAge = maxAge;
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
    this.maxScopes = maxScopes;
  }

  /**
   * Returns the defaults: 5 minutes, 2<sup>24</sup> messages, 64 GiB, 10,000 scopes.
   *
   * @return the default policy
   */
  public static DataKeyCachePolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Creates a policy.
   *
   * @param maxAge how long keys stay cached; zero re-reads the store on every call
   * @param maxMessages encryptions per cached copy before it is re-read
   * @param maxBytes plaintext bytes encrypted per cached copy before it is re-read
   * @param maxScopes scopes kept at most; the least recently loaded are dropped first
   * @return the policy
   * @throws IllegalArgumentException if a limit is not positive
   */
  public static DataKeyCachePolicy of(Duration maxAge, long maxMessages, long maxBytes, int maxScopes) {
    return new DataKeyCachePolicy(maxAge, maxMessages, maxBytes, maxScopes);
  }

  /** @return how long unwrapped keys stay cached */
  public Duration maxAge() {
    return maxAge;
  }

  /** @return encryptions per cached copy */
  public long maxMessages() {
    return maxMessages;
  }

  /** @return plaintext bytes per cached copy */
  public long maxBytes() {
    return maxBytes;
  }

  /** @return scopes cached at most */
  public int maxScopes() {
    return maxScopes;
  }

  @Override
  public String toString() {
    return "DataKeyCachePolicy{maxAge=" + maxAge + ", maxMessages=" + maxMessages + ", maxBytes="
        + maxBytes + ", maxScopes=" + maxScopes + "}";
  }
}
