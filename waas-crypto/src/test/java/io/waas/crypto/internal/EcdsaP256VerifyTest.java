package io.waas.crypto.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.PublicKeyVerify;
import io.waas.crypto.SignatureAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

/**
 * ECDSA P-256 signatures whose R has an x-coordinate at or above the group order n: valid by SEC
 * 1, rejected by the JDK 17 SunEC provider, accepted by the SDK through its re-check. The vectors
 * are constructed here, the way Wycheproof builds its "k*G has a large x-coordinate" cases: pick R
 * with x(R) = r + n, any s, and solve for the public key Q = r<sup>-1</sup>(sR - eG).
 */
class EcdsaP256VerifyTest {
  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final BigInteger N = P256.getN();
  private static final byte[] MESSAGE = "large x".getBytes(UTF_8);

  /** A public key and a valid signature (r, s) of MESSAGE with x(R) = r + n. */
  private static final class Vector {
    final byte[] publicKey;
    final BigInteger r;
    final BigInteger s;

    Vector(byte[] publicKey, BigInteger r, BigInteger s) {
      this.publicKey = publicKey;
      this.r = r;
      this.s = s;
    }
  }

  private static Vector largeXVector(SecureRandom random) throws GeneralSecurityException {
    ECPoint bigR = null;
    BigInteger r = BigInteger.ONE;
    while (bigR == null) {
      r = r.add(BigInteger.ONE);
      byte[] compressed = new byte[33];
      compressed[0] = 2;
      byte[] x = TinkSignatureKeys.fixedLength(r.add(N), 32);
      System.arraycopy(x, 0, compressed, 1, 32);
      try {
        bigR = P256.getCurve().decodePoint(compressed);
      } catch (IllegalArgumentException notOnCurve) {
        bigR = null;
      }
    }
    BigInteger s = new BigInteger(255, random).add(BigInteger.ONE);
    BigInteger e = new BigInteger(1, MessageDigest.getInstance("SHA-256").digest(MESSAGE));
    ECPoint q = bigR.multiply(s).subtract(P256.getG().multiply(e.mod(N))).multiply(r.modInverse(N)).normalize();
    return new Vector(q.getEncoded(false), r, s);
  }

  private static byte[] p1363(BigInteger r, BigInteger s) {
    byte[] out = new byte[64];
    System.arraycopy(TinkSignatureKeys.fixedLength(r, 32), 0, out, 0, 32);
    System.arraycopy(TinkSignatureKeys.fixedLength(s, 32), 0, out, 32, 32);
    return out;
  }

  @Test
  void verify_xOfRAboveOrder_acceptedInBothEncodings() throws Exception {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 3; i++) {
      Vector v = largeXVector(random);
      assertTrue(v.r.compareTo(BigInteger.valueOf(1000)) < 0);
      PublicKeyVerify p1363 = TinkSignatureKeys.verifier(SignatureAlgorithm.ECDSA_P256_SHA256, v.publicKey, false);
      PublicKeyVerify der = TinkSignatureKeys.verifier(SignatureAlgorithm.ECDSA_P256_SHA256, v.publicKey, true);
      p1363.verify(p1363(v.r, v.s), MESSAGE);
      der.verify(StandardDSAEncoding.INSTANCE.encode(N, v.r, v.s), MESSAGE);
    }
  }

  @Test
  void verify_xOfRAboveOrder_wrongDataOrSignature_stillRejected() throws Exception {
    Vector v = largeXVector(new SecureRandom());
    PublicKeyVerify p1363 = TinkSignatureKeys.verifier(SignatureAlgorithm.ECDSA_P256_SHA256, v.publicKey, false);
    PublicKeyVerify der = TinkSignatureKeys.verifier(SignatureAlgorithm.ECDSA_P256_SHA256, v.publicKey, true);
    assertThrows(GeneralSecurityException.class, () -> p1363.verify(p1363(v.r, v.s), "other".getBytes(UTF_8)));
    assertThrows(GeneralSecurityException.class, () -> p1363.verify(p1363(v.r, v.s.add(BigInteger.ONE)), MESSAGE));
    assertThrows(GeneralSecurityException.class, () -> p1363.verify(p1363(v.r.add(BigInteger.ONE), v.s), MESSAGE));
    // r + n names the same x(R) but is out of range: refused (malleability).
    assertThrows(GeneralSecurityException.class, () -> p1363.verify(p1363(v.r.add(N), v.s), MESSAGE));
    // n - s is the other valid s for the same R: ECDSA accepts it, like every ECDSA verifier.
    p1363.verify(p1363(v.r, N.subtract(v.s)), MESSAGE);
    // Non-strict DER of the valid signature (an extra leading zero in r) is refused.
    byte[] strict = StandardDSAEncoding.INSTANCE.encode(N, v.r, v.s);
    byte[] loose = new byte[strict.length + 1];
    loose[0] = 0x30;
    loose[1] = (byte) (strict[1] + 1);
    loose[2] = 0x02;
    loose[3] = (byte) (strict[3] + 1);
    loose[4] = 0;
    System.arraycopy(strict, 4, loose, 5, strict.length - 4);
    der.verify(strict, MESSAGE);
    assertThrows(GeneralSecurityException.class, () -> der.verify(loose, MESSAGE));
    // P1363 of the wrong length is refused.
    assertThrows(GeneralSecurityException.class, () -> p1363.verify(new byte[63], MESSAGE));
  }
}
