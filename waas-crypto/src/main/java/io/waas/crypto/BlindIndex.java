package io.waas.crypto;

import java.security.GeneralSecurityException;
import java.util.List;

/**
 * A keyed blind index for one field of one key scope: a short token computed from a value with
 * HMAC-SHA256 under a key only the key ring holds, stored in its own column beside the encrypted
 * value, so rows can be found by value ({@code WHERE email_idx IN (...)}) while the value itself
 * stays encrypted with {@link DataEncryptor} (random nonces, bound to its record). Obtain one from
 * {@link KeyRing#blindIndex(KeyScope, String, BlindIndexParameters)}.
 *
 * <pre>{@code
 * BlindIndex byEmail = keys.blindIndex(KeyScope.tenant("acme"), "customer.email", BlindIndexParameters.email());
 * row.emailIdx = byEmail.compute(email);                            // write, beside the ciphertext
 * List<String> tokens = byEmail.lookupTokens("Alice@Example.com");   // read
 * // SELECT ... WHERE email_idx IN (tokens...); then decrypt each candidate and compare
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Tokens are HMAC-SHA256 under a key derived (HKDF-SHA256) from the scope's data key, the
 *       field name and the parameters: without the key ring nobody can compute a token, test a
 *       guessed value against the column, or link tokens of two fields, two scopes or two
 *       parameter sets.
 *   <li>Rotation-aware: a token names the key that made it; {@link #lookupTokens} returns the
 *       token under every enabled key, so rows indexed before a rotation are still found.
 *   <li>Rotates, disables and crypto-shreds with the scope: after {@link KeyRing#shred}, {@link
 *       #compute} and {@link #lookupTokens} fail with {@link io.waas.core.KeyDestroyedException},
 *       and the stored tokens can no longer be linked to any value.
 * </ul>
 *
 * <h2>What it reveals (by design)</h2>
 *
 * <ul>
 *   <li><b>Equality and frequency:</b> whoever sees the index column learns which rows share a
 *       value (up to deliberate collisions) and how often each value occurs. For low-entropy
 *       fields, that can reveal the values themselves by frequency analysis; choose few bits there
 *       (see {@link BlindIndexParameters}).
 *   <li><b>False positives:</b> tokens are truncated HMACs ({@link BlindIndexParameters#bits()}),
 *       so two different values can share a token: deliberately often with short tokens. A lookup
 *       returns candidates; <b>the caller must decrypt each candidate and compare</b> before
 *       treating it as a match (normalized alike: {@code
 *       parameters().normalization().apply(value)}).
 *   <li>Normalization is applied before hashing: values that normalize equal (for example e-mail
 *       addresses differing in case) are indistinguishable in the index.
 *   <li>The index reveals nothing about the value's length.
 * </ul>
 *
 * <p>Token format: URL-safe base64 without padding of version {@code 1} (one byte), the 4-byte
 * key id (big-endian) and the first {@code bits / 8} bytes of the HMAC; {@code 4 * (5 + bits / 8) /
 * 3} characters rounded up: 28 characters at 128 bits. Tokens are ASCII and fit a {@code
 * VARCHAR}/{@code CHAR} column.
 *
 * <p>Implementations are thread-safe.
 */
public interface BlindIndex {
  /**
   * Computes the token of {@code value} under the scope's primary key, creating the scope's first
   * key if the key ring allows it. Store it beside the encrypted value.
   *
   * @param value the value; normalized as the parameters say
   * @return the token
   * @throws IllegalArgumentException if the value has an unpaired surrogate
   * @throws io.waas.core.KeyDestroyedException if the scope was crypto-shredded
   * @throws io.waas.core.KeyUnavailableException if the scope has no usable primary key
   * @throws KeyStoreAccessException if the key store cannot be read or written
   * @throws GeneralSecurityException for other cryptographic failures
   */
  String compute(String value) throws GeneralSecurityException;

  /**
   * Returns the token of {@code value} under every enabled key of the scope, primary key first:
   * the values to search the index column for. Matches are candidates: decrypt and compare.
   *
   * @param value the value to look for
   * @return the tokens, one per enabled key, primary first; never empty
   * @throws IllegalArgumentException if the value has an unpaired surrogate
   * @throws io.waas.core.KeyDestroyedException if the scope was crypto-shredded
   * @throws io.waas.core.KeyNotFoundException if the scope has no keys (nothing was ever indexed)
   * @throws KeyStoreAccessException if the key store cannot be read
   * @throws GeneralSecurityException for other cryptographic failures
   */
  List<String> lookupTokens(String value) throws GeneralSecurityException;

  /**
   * Reads which key made a token, without any key access: to find rows still indexed under a key
   * about to be destroyed (re-index them from the decrypted value first).
   *
   * @param token a token of this index
   * @return the key id
   * @throws io.waas.core.MalformedDataException if {@code token} is not a token of this index's
   *     format and length
   */
  long keyIdOf(String token) throws io.waas.core.MalformedDataException;

  /**
   * Returns the parameters.
   *
   * @return how tokens are computed
   */
  BlindIndexParameters parameters();
}
