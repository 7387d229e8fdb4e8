package io.waas.crypto;

/**
 * How a bare signature (without the SDK's header) is encoded, for {@link
 * SigningPublicKey#verifyRawSignature}: the interoperability path for signatures made by other
 * tools. The SDK itself only ever writes {@link #JWS}.
 */
public enum RawSignatureEncoding {
  /**
   * The form JWS uses: for Ed25519 the 64-byte RFC 8032 signature; for ECDSA P-256 the 64-byte
   * IEEE P1363 concatenation {@code r || s} (RFC 7518 section 3.4, WebCrypto, PKCS#11).
   */
  JWS,

  /**
   * ECDSA only: the ASN.1 DER {@code SEQUENCE { r INTEGER, s INTEGER }} that OpenSSL, X.509,
   * Java's {@code SHA256withECDSA} and most TLS stacks produce. Only strict DER is accepted (no
   * BER, no extra bytes). Not valid for Ed25519 keys.
   */
  ECDSA_DER
}
