package io.waas.crypto;

import java.security.GeneralSecurityException;

/**
 * Verifies detached signatures made by a {@link Signer}, using public keys only.
 *
 * <p>Thread-safe.
 */
public interface SignatureVerifier {
  /**
   * Checks a detached signature.
   *
   * @param signature the signature from {@link Signer#sign}
   * @param data the data it should sign
   * @throws io.waas.core.MalformedDataException if {@code signature} is not in the signature format
   * @throws VerificationFailedException if the signature does not match the data
   * @throws io.waas.core.KeyNotFoundException if the key it names is not among this verifier's keys
   * @throws GeneralSecurityException for other failures
   */
  void verify(byte[] signature, byte[] data) throws GeneralSecurityException;
}
