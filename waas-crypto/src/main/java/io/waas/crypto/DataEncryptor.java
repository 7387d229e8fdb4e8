package io.waas.crypto;

import java.security.GeneralSecurityException;

/**
 * Authenticated encryption of data at rest, bound to an {@link EncryptionContext}. Obtain one from
 * {@link KeyRing#encryptor()}.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Confidentiality and integrity: AES-256-GCM (default) or XChaCha20-Poly1305 with a fresh
 *       random nonce per message.
 *   <li>Context binding: the whole context is authenticated; decrypting with any other tenant,
 *       subject, purpose, record id or attribute fails.
 *   <li>Key commitment: a ciphertext is valid under exactly one data key.
 *   <li>No partial output: decryption returns the whole plaintext or throws; nothing is released
 *       from data that failed authentication.
 * </ul>
 *
 * <p><b>Not hidden:</b> the plaintext's length (ciphertext = plaintext + 68 bytes for AES-GCM, +80
 * for XChaCha), the key id, and whether two ciphertexts share a key.
 *
 * <p>Implementations are thread-safe.
 */
public interface DataEncryptor {
  /**
   * Encrypts {@code plaintext} under the primary key of the context's scope, creating the scope's
   * first key if the key ring allows it.
   *
   * @param plaintext the data, any length up to about 2 GiB
   * @param context what the data is and whose
   * @return a self-describing ciphertext
   * @throws io.waas.core.KeyDestroyedException if the scope was crypto-shredded
   * @throws io.waas.core.KeyUnavailableException if the scope has no usable primary key
   * @throws KeyStoreAccessException if the key store cannot be read or written
   * @throws GeneralSecurityException for other cryptographic failures
   */
  byte[] encrypt(byte[] plaintext, EncryptionContext context) throws GeneralSecurityException;

  /**
   * Decrypts a ciphertext made by {@link #encrypt} with the same context.
   *
   * @param ciphertext the ciphertext
   * @param context the context given at encryption
   * @return the plaintext
   * @throws MalformedCiphertextException if the input is not in the ciphertext format
   * @throws DecryptionFailedException if it was modified, the context differs, or the key
   *     commitment does not match
   * @throws io.waas.core.KeyNotFoundException if the key it names is unknown in the scope
   * @throws io.waas.core.KeyDisabledException if that key is disabled
   * @throws io.waas.core.KeyDestroyedException if that key was destroyed (crypto-shredded)
   * @throws KeyStoreAccessException if the key store cannot be read
   * @throws GeneralSecurityException for other cryptographic failures
   */
  byte[] decrypt(byte[] ciphertext, EncryptionContext context) throws GeneralSecurityException;
}
