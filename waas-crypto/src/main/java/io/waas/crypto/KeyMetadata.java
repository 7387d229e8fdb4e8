package io.waas.crypto;

import java.time.Instant;

/**
 * What is known about a data key without its material: id, algorithm, status and times.
 *
 * <p>Immutable and thread-safe.
 */
public final class KeyMetadata {
  private final KeyScope scope;
  private final long keyId;
  private final AeadAlgorithm algorithm;
  private final KeyStatus status;
  private final boolean primary;
  private final Instant createdAt;
  private final Instant statusChangedAt;

  /**
   * Creates key metadata.
   *
   * @param scope the scope the key belongs to
   * @param keyId the key id
   * @param algorithm the key's algorithm
   * @param status the key's status
   * @param primary whether new data is encrypted under this key
   * @param createdAt when the key was created
   * @param statusChangedAt when the status last changed
   */
  public KeyMetadata(
      KeyScope scope,
      long keyId,
      AeadAlgorithm algorithm,
      KeyStatus status,
      boolean primary,
      Instant createdAt,
      Instant statusChangedAt) {
    this.scope = scope;
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.status = status;
    this.primary = primary;
    this.createdAt = createdAt;
    this.statusChangedAt = statusChangedAt;
  }

  /** @return the scope the key belongs to */
  public KeyScope scope() {
    return scope;
  }

  /** @return the key id, as written in ciphertext headers */
  public long keyId() {
    return keyId;
  }

  /** @return the key's algorithm */
  public AeadAlgorithm algorithm() {
    return algorithm;
  }

  /** @return the key's status */
  public KeyStatus status() {
    return status;
  }

  /** @return whether new data in this scope is encrypted under this key */
  public boolean primary() {
    return primary;
  }

  /** @return when the key was created */
  public Instant createdAt() {
    return createdAt;
  }

  /** @return when the key's status last changed (its creation time if never) */
  public Instant statusChangedAt() {
    return statusChangedAt;
  }

  @Override
  public String toString() {
    return "KeyMetadata{"
        + scope
        + ", id="
        + keyId
        + ", "
        + algorithm
        + ", "
        + status
        + (primary ? ", primary" : "")
        + ", created="
        + createdAt
        + "}";
  }
}
