package io.waas.crypto;

import java.time.Instant;

/**
 * What is known about one key of a named signing keyset without its material: id, algorithm,
 * status and times.
 *
 * <p>Immutable and thread-safe.
 */
public final class SigningKeyMetadata {
  private final String keyName;
  private final long keyId;
  private final SignatureAlgorithm algorithm;
  private final KeyStatus status;
  private final boolean primary;
  private final Instant createdAt;
  private final Instant statusChangedAt;

  /**
   * Creates signing key metadata.
   *
   * @param keyName the name of the signing keyset the key belongs to
   * @param keyId the key id (1 to 2<sup>32</sup>-1)
   * @param algorithm the key's algorithm
   * @param status the key's status
   * @param primary whether new signatures are made with this key
   * @param createdAt when the key was created
   * @param statusChangedAt when the status last changed
   */
  public SigningKeyMetadata(
      String keyName,
      long keyId,
      SignatureAlgorithm algorithm,
      KeyStatus status,
      boolean primary,
      Instant createdAt,
      Instant statusChangedAt) {
    this.keyName = keyName;
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.status = status;
    this.primary = primary;
    this.createdAt = createdAt;
    this.statusChangedAt = statusChangedAt;
  }

  /**
   * Returns the name of the signing keyset, for example {@code "audit"}.
   *
   * @return the name of the signing keyset, for example {@code "audit"}
   */
  public String keyName() {
    return keyName;
  }

  /**
   * Returns the key id, as written in signatures.
   *
   * @return the key id, as written in signatures
   */
  public long keyId() {
    return keyId;
  }

  /**
   * Returns the key id as a JWK {@code kid}: 8 lower-case hex digits.
   *
   * @return the key id as a JWK {@code kid}: 8 lower-case hex digits
   */
  public String kid() {
    return SigningPublicKey.kid(keyId);
  }

  /**
   * Returns the key's algorithm.
   *
   * @return the key's algorithm
   */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the key's status.
   *
   * @return the key's status
   */
  public KeyStatus status() {
    return status;
  }

  /**
   * Returns whether new signatures are made with this key.
   *
   * @return whether new signatures are made with this key
   */
  public boolean primary() {
    return primary;
  }

  /**
   * Returns when the key was created.
   *
   * @return when the key was created
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * Returns when the key's status last changed (its creation time if never).
   *
   * @return when the key's status last changed (its creation time if never)
   */
  public Instant statusChangedAt() {
    return statusChangedAt;
  }

  @Override
  public String toString() {
    return "SigningKeyMetadata{"
        + keyName
        + ", kid="
        + kid()
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
