package io.waas.crypto;

import java.security.GeneralSecurityException;

/**
 * Makes detached digital signatures with the primary key of a named signing keyset. Anyone with
 * the public key can check them with a {@link SignatureVerifier}, without access to the key store.
 *
 * <p>A signature names the key id that made it, so verifiers can pick the right public key after
 * rotation.
 *
 * <p>Thread-safe.
 */
public interface Signer {
  /**
   * Signs {@code data}.
   *
   * @param data the data to sign
   * @return a detached signature that carries the signing key's id
   * @throws io.waas.core.KeyUnavailableException if the keyset has no usable primary key
   * @throws GeneralSecurityException if signing or the key store fails
   */
  byte[] sign(byte[] data) throws GeneralSecurityException;
}
