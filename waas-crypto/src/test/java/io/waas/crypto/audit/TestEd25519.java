package io.waas.crypto.audit;

import com.google.crypto.tink.subtle.Ed25519Sign;
import com.google.crypto.tink.subtle.Ed25519Verify;
import io.waas.core.KeyNotFoundException;
import io.waas.core.MalformedDataException;
import io.waas.crypto.SignatureVerifier;
import io.waas.crypto.Signer;
import io.waas.crypto.VerificationFailedException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Test-only Ed25519 {@link Signer} and {@link SignatureVerifier} on Tink's subtle classes, standing
 * in for the key ring's signing keys. Signature format: 4-byte key id, then the 64-byte Ed25519
 * signature.
 */
final class TestEd25519 {
  static final int SIGNATURE_LENGTH = 68;

  private final byte[] seed;
  private final int keyId;
  private final Ed25519Sign sign;
  private final Ed25519Verify verify;

  private TestEd25519(byte[] seed) throws GeneralSecurityException {
    this.seed = seed.clone();
    Ed25519Sign.KeyPair pair = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed);
    this.sign = new Ed25519Sign(pair.getPrivateKey());
    this.verify = new Ed25519Verify(pair.getPublicKey());
    this.keyId = ByteBuffer.wrap(pair.getPublicKey()).getInt();
  }

  static TestEd25519 generate() throws GeneralSecurityException {
    byte[] seed = new byte[32];
    new SecureRandom().nextBytes(seed);
    return new TestEd25519(seed);
  }

  static TestEd25519 fromSeed(byte[] seed) throws GeneralSecurityException {
    return new TestEd25519(seed);
  }

  byte[] seed() {
    return seed.clone();
  }

  Signer signer() {
    return data -> {
      byte[] sig = sign.sign(data);
      return ByteBuffer.allocate(SIGNATURE_LENGTH).putInt(keyId).put(sig).array();
    };
  }

  SignatureVerifier verifier() {
    return (signature, data) -> {
      if (signature.length != SIGNATURE_LENGTH) {
        throw new MalformedDataException("not a test Ed25519 signature");
      }
      int id = ByteBuffer.wrap(signature).getInt();
      if (id != keyId) {
        throw new KeyNotFoundException("unknown signing key " + id, "test", id);
      }
      try {
        verify.verify(Arrays.copyOfRange(signature, 4, SIGNATURE_LENGTH), data);
      } catch (GeneralSecurityException e) {
        throw new VerificationFailedException("signature does not verify", e);
      }
    };
  }
}
