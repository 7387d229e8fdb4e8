package io.waas.crypto.tls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * A public-key pin: the SHA-256 hash of a DER-encoded SubjectPublicKeyInfo, written in base64 as in
 * HPKP's {@code pin-sha256} (RFC 7469). Compute one from a certificate with
 *
 * <pre>{@code
 * openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform der \
 *   | openssl dgst -sha256 -binary | base64
 * }</pre>
 *
 * or with {@link #of(X509Certificate)}.
 *
 * <p>A pin is public information. Instances are immutable and thread-safe.
 */
public final class SpkiPin {
  private static final int SHA256_LENGTH = 32;

  private final byte[] hash;

  private SpkiPin(byte[] hash) {
    this.hash = hash;
  }

  /**
   * Parses a {@code pin-sha256} value.
   *
   * @param base64 the standard base64 (with padding) of a 32-byte SHA-256 hash, for example {@code
   *     "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}
   * @return the pin
   * @throws IllegalArgumentException if the value is not base64 or not 32 bytes long
   */
  public static SpkiPin sha256(String base64) {
    byte[] hash;
    try {
      hash = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a pin-sha256 value: not standard base64: \"" + base64 + "\"", e);
    }
    if (hash.length != SHA256_LENGTH) {
      throw new IllegalArgumentException(
          "not a pin-sha256 value: decodes to " + hash.length + " bytes, a SHA-256 hash has 32: \"" + base64 + "\"");
    }
    return new SpkiPin(hash);
  }

  /**
   * The pin of a public key.
   *
   * @param key a public key whose {@link PublicKey#getEncoded()} is a SubjectPublicKeyInfo (all JDK
   *     keys)
   * @return the pin
   * @throws IllegalArgumentException if the key has no X.509 encoding
   */
  public static SpkiPin of(PublicKey key) {
    byte[] spki = key.getEncoded();
    if (spki == null || !"X.509".equals(key.getFormat())) {
      throw new IllegalArgumentException("public key " + key.getAlgorithm() + " has no SubjectPublicKeyInfo encoding");
    }
    return new SpkiPin(sha256Of(spki));
  }

  /**
   * The pin of a certificate's public key.
   *
   * @param certificate a certificate
   * @return the pin of its public key
   * @throws IllegalArgumentException if the key has no X.509 encoding
   */
  public static SpkiPin of(X509Certificate certificate) {
    return of(certificate.getPublicKey());
  }

  /**
   * Whether this pin is the pin of a key.
   *
   * @param key a public key
   * @return {@code true} if the SHA-256 of its SubjectPublicKeyInfo equals this pin
   * @throws IllegalArgumentException if the key has no X.509 encoding
   */
  public boolean matches(PublicKey key) {
    return equals(of(key));
  }

  /**
   * The base64 value, as used in {@code pin-sha256="..."}.
   *
   * @return standard base64 with padding (44 characters)
   */
  public String base64() {
    return Base64.getEncoder().encodeToString(hash);
  }

  private static byte[] sha256Of(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof SpkiPin other && MessageDigest.isEqual(hash, other.hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  /** Returns {@code pin-sha256="<base64>"}. */
  @Override
  public String toString() {
    return "pin-sha256=\"" + base64() + "\"";
  }
}
