package io.waas.auth.throttle;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ThrottleStore} keeps for one key (an account or a client address): the number of
 * consecutive failures counted, when the last one was counted, and when the record may be purged.
 *
 * <p>Instants have millisecond precision. Immutable and thread-safe.
 */
public final class ThrottleRecord {
  private static final ThrottleRecord EMPTY = new ThrottleRecord(0, Instant.EPOCH, Instant.EPOCH);

  private final int failures;
  private final Instant lastFailureAt;
  private final @Nullable Instant expiresAt;

  /**
   * Creates a record.
   *
   * @param failures consecutive failures counted, at least 0
   * @param lastFailureAt when the last failure was counted
   * @param expiresAt when the record may be deleted by {@link ThrottleStore#purgeExpired}, or {@code
   *     null} if never (a lockout that lasts until unlocked)
   * @throws IllegalArgumentException if {@code failures} is negative
   */
  public ThrottleRecord(int failures, Instant lastFailureAt, @Nullable Instant expiresAt) {
    if (failures < 0) {
      throw new IllegalArgumentException("failures must not be negative, was " + failures);
    }
    this.failures = failures;
    this.lastFailureAt = Objects.requireNonNull(lastFailureAt, "lastFailureAt");
    this.expiresAt = expiresAt;
  }

  /**
   * Returns the record of a key with no failures; a store deletes a key whose record becomes empty.
   *
   * @return the empty record
   */
  public static ThrottleRecord empty() {
    return EMPTY;
  }

  /**
   * Returns whether no failure is counted.
   *
   * @return whether {@link #failures()} is 0
   */
  public boolean isEmpty() {
    return failures == 0;
  }

  /**
   * Returns the consecutive failures counted (including attempts admitted and not yet reported).
   *
   * @return the count
   */
  public int failures() {
    return failures;
  }

  /**
   * Returns when the last failure was counted.
   *
   * @return the instant
   */
  public Instant lastFailureAt() {
    return lastFailureAt;
  }

  /**
   * Returns when the record may be purged, or {@code null} if never.
   *
   * @return the expiry or {@code null}
   */
  public @Nullable Instant expiresAt() {
    return expiresAt;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ThrottleRecord r
        && failures == r.failures
        && lastFailureAt.equals(r.lastFailureAt)
        && Objects.equals(expiresAt, r.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(failures, lastFailureAt, expiresAt);
  }

  @Override
  public String toString() {
    return "ThrottleRecord{failures=" + failures + ", lastFailureAt=" + lastFailureAt + ", expiresAt=" + expiresAt
        + "}";
  }
}
