package io.waas.crypto;

import com.google.crypto.tink.PublicKeyVerify;
import io.waas.core.MalformedDataException;
import io.waas.crypto.internal.JwkSetCodec;
import io.waas.crypto.internal.TinkSignatureKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The public half of one signing key, with its key id and algorithm: what a verifier outside the
 * key store needs. Obtained from a {@link PublicKeySet}.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>The key was checked when it was created: the right length, and a point on its curve.
 *   <li>Verification uses this key's own algorithm; a signature cannot pick another one.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class SigningPublicKey {
  private final long keyId;
  private final SignatureAlgorithm algorithm;
  private final byte[] publicKey;
  private final PublicKeyVerify verifier;

  /**
   * Checks a raw public key and builds its verifier.
   *
   * @throws MalformedDataException if the key is not a valid public key of the algorithm
   */
  SigningPublicKey(long keyId, SignatureAlgorithm algorithm, byte[] publicKey) throws MalformedDataException {
    if (keyId <= 0 || keyId > 0xffffffffL) {
      throw new IllegalArgumentException("key id out of range: " + keyId);
    }
    this.keyId = keyId;
    this.algorithm = algorithm;
    this.publicKey = publicKey.clone();
    this.verifier = TinkSignatureKeys.verifier(algorithm, this.publicKey, false);
  }

  static String kid(long keyId) {
    return JwkSetCodec.kid(keyId);
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
    return kid(keyId);
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
   * Returns the key as a DER SubjectPublicKeyInfo (RFC 8410 for Ed25519, RFC 5480 with the
   * uncompressed point for P-256), the input of Java's {@code X509EncodedKeySpec} and OpenSSL.
   *
   * @return a fresh array
   */
  public byte[] subjectPublicKeyInfo() {
    return TinkSignatureKeys.subjectPublicKeyInfo(algorithm, publicKey);
  }

  /**
   * Returns the key as a PEM {@code PUBLIC KEY} block (RFC 7468) of its SubjectPublicKeyInfo.
   *
   * @return the PEM text, ending with a newline
   */
  public String toPem() {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(subjectPublicKeyInfo());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  /** The raw public key (not a copy): 32 bytes, or the 65-byte uncompressed P-256 point. */
  byte[] rawPublicKey() {
    return publicKey;
  }

  /**
   * Verifies a raw signature in the JWS form (the SDK format's payload) with this key.
   *
   * @throws VerificationFailedException if it does not verify
   */
  void verifyJws(byte[] rawSignature, byte[] data) throws VerificationFailedException {
    try {
      verifier.verify(rawSignature, data);
    } catch (GeneralSecurityException e) {
      throw new VerificationFailedException(
          "signature does not match the data (" + algorithm + " key " + kid() + ")", e);
    }
  }

  /**
   * Verifies a bare signature made by another tool (no SDK header) with this key: the
   * interoperability path. SDK signatures go through {@link PublicKeySet#verifier()} instead,
   * which also picks the key by id.
   *
   * @param rawSignature the signature, in {@code encoding}
   * @param data the data it should sign
   * @param encoding how the signature is encoded; {@link RawSignatureEncoding#ECDSA_DER} only for
   *     ECDSA keys
   * @throws VerificationFailedException if the signature is not valid for the data under this key
   *     (including a signature that is not in the given encoding)
   * @throws IllegalArgumentException if {@code encoding} does not apply to this key's algorithm
   * @throws GeneralSecurityException for other failures
   */
  public void verifyRawSignature(byte[] rawSignature, byte[] data, RawSignatureEncoding encoding)
      throws GeneralSecurityException {
    if (encoding == RawSignatureEncoding.JWS) {
      verifyJws(rawSignature, data);
      return;
    }
    if (algorithm != SignatureAlgorithm.ECDSA_P256_SHA256) {
      throw new IllegalArgumentException(algorithm + " signatures have no DER encoding");
    }
    PublicKeyVerify der = TinkSignatureKeys.verifier(algorithm, publicKey, true);
    try {
      der.verify(rawSignature, data);
    } catch (GeneralSecurityException e) {
      throw new VerificationFailedException(
          "DER signature does not match the data (" + algorithm + " key " + kid() + ")", e);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SigningPublicKey other
        && other.keyId == keyId
        && other.algorithm == algorithm
        && Arrays.equals(other.publicKey, publicKey);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(keyId) * 31 + Arrays.hashCode(publicKey);
  }

  @Override
  public String toString() {
    return "SigningPublicKey[kid=" + kid() + ", " + algorithm.jwsAlgorithm() + "]";
  }
}
