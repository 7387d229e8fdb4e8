package io.waas.crypto;

import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Deterministic encryption of fields that must be found by equality: the same plaintext under the
 * same key and context always gives the same ciphertext, so a database can compare stored values
 * ({@code WHERE email_enc IN (?, ?)}) without ever seeing them. Obtain one from {@link
 * KeyRing#deterministicEncryptor()}.
 *
 * <pre>{@code
 * DeterministicEncryptor det = keys.deterministicEncryptor();
 * EncryptionContext column = EncryptionContext.builder("acme").purpose("customer.email").build();
 * byte[] stored = det.encrypt(email, column);                 // write
 * List<byte[]> candidates = det.lookupCiphertexts(email, column);
 * // SELECT ... WHERE email_enc IN (candidates...)           // finds rows written under old keys too
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>AES-SIV (RFC 5297, Tink's {@code AesSiv}) with a 512-bit key derived from the scope's data
 *       key (HKDF-SHA256, label {@code waas-crypto/v1/daead}): a misuse-resistant authenticated
 *       cipher. Integrity is as strong as {@link DataEncryptor}'s: a modified ciphertext, or one
 *       moved to another tenant, subject, purpose or attribute set, fails to decrypt.
 *   <li>Rotation-aware: each ciphertext names the key that made it, so decryption keeps working
 *       after {@link KeyRing#rotate}; {@link #lookupCiphertexts} returns the ciphertext under every
 *       enabled key of the scope, so lookups still find rows written under older keys.
 *   <li>Rotates, disables and crypto-shreds with the scope: after {@link KeyRing#shred}, decryption
 *       and lookups fail with {@link io.waas.core.KeyDestroyedException}.
 * </ul>
 *
 * <h2>What it reveals (by design)</h2>
 *
 * <ul>
 *   <li><b>Equality and frequency:</b> anyone who sees the stored ciphertexts learns which rows hold
 *       equal values, and how often each value occurs. For a column with few distinct values
 *       (country, gender, status) that is close to revealing the values themselves: do not use
 *       deterministic encryption there; use {@link DataEncryptor}, or a coarse {@link BlindIndex}
 *       next to it.
 *   <li><b>Length:</b> the ciphertext is exactly the plaintext plus {@value #OVERHEAD} bytes, so it
 *       reveals the plaintext's exact length. Pad values to a fixed length first if that matters.
 *   <li>Equality within one key scope and one context only: the same value under another purpose
 *       (another column), tenant or data subject encrypts differently.
 * </ul>
 *
 * <p><b>Contexts:</b> the context must carry a purpose (naming the column, so equal values in two
 * columns do not match each other) and must not carry a record id: a record id makes every
 * ciphertext unique to its row, which defeats equality search. Both are refused with {@link
 * IllegalArgumentException}.
 *
 * <p>Ciphertext format: magic {@code "WD"} (0x57 0x44), format version 1, the 4-byte key id
 * (big-endian), then the AES-SIV output (16-byte synthetic IV and the encrypted bytes). The first
 * 7 bytes and the context's canonical encoding are authenticated as two associated-data
 * components.
 *
 * <p>Implementations are thread-safe.
 */
public interface DeterministicEncryptor {
  /** The number of bytes a ciphertext adds to its plaintext: a 7-byte header and the 16-byte SIV. */
  int OVERHEAD = 23;

  /**
   * Encrypts deterministically under the primary key of the context's scope, creating the scope's
   * first key if the key ring allows it.
   *
   * @param plaintext the value
   * @param context which column and whose; a purpose, no record id
   * @return the ciphertext, {@value #OVERHEAD} bytes longer than {@code plaintext}
   * @throws IllegalArgumentException if the context has a record id or no purpose
   * @throws io.waas.core.KeyDestroyedException if the scope was crypto-shredded
   * @throws io.waas.core.KeyUnavailableException if the scope has no usable primary key
   * @throws KeyStoreAccessException if the key store cannot be read or written
   * @throws GeneralSecurityException for other cryptographic failures
   */
  byte[] encrypt(byte[] plaintext, EncryptionContext context) throws GeneralSecurityException;

  /**
   * Decrypts a ciphertext made by {@link #encrypt} (under any key of the scope that is still
   * enabled) with the same context.
   *
   * @param ciphertext the ciphertext
   * @param context the context given at encryption
   * @return the plaintext
   * @throws IllegalArgumentException if the context has a record id or no purpose
   * @throws MalformedCiphertextException if the input is not a deterministic ciphertext
   * @throws DecryptionFailedException if it was modified or the context differs
   * @throws io.waas.core.KeyNotFoundException if the key it names is unknown in the scope
   * @throws io.waas.core.KeyDisabledException if that key is disabled
   * @throws io.waas.core.KeyDestroyedException if that key was destroyed (crypto-shredded)
   * @throws KeyStoreAccessException if the key store cannot be read
   * @throws GeneralSecurityException for other cryptographic failures
   */
  byte[] decrypt(byte[] ciphertext, EncryptionContext context) throws GeneralSecurityException;

  /**
   * Returns what {@link #encrypt} would have produced for {@code plaintext} under each enabled key
   * of the scope, primary key first: the values to search for ({@code WHERE col IN (...)}) so that
   * rows written before a rotation are still found. Disabled and destroyed keys are left out: rows
   * under them cannot be decrypted either. The list has one entry per enabled key; re-encrypt old
   * rows ({@link #reencrypt}) and destroy old keys to keep it short.
   *
   * @param plaintext the value to look for
   * @param context which column and whose; a purpose, no record id
   * @return the ciphertexts, one per enabled key, primary first; never empty
   * @throws IllegalArgumentException if the context has a record id or no purpose
   * @throws io.waas.core.KeyDestroyedException if the scope was crypto-shredded
   * @throws io.waas.core.KeyNotFoundException if the scope has no keys (nothing was ever written)
   * @throws KeyStoreAccessException if the key store cannot be read
   * @throws GeneralSecurityException for other cryptographic failures
   */
  List<byte[]> lookupCiphertexts(byte[] plaintext, EncryptionContext context) throws GeneralSecurityException;

  /**
   * Moves a ciphertext to the scope's current primary key (decrypt and encrypt again); returns the
   * input unchanged if it already uses the primary key. Run over a column after {@link
   * KeyRing#rotate}, then destroy the old key, and lookups need one value again.
   *
   * @param ciphertext the stored ciphertext
   * @param context its context
   * @return a ciphertext under the primary key
   * @throws GeneralSecurityException as {@link #decrypt} and {@link #encrypt} do
   */
  byte[] reencrypt(byte[] ciphertext, EncryptionContext context) throws GeneralSecurityException;
}
