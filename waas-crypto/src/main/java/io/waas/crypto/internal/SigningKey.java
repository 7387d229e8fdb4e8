package io.waas.crypto.internal;

import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.signature.SignaturePrivateKey;
import io.waas.core.MalformedDataException;
import io.waas.crypto.KeyStatus;
import io.waas.crypto.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One key of a named signing keyset: metadata plus, unless destroyed, Tink's private key object
 * and the ready signing and verification primitives.
 *
 * <p>Immutable. The private key lives only inside Tink's objects; {@link #privateKeyBytes()} hands
 * out a temporary copy for re-serializing (wrapping) the keyset, and nothing else reads it.
 */
public final class SigningKey {
  private final long id;
  private final SignatureAlgorithm algorithm;
  private final KeyStatus status;
  private final Instant createdAt;
  private final Instant statusChangedAt;
  private final @Nullable SignaturePrivateKey privateKey;
  private final byte @Nullable [] publicKey;
  private final @Nullable PublicKeySign signer;
  private final @Nullable PublicKeyVerify verifier;

  private SigningKey(
      long id,
      SignatureAlgorithm algorithm,
      KeyStatus status,
      Instant createdAt,
      Instant statusChangedAt,
      @Nullable SignaturePrivateKey privateKey,
      byte @Nullable [] publicKey,
      @Nullable PublicKeySign signer,
      @Nullable PublicKeyVerify verifier) {
    this.id = id;
    this.algorithm = algorithm;
    this.status = status;
    this.createdAt = createdAt;
    this.statusChangedAt = statusChangedAt;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.signer = signer;
    this.verifier = verifier;
  }

  /**
   * Generates a new enabled key.
   *
   * @param id the key id
   * @param algorithm the algorithm
   * @param now creation time
   * @return the key
   * @throws GeneralSecurityException if key generation fails
   */
  static SigningKey generate(long id, SignatureAlgorithm algorithm, Instant now) throws GeneralSecurityException {
    return withMaterial(id, algorithm, KeyStatus.ENABLED, now, now, TinkSignatureKeys.generate(algorithm));
  }

  /**
   * Creates a key from stored fields.
   *
   * @param id key id
   * @param algorithm algorithm
   * @param status status; {@link KeyStatus#DESTROYED} exactly when both key arrays are null
   * @param createdAt creation time
   * @param statusChangedAt last status change
   * @param privateKey raw private key, or null when destroyed; not kept, the caller wipes it
   * @param publicKey raw public key, or null when destroyed
   * @return the key
   * @throws MalformedDataException if the material and status disagree or the key is invalid
   * @throws GeneralSecurityException if Tink cannot create the primitives
   */
  public static SigningKey of(
      long id,
      SignatureAlgorithm algorithm,
      KeyStatus status,
      Instant createdAt,
      Instant statusChangedAt,
      byte @Nullable [] privateKey,
      byte @Nullable [] publicKey)
      throws GeneralSecurityException {
    boolean destroyed = status == KeyStatus.DESTROYED;
    if (privateKey == null || publicKey == null) {
      if (!destroyed || privateKey != null || publicKey != null) {
        throw new MalformedDataException("signing key " + id + ": key material must be absent exactly when destroyed");
      }
      return new SigningKey(id, algorithm, status, createdAt, statusChangedAt, null, null, null, null);
    }
    if (destroyed) {
      throw new MalformedDataException("signing key " + id + " is destroyed but still has key material");
    }
    SignaturePrivateKey key = TinkSignatureKeys.privateKey(algorithm, privateKey, publicKey);
    return withMaterial(id, algorithm, status, createdAt, statusChangedAt, key);
  }

  private static SigningKey withMaterial(
      long id,
      SignatureAlgorithm algorithm,
      KeyStatus status,
      Instant createdAt,
      Instant statusChangedAt,
      SignaturePrivateKey key)
      throws GeneralSecurityException {
    byte[] pub = TinkSignatureKeys.publicKeyBytes(key);
    return new SigningKey(
        id,
        algorithm,
        status,
        createdAt,
        statusChangedAt,
        key,
        pub,
        TinkSignatureKeys.signer(key),
        TinkSignatureKeys.verifier(algorithm, pub, false));
  }

  /** Returns a copy with another status; destroying drops the material and primitives. */
  SigningKey withStatus(KeyStatus newStatus, Instant at) {
    if (newStatus == KeyStatus.DESTROYED) {
      return new SigningKey(id, algorithm, newStatus, createdAt, at, null, null, null, null);
    }
    if (privateKey == null) {
      throw new IllegalStateException("signing key " + id + " was destroyed and cannot change status");
    }
    return new SigningKey(id, algorithm, newStatus, createdAt, at, privateKey, publicKey, signer, verifier);
  }

  public long id() {
    return id;
  }

  public SignatureAlgorithm algorithm() {
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

  /**
   * Signs with this key, whatever its status (the caller checks it).
   *
   * @param data the data
   * @return the raw JWS-form signature, 64 bytes
   * @throws GeneralSecurityException if the key was destroyed or signing fails
   */
  public byte[] sign(byte[] data) throws GeneralSecurityException {
    PublicKeySign s = signer;
    if (s == null) {
      throw new io.waas.core.KeyDestroyedException("signing key " + id + " was destroyed", "", id);
    }
    return s.sign(data);
  }

  /**
   * Verifies a raw JWS-form signature with this key, whatever its status (the caller checks it).
   *
   * @param raw the raw signature
   * @param data the data
   * @throws GeneralSecurityException if it does not verify, or the key was destroyed
   */
  public void verify(byte[] raw, byte[] data) throws GeneralSecurityException {
    PublicKeyVerify v = verifier;
    if (v == null) {
      throw new io.waas.core.KeyDestroyedException("signing key " + id + " was destroyed", "", id);
    }
    v.verify(raw, data);
  }

  /** Returns the raw public key (a copy), or null if destroyed. */
  public byte @Nullable [] publicKey() {
    return publicKey == null ? null : publicKey.clone();
  }

  /** Returns a fresh copy of the raw private key, or null if destroyed. The caller wipes it. */
  byte @Nullable [] privateKeyBytes() {
    return privateKey == null ? null : TinkSignatureKeys.privateKeyBytes(privateKey);
  }
}
