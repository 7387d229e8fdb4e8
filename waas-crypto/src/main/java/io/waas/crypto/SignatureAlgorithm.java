package io.waas.crypto;

import org.jspecify.annotations.Nullable;

/**
 * The digital-signature algorithms a signing key can use. Both give about 128-bit security and
 * 64-byte signatures; both are verifiable by standard JOSE/JWK tooling ({@link #jwsAlgorithm()}).
 */
public enum SignatureAlgorithm {
  /**
   * Ed25519 (RFC 8032, pure EdDSA over edwards25519): the default. Deterministic signatures, no
   * per-signature randomness to get wrong, fast, and small keys. JWS name {@code EdDSA} (RFC 8037).
   */
  ED25519(1, "EdDSA"),

  /**
   * ECDSA over NIST P-256 with SHA-256, signatures in the fixed-length IEEE P1363 form {@code r ||
   * s}. JWS name {@code ES256} (RFC 7518). Use it when a verifier cannot do Ed25519 (FIPS-only
   * environments, older HSMs, some cloud KMS and browser WebCrypto versions).
   */
  ECDSA_P256_SHA256(2, "ES256");

  private final int id;
  private final String jwsAlgorithm;

  SignatureAlgorithm(int id, String jwsAlgorithm) {
    this.id = id;
    this.jwsAlgorithm = jwsAlgorithm;
  }

  /**
   * Returns the algorithm's identifier in the signature and key store formats.
   *
   * @return the one-byte id
   */
  public int id() {
    return id;
  }

  /**
   * Returns the algorithm's JWS name, as written in a JWK's {@code alg} member.
   *
   * @return {@code "EdDSA"} or {@code "ES256"}
   */
  public String jwsAlgorithm() {
    return jwsAlgorithm;
  }

  /**
   * Looks an algorithm up by its format id.
   *
   * @param id the one-byte id
   * @return the algorithm, or {@code null} if the id is unknown
   */
  public static @Nullable SignatureAlgorithm byId(int id) {
    for (SignatureAlgorithm a : values()) {
      if (a.id == id) {
        return a;
      }
    }
    return null;
  }
}
