package io.waas.crypto.internal;

import com.google.crypto.tink.PublicKeyVerify;
import com.google.crypto.tink.subtle.EllipticCurves;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA P-256/SHA-256 verification: Tink's {@code EcdsaVerifyJce}, plus a re-check with Bouncy
 * Castle for the one case where the JDK's SunEC provider (JDK 17) is wrong.
 *
 * <p>Why: SEC 1 (section 4.1.4) accepts a signature when {@code x(R) mod n == r}. SunEC compares
 * {@code x(R)} with {@code r} without reducing it modulo the group order n, so it rejects the valid
 * signatures whose {@code x(R)} lies in {@code [n, p)}. Such signatures have {@code r = x(R) - n <
 * p - n}, about 2<sup>126</sup>: honest signers produce them with probability about
 * 2<sup>-130</sup>, but anyone choosing the key can make them (Wycheproof's "k*G has a large
 * x-coordinate" vectors), and other verifiers accept them. Rejecting them would make the SDK
 * disagree with the rest of the world about valid signatures.
 *
 * <p>How: Tink decides everything it accepts, and every rejection with {@code r >= p - n}. Only a
 * rejected, well-formed signature (exactly 64 bytes in P1363, or strict DER) with {@code 0 < r < p
 * - n} is verified again, in full, by Bouncy Castle's {@link ECDSASigner}, which reduces modulo n
 * as the standard says. The fallback can therefore never accept what a correct verifier rejects,
 * and costs nothing on the normal path.
 *
 * <p>Immutable and thread-safe.
 */
final class EcdsaP256Verify implements PublicKeyVerify {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
  /** p - n: every r at or above it has x(R) = r exactly, where SunEC is right. */
  private static final BigInteger P_MINUS_N = CURVE.getCurve().getField().getCharacteristic().subtract(CURVE.getN());

  private final PublicKeyVerify tink;
  private final ECPublicKeyParameters key;
  private final boolean der;

  /**
   * Wraps Tink's verifier.
   *
   * @param tink Tink's verifier for the key
   * @param uncompressedPoint the key as {@code 04 || x || y}, already checked to be on the curve
   * @param der whether signatures are DER (else IEEE P1363)
   */
  EcdsaP256Verify(PublicKeyVerify tink, byte[] uncompressedPoint, boolean der) {
    this.tink = tink;
    this.key = new ECPublicKeyParameters(CURVE.getCurve().decodePoint(uncompressedPoint), DOMAIN);
    this.der = der;
  }

  @Override
  public void verify(byte[] signature, byte[] data) throws GeneralSecurityException {
    try {
      tink.verify(signature, data);
    } catch (GeneralSecurityException rejected) {
      if (!acceptedByReducingVerifier(signature, data)) {
        throw rejected;
      }
    }
  }

  private boolean acceptedByReducingVerifier(byte[] signature, byte[] data) throws GeneralSecurityException {
    BigInteger r;
    BigInteger s;
    if (der) {
      if (!EllipticCurves.isValidDerEncoding(signature)) {
        return false;
      }
      try {
        // Strict: decodes only DER that re-encodes identically, with 0 < r, s < n.
        BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(CURVE.getN(), signature);
        r = rs[0];
        s = rs[1];
      } catch (IOException | RuntimeException e) {
        return false; // fail closed: the rejection stands
      }
    } else {
      if (signature.length != 64) {
        return false;
      }
      r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
      s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    }
    if (r.signum() <= 0 || r.compareTo(P_MINUS_N) >= 0) {
      return false; // outside the range SunEC gets wrong: its rejection stands
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
    return verifier.verifySignature(digest, r, s);
  }
}
