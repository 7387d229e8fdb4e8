package io.waas.crypto.internal;

import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.signature.EcdsaParameters;
import com.google.crypto.tink.signature.EcdsaPrivateKey;
import com.google.crypto.tink.signature.EcdsaPublicKey;
import com.google.crypto.tink.signature.Ed25519PrivateKey;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.signature.SignaturePrivateKey;
import com.google.crypto.tink.subtle.EcdsaSignJce;
import com.google.crypto.tink.subtle.EcdsaVerifyJce;
import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Ed25519Verify;
import com.google.crypto.tink.subtle.EllipticCurves;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBigInteger;
import io.waas.core.MalformedDataException;
import io.waas.crypto.SignatureAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.EllipticCurve;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Raw signature key bytes to and from Tink key objects and primitives, plus the public-key checks
 * and encodings the JWK and PEM code needs.
 *
 * <p>Raw forms: Ed25519 private = the 32-byte RFC 8032 seed, public = the 32-byte encoded point.
 * ECDSA P-256 private = the scalar as 32 big-endian bytes, public = the 65-byte uncompressed point
 * {@code 04 || x || y} (SEC 1).
 *
 * <p>Design: Tink's key objects ({@link Ed25519PrivateKey}, {@link EcdsaPrivateKey}) check on
 * construction that the public key belongs to the private key, so a stored keyset whose halves
 * disagree is refused when it is loaded, not when a signature fails to verify later. Keys carry
 * no Tink output prefix ({@code NO_PREFIX}): the SDK's own header names the key.
 */
public final class TinkSignatureKeys {
  /** Length of both algorithms' private keys in bytes. */
  public static final int PRIVATE_KEY_LENGTH = 32;

  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] P256_SPKI_PREFIX =
      HexFormat.of().parseHex("3059301306072a8648ce3d020106082a8648ce3d030107034200");

  /** The field prime of edwards25519, 2<sup>255</sup> - 19. */
  private static final BigInteger ED_P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  /** The curve constant d = -121665 / 121666 mod p. */
  private static final BigInteger ED_D =
      BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(ED_P)).mod(ED_P);

  private static final ECParameterSpec P256 = EllipticCurves.getNistP256Params();
  private static final EcdsaParameters ECDSA_P1363 = ecdsaParameters(EcdsaParameters.SignatureEncoding.IEEE_P1363);
  private static final EcdsaParameters ECDSA_DER = ecdsaParameters(EcdsaParameters.SignatureEncoding.DER);

  private TinkSignatureKeys() {}

  private static EcdsaParameters ecdsaParameters(EcdsaParameters.SignatureEncoding encoding) {
    try {
      return EcdsaParameters.builder()
          .setCurveType(EcdsaParameters.CurveType.NIST_P256)
          .setHashType(EcdsaParameters.HashType.SHA256)
          .setSignatureEncoding(encoding)
          .setVariant(EcdsaParameters.Variant.NO_PREFIX)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink refused fixed ECDSA P-256 parameters", e);
    }
  }

  /**
   * Returns the length of an algorithm's raw public key.
   *
   * @param algorithm the algorithm
   * @return 32 for Ed25519, 65 for ECDSA P-256
   */
  public static int publicKeyLength(SignatureAlgorithm algorithm) {
    return algorithm == SignatureAlgorithm.ED25519 ? 32 : 65;
  }

  /**
   * Generates a fresh key pair.
   *
   * @param algorithm the algorithm
   * @return Tink's private key object
   * @throws GeneralSecurityException if the platform cannot generate keys
   */
  @AccessesPartialKey
  static SignaturePrivateKey generate(SignatureAlgorithm algorithm) throws GeneralSecurityException {
    if (algorithm == SignatureAlgorithm.ED25519) {
      Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPair();
      byte[] seed = pair.getPrivateKey();
      try {
        return privateKey(algorithm, seed, pair.getPublicKey());
      } finally {
        Arrays.fill(seed, (byte) 0);
      }
    }
    KeyPair pair = EllipticCurves.generateKeyPair(EllipticCurves.CurveType.NIST_P256);
    EcdsaPublicKey publicKey =
        EcdsaPublicKey.builder()
            .setParameters(ECDSA_P1363)
            .setPublicPoint(((ECPublicKey) pair.getPublic()).getW())
            .build();
    return EcdsaPrivateKey.builder()
        .setPublicKey(publicKey)
        .setPrivateValue(
            SecretBigInteger.fromBigInteger(((ECPrivateKey) pair.getPrivate()).getS(), InsecureSecretKeyAccess.get()))
        .build();
  }

  /**
   * Rebuilds Tink's private key object from stored raw bytes, checking that both halves belong
   * together.
   *
   * @param algorithm the algorithm
   * @param privateKey the raw private key; not kept (Tink copies it), the caller wipes it
   * @param publicKey the raw public key
   * @return the key object
   * @throws MalformedDataException if the lengths are wrong, the public key is invalid, or the
   *     halves do not match
   */
  @AccessesPartialKey
  static SignaturePrivateKey privateKey(SignatureAlgorithm algorithm, byte[] privateKey, byte[] publicKey)
      throws MalformedDataException {
    if (privateKey.length != PRIVATE_KEY_LENGTH) {
      throw new MalformedDataException(algorithm + " private key must be " + PRIVATE_KEY_LENGTH + " bytes");
    }
    checkPublicKey(algorithm, publicKey);
    try {
      if (algorithm == SignatureAlgorithm.ED25519) {
        return Ed25519PrivateKey.create(
            Ed25519PublicKey.create(Bytes.copyFrom(publicKey)),
            com.google.crypto.tink.util.SecretBytes.copyFrom(privateKey, InsecureSecretKeyAccess.get()));
      }
      return EcdsaPrivateKey.builder()
          .setPublicKey(ecdsaPublicKey(publicKey, ECDSA_P1363))
          .setPrivateValue(
              SecretBigInteger.fromBigInteger(new BigInteger(1, privateKey), InsecureSecretKeyAccess.get()))
          .build();
    } catch (GeneralSecurityException e) {
      throw new MalformedDataException(algorithm + " private and public key do not belong together", e);
    }
  }

  /**
   * Returns the raw private key of a Tink key object. The caller must wipe the result.
   *
   * @param key the key
   * @return a fresh array of {@value #PRIVATE_KEY_LENGTH} bytes
   */
  @AccessesPartialKey
  static byte[] privateKeyBytes(SignaturePrivateKey key) {
    if (key instanceof Ed25519PrivateKey ed) {
      return ed.getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    }
    BigInteger d = ((EcdsaPrivateKey) key).getPrivateValue().getBigInteger(InsecureSecretKeyAccess.get());
    return fixedLength(d, PRIVATE_KEY_LENGTH);
  }

  /**
   * Returns the raw public key of a Tink key object.
   *
   * @param key the key
   * @return a fresh array (32 or 65 bytes)
   */
  @AccessesPartialKey
  static byte[] publicKeyBytes(SignaturePrivateKey key) {
    if (key instanceof Ed25519PrivateKey ed) {
      return ed.getPublicKey().getPublicKeyBytes().toByteArray();
    }
    ECPoint w = ((EcdsaPrivateKey) key).getPublicKey().getPublicPoint();
    byte[] out = new byte[65];
    out[0] = 4;
    System.arraycopy(fixedLength(w.getAffineX(), 32), 0, out, 1, 32);
    System.arraycopy(fixedLength(w.getAffineY(), 32), 0, out, 33, 32);
    return out;
  }

  /**
   * Creates the signing primitive of a key; signatures come out in the JWS form.
   *
   * @param key the key
   * @return Tink's thread-safe signer
   * @throws GeneralSecurityException if Tink refuses the key
   */
  static PublicKeySign signer(SignaturePrivateKey key) throws GeneralSecurityException {
    if (key instanceof Ed25519PrivateKey ed) {
      return Ed25519Sign.create(ed);
    }
    return EcdsaSignJce.create((EcdsaPrivateKey) key);
  }

  /**
   * Creates the verification primitive of a raw public key.
   *
   * @param algorithm the algorithm
   * @param publicKey the raw public key
   * @param der for ECDSA, whether signatures are DER instead of IEEE P1363; must be false for
   *     Ed25519
   * @return Tink's thread-safe verifier
   * @throws MalformedDataException if the public key is invalid
   */
  @AccessesPartialKey
  public static PublicKeyVerify verifier(SignatureAlgorithm algorithm, byte[] publicKey, boolean der)
      throws MalformedDataException {
    checkPublicKey(algorithm, publicKey);
    try {
      if (algorithm == SignatureAlgorithm.ED25519) {
        if (der) {
          throw new IllegalArgumentException("Ed25519 signatures have no DER form");
        }
        return Ed25519Verify.create(Ed25519PublicKey.create(Bytes.copyFrom(publicKey)));
      }
      PublicKeyVerify tink = EcdsaVerifyJce.create(ecdsaPublicKey(publicKey, der ? ECDSA_DER : ECDSA_P1363));
      return new EcdsaP256Verify(tink, publicKey, der);
    } catch (GeneralSecurityException e) {
      throw new MalformedDataException(algorithm + " public key refused: " + e.getMessage(), e);
    }
  }

  @AccessesPartialKey
  private static EcdsaPublicKey ecdsaPublicKey(byte[] uncompressed, EcdsaParameters parameters)
      throws GeneralSecurityException {
    ECPoint w =
        new ECPoint(
            new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
            new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
    return EcdsaPublicKey.builder().setParameters(parameters).setPublicPoint(w).build();
  }

  /**
   * Checks a raw public key: its length, and that it is a point of the algorithm's curve (for
   * Ed25519: a canonical encoding that decompresses to a curve point, RFC 8032 section 5.1.3; for
   * P-256: the uncompressed form with both coordinates below the field prime and on the curve).
   *
   * @param algorithm the algorithm
   * @param publicKey the raw public key
   * @throws MalformedDataException if it is not a valid public key
   */
  public static void checkPublicKey(SignatureAlgorithm algorithm, byte[] publicKey) throws MalformedDataException {
    int expected = publicKeyLength(algorithm);
    if (publicKey.length != expected) {
      throw new MalformedDataException(
          algorithm + " public key must be " + expected + " bytes, was " + publicKey.length);
    }
    if (algorithm == SignatureAlgorithm.ED25519) {
      if (!isEd25519Point(publicKey)) {
        throw new MalformedDataException("Ed25519 public key is not a point on the curve");
      }
      return;
    }
    if (publicKey[0] != 4) {
      throw new MalformedDataException("P-256 public key must be an uncompressed point (04 || x || y)");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(publicKey, 1, 33));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(publicKey, 33, 65));
    if (!isP256Point(x, y)) {
      throw new MalformedDataException("P-256 public key is not a point on the curve");
    }
  }

  /** Whether (x, y) is an affine point of P-256, with both coordinates reduced. */
  private static boolean isP256Point(BigInteger x, BigInteger y) {
    EllipticCurve curve = P256.getCurve();
    BigInteger p;
    try {
      p = EllipticCurves.getModulus(curve);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 has a prime field", e);
    }
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger lhs = y.multiply(y).mod(p);
    BigInteger rhs = x.multiply(x).add(curve.getA()).multiply(x).add(curve.getB()).mod(p);
    return lhs.equals(rhs);
  }

  /**
   * RFC 8032 point decoding, without computing x: y must be below p, and x<sup>2</sup> = (y<sup>2</sup>
   * - 1) / (d y<sup>2</sup> + 1) must be a square; x = 0 with the sign bit set is not canonical.
   * Public data only, so BigInteger's variable time is fine.
   */
  private static boolean isEd25519Point(byte[] encoded) {
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = encoded[31 - i];
    }
    int sign = (bigEndian[0] >>> 7) & 1;
    bigEndian[0] &= 0x7f;
    BigInteger y = new BigInteger(1, bigEndian);
    if (y.compareTo(ED_P) >= 0) {
      return false;
    }
    BigInteger y2 = y.multiply(y).mod(ED_P);
    BigInteger u = y2.subtract(BigInteger.ONE).mod(ED_P);
    // d is not a square mod p, so d*y^2 + 1 is never 0.
    BigInteger v = ED_D.multiply(y2).add(BigInteger.ONE).mod(ED_P);
    BigInteger x2 = u.multiply(v.modInverse(ED_P)).mod(ED_P);
    if (x2.signum() == 0) {
      return sign == 0;
    }
    // Euler's criterion: x2 is a square iff x2^((p-1)/2) == 1.
    return x2.modPow(ED_P.subtract(BigInteger.ONE).shiftRight(1), ED_P).equals(BigInteger.ONE);
  }

  /**
   * Encodes a raw public key as a DER SubjectPublicKeyInfo (RFC 8410 for Ed25519, RFC 5480 for
   * P-256 with the uncompressed point).
   *
   * @param algorithm the algorithm
   * @param publicKey the raw public key, already checked
   * @return the DER bytes
   */
  public static byte[] subjectPublicKeyInfo(SignatureAlgorithm algorithm, byte[] publicKey) {
    byte[] prefix = algorithm == SignatureAlgorithm.ED25519 ? ED25519_SPKI_PREFIX : P256_SPKI_PREFIX;
    byte[] out = Arrays.copyOf(prefix, prefix.length + publicKey.length);
    System.arraycopy(publicKey, 0, out, prefix.length, publicKey.length);
    return out;
  }

  /** Big-endian unsigned encoding of {@code v} in exactly {@code length} bytes. */
  static byte[] fixedLength(BigInteger v, int length) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[length];
    int copy = Math.min(b.length, length);
    System.arraycopy(b, b.length - copy, out, length - copy, copy);
    Arrays.fill(b, (byte) 0);
    return out;
  }
}
