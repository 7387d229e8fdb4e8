package io.waas.crypto;

import java.security.GeneralSecurityException;

/**
 * SPI: the key-encryption key (KEK) that wraps every stored keyset. The embedded default holds a
 * master key in memory ({@link MasterKeySource}); other implementations keep the KEK in a KMS or an
 * HSM so that it never leaves the device.
 *
 * <p>Implementations must be thread-safe, must authenticate what they wrap (an AEAD), and must bind
 * the associated data: unwrapping with different associated data must fail.
 */
public interface KeyEncryptionKey {
  /**
   * Returns a stable, non-secret id of this KEK, stored beside each wrapped keyset so a store can
   * tell which KEK wrapped it.
   *
   * @return the id, at most 200 characters
   */
  String id();

  /**
   * Encrypts and authenticates key material.
   *
   * @param plaintext the key material to wrap
   * @param associatedData data to bind to the wrapped value
   * @return the wrapped value
   * @throws GeneralSecurityException if wrapping fails
   */
  byte[] wrap(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException;

  /**
   * Decrypts and verifies wrapped key material.
   *
   * @param wrapped the output of {@link #wrap}
   * @param associatedData the same associated data given to {@link #wrap}
   * @return the key material; the caller wipes it
   * @throws GeneralSecurityException if the value was modified, wrapped by another KEK, or bound
   *     to other associated data
   */
  byte[] unwrap(byte[] wrapped, byte[] associatedData) throws GeneralSecurityException;
}
