package io.waas.crypto.internal;

import io.waas.core.MalformedDataException;
import io.waas.crypto.SignatureAlgorithm;
import java.util.Arrays;

/**
 * The SDK's detached signature format, version 1:
 *
 * <pre>
 * u8 version = 1 | u8 algorithm id | u32 key id (big-endian, non-zero) | raw signature (64 bytes)
 * </pre>
 *
 * <p>The raw signature is the JWS form: Ed25519's 64 bytes (RFC 8032), or ECDSA P-256's IEEE P1363
 * {@code r || s} (two 32-byte big-endian integers). Fixed lengths keep parsing trivial, and the
 * raw part can be handed unchanged to any JOSE/WebCrypto verifier with the exported JWK.
 *
 * <p>The 6-byte header is not signed: it only selects the key. The verifier takes the algorithm
 * from the key it finds, never from the header, and refuses a header whose algorithm differs, so
 * editing the header can only make verification fail.
 *
 * <p>Immutable.
 */
public final class DetachedSignature {
  /** The format version this class writes and reads. */
  public static final int VERSION = 1;
  /** Version, algorithm and key id. */
  public static final int HEADER_LENGTH = 6;
  /** Raw signature length of both algorithms. */
  public static final int RAW_LENGTH = 64;
  /** Total length of a version-1 signature. */
  public static final int LENGTH = HEADER_LENGTH + RAW_LENGTH;

  private final SignatureAlgorithm algorithm;
  private final long keyId;
  private final byte[] raw;

  private DetachedSignature(SignatureAlgorithm algorithm, long keyId, byte[] raw) {
    this.algorithm = algorithm;
    this.keyId = keyId;
    this.raw = raw;
  }

  /**
   * Builds a signature.
   *
   * @param algorithm the key's algorithm
   * @param keyId the key id, 1 to 2<sup>32</sup>-1
   * @param raw the raw signature, {@value #RAW_LENGTH} bytes
   * @return the encoded signature
   * @throws IllegalArgumentException if the key id or raw length is out of range
   */
  public static byte[] encode(SignatureAlgorithm algorithm, long keyId, byte[] raw) {
    if (keyId <= 0 || keyId > 0xffffffffL) {
      throw new IllegalArgumentException("key id out of range: " + keyId);
    }
    if (raw.length != RAW_LENGTH) {
      throw new IllegalArgumentException("raw signature must be " + RAW_LENGTH + " bytes, was " + raw.length);
    }
    byte[] out = new byte[LENGTH];
    out[0] = VERSION;
    out[1] = (byte) algorithm.id();
    out[2] = (byte) (keyId >>> 24);
    out[3] = (byte) (keyId >>> 16);
    out[4] = (byte) (keyId >>> 8);
    out[5] = (byte) keyId;
    System.arraycopy(raw, 0, out, HEADER_LENGTH, RAW_LENGTH);
    return out;
  }

  /**
   * Parses a signature. Checks the layout only; nothing cryptographic.
   *
   * @param signature the encoded signature; not modified
   * @return the parsed signature
   * @throws MalformedDataException if the length, version, algorithm or key id is invalid
   */
  public static DetachedSignature parse(byte[] signature) throws MalformedDataException {
    if (signature.length < HEADER_LENGTH) {
      throw new MalformedDataException(
          "not a signature: " + signature.length + " bytes, shorter than the " + HEADER_LENGTH + "-byte header");
    }
    int version = signature[0] & 0xff;
    if (version != VERSION) {
      throw new MalformedDataException("unsupported signature format version " + version + " (expected " + VERSION + ")");
    }
    int algId = signature[1] & 0xff;
    SignatureAlgorithm algorithm = SignatureAlgorithm.byId(algId);
    if (algorithm == null) {
      throw new MalformedDataException("signature names unknown algorithm " + algId);
    }
    if (signature.length != LENGTH) {
      throw new MalformedDataException(
          "a " + algorithm + " signature is " + LENGTH + " bytes, got " + signature.length);
    }
    long keyId =
        ((long) (signature[2] & 0xff) << 24)
            | ((signature[3] & 0xff) << 16)
            | ((signature[4] & 0xff) << 8)
            | (signature[5] & 0xff);
    if (keyId == 0) {
      throw new MalformedDataException("signature names key id 0, which no key has");
    }
    return new DetachedSignature(algorithm, keyId, Arrays.copyOfRange(signature, HEADER_LENGTH, LENGTH));
  }

  /**
   * Returns the algorithm the header names.
   *
   * @return the algorithm the header names
   */
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the key id the header names.
   *
   * @return the key id the header names
   */
  public long keyId() {
    return keyId;
  }

  /**
   * Returns the raw signature (a copy).
   *
   * @return the raw signature (a copy)
   */
  public byte[] raw() {
    return raw.clone();
  }
}
