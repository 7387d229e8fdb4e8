package io.waas.crypto.internal;

import io.waas.crypto.AeadAlgorithm;
import io.waas.crypto.KeyStatus;
import java.security.GeneralSecurityException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One data key of a keyset: metadata plus, unless destroyed, its material and ready engine.
 *
 * <p>Immutable. The raw material is kept only so the keyset can be re-serialized (wrapped) when
 * it changes; it is never handed out of this package's callers.
 */
public final class DataKey {
  private final long id;
  private final AeadAlgorithm algorithm;
  private final KeyStatus status;
  private final Instant createdAt;
  private final Instant statusChangedAt;
  private final byte @Nullable [] material;
  private final @Nullable AeadEngine engine;

  private DataKey(
      long id,
      AeadAlgorithm algorithm,
      KeyStatus status,
      Instant createdAt,
      Instant statusChangedAt,
      byte @Nullable [] material,
      @Nullable AeadEngine engine) {
    this.id = id;
    this.algorithm = algorithm;
    this.status = status;
    this.createdAt = createdAt;
    this.statusChangedAt = statusChangedAt;
    this.material = material;
    this.engine = engine;
  }

  /**
   * Creates a key from stored fields.
   *
   * @param id key id
   * @param algorithm algorithm
   * @param status status; {@link KeyStatus#DESTROYED} requires null material
   * @param createdAt creation time
   * @param statusChangedAt last status change
   * @param material 32 bytes, or null when destroyed; ownership passes to the key
   * @return the key
   * @throws GeneralSecurityException if material and status disagree or the engine fails
   */
  public static DataKey of(
      long id,
      AeadAlgorithm algorithm,
      KeyStatus status,
      Instant createdAt,
      Instant statusChangedAt,
      byte @Nullable [] material)
      throws GeneralSecurityException {
    if ((status == KeyStatus.DESTROYED) != (material == null)) {
      throw new GeneralSecurityException("key " + id + ": material must be absent exactly when destroyed");
    }
    AeadEngine engine = material == null ? null : AeadEngine.create(algorithm, id, material);
    return new DataKey(id, algorithm, status, createdAt, statusChangedAt, material, engine);
  }

  /** Returns a copy of this key with another status; destroying drops the material. */
  DataKey withStatus(KeyStatus newStatus, Instant at) {
    if (newStatus == KeyStatus.DESTROYED) {
      if (material != null) {
        java.util.Arrays.fill(material, (byte) 0);
      }
      return new DataKey(id, algorithm, newStatus, createdAt, at, null, null);
    }
    if (material == null) {
      throw new IllegalStateException("key " + id + " was destroyed and cannot change status");
    }
    return new DataKey(id, algorithm, newStatus, createdAt, at, material, engine);
  }

  public long id() {
    return id;
  }

  public AeadAlgorithm algorithm() {
    return algorithm;
  }

  public KeyStatus status() {
    return status;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant statusChangedAt() {
    return statusChangedAt;
  }

  /** Returns the engine, or null if destroyed. */
  public @Nullable AeadEngine engine() {
    return engine;
  }

  byte @Nullable [] material() {
    return material;
  }
}
