package io.waas.crypto.internal;

import io.waas.crypto.AeadAlgorithm;
import io.waas.crypto.KeyStatus;
import java.security.GeneralSecurityException;
import com.google.crypto.tink.subtle.Hkdf;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
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
  /**
   * Objects built from sub-keys of this key (streaming, deterministic, MAC keys), by HKDF info.
   * Shared with copies that only change the status, dropped with the material on destroy.
   */
  private final ConcurrentHashMap<String, Object> derived;

  /**
   * Builds a primitive from a sub-key.
   *
   * @param <T> the primitive
   */
  @FunctionalInterface
  public interface Derivation<T> {
    /**
     * Creates the primitive.
     *
     * @param subKey the derived key bytes; wiped after this returns, so do not keep the array
     * @return the primitive
     * @throws GeneralSecurityException if the primitive cannot be created
     */
    T create(byte[] subKey) throws GeneralSecurityException;
  }

  private DataKey(
      long id,
      AeadAlgorithm algorithm,
      KeyStatus status,
      Instant createdAt,
      Instant statusChangedAt,
      byte @Nullable [] material,
      @Nullable AeadEngine engine,
      ConcurrentHashMap<String, Object> derived) {
    this.derived = derived;
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
    return new DataKey(
        id, algorithm, status, createdAt, statusChangedAt, material, engine, new ConcurrentHashMap<>());
  }

  /** Returns a copy of this key with another status; destroying drops the material. */
  DataKey withStatus(KeyStatus newStatus, Instant at) {
    if (newStatus == KeyStatus.DESTROYED) {
      if (material != null) {
        Arrays.fill(material, (byte) 0);
      }
      derived.clear();
      return new DataKey(id, algorithm, newStatus, createdAt, at, null, null, new ConcurrentHashMap<>());
    }
    if (material == null) {
      throw new IllegalStateException("key " + id + " was destroyed and cannot change status");
    }
    return new DataKey(id, algorithm, newStatus, createdAt, at, material, engine, derived);
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

  /**
   * Returns the primitive built from the sub-key {@code HKDF-SHA256(key, salt = empty, info,
   * length)}, creating it on first use and caching it with this key. Every use of a data key other
   * than the ciphertext format of {@link AeadEngine} goes through here, each with its own {@code
   * info}, so no two primitives ever share key bytes, and all of them rotate, disable and shred with
   * the data key.
   *
   * @param <T> the primitive's type
   * @param info the domain-separating label, for example {@code "waas-crypto/v1/stream"}
   * @param length sub-key length in bytes
   * @param type the primitive's class (checked on cache hits)
   * @param factory builds the primitive from the sub-key
   * @return the primitive
   * @throws io.waas.core.KeyDestroyedException if the key was destroyed
   * @throws GeneralSecurityException if derivation or the factory fails
   */
  public <T> T derived(String info, int length, Class<T> type, Derivation<T> factory)
      throws GeneralSecurityException {
    Object cachedValue = derived.get(info);
    if (cachedValue != null) {
      return type.cast(cachedValue);
    }
    byte[] m = material;
    if (m == null) {
      throw new io.waas.core.KeyDestroyedException("key " + id + " was destroyed", "", id);
    }
    byte[] sub = Hkdf.computeHkdf("HMACSHA256", m, new byte[0], info.getBytes(StandardCharsets.UTF_8), length);
    try {
      T created = factory.create(sub);
      Object raced = derived.putIfAbsent(info, created);
      return raced == null ? created : type.cast(raced);
    } finally {
      Arrays.fill(sub, (byte) 0);
    }
  }

  /**
   * Returns this key's 32-byte commitment, the value every one-shot ciphertext under it carries in
   * its header; null if the key was destroyed. Not secret.
   *
   * @return a copy of the commitment, or null
   * @throws GeneralSecurityException if derivation fails
   */
  public byte @Nullable [] commitment() throws GeneralSecurityException {
    if (material == null) {
      return null;
    }
    return derived(AeadEngine.COMMITMENT_INFO, AeadEngine.COMMITMENT_LENGTH, byte[].class, byte[]::clone).clone();
  }

  byte @Nullable [] material() {
    return material;
  }
}
