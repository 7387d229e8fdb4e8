package io.waas.auth.mfa;

import java.util.List;

/**
 * Where a user's recovery codes are kept — only as keyed hashes (see {@link RecoveryCodes}); the
 * store never sees a code. Hashes are opaque ASCII strings of at most 64 characters.
 *
 * <p>Implementations: {@link InMemoryRecoveryCodeStore}, {@link JdbcRecoveryCodeStore}. They must
 * be thread-safe, and:
 *
 * <ul>
 *   <li>{@link #replaceAll} replaces the user's whole set atomically: concurrent readers see the
 *       old set or the new one, never a mix, and two concurrent replacements leave one of the two
 *       sets, never their union;
 *   <li>{@link #consume} removes a hash atomically, returning {@code true} to exactly one of any
 *       number of concurrent callers consuming the same hash.
 * </ul>
 */
public interface RecoveryCodeStore {
  /**
   * Replaces the user's recovery code hashes with {@code hashes}, atomically.
   *
   * @param tenant the tenant id
   * @param subject the user id
   * @param hashes the new set (may be empty to remove all codes)
   * @throws OtpStoreException if the store cannot be reached; the old set is then unchanged
   */
  void replaceAll(String tenant, String subject, List<String> hashes);

  /**
   * Removes one hash if present, atomically.
   *
   * @param tenant the tenant id
   * @param subject the user id
   * @param hash the hash of the code being redeemed
   * @return whether this call removed it (the code was valid and unused)
   * @throws OtpStoreException if the store cannot be reached
   */
  boolean consume(String tenant, String subject, String hash);

  /**
   * Returns the user's remaining hashes.
   *
   * @param tenant the tenant id
   * @param subject the user id
   * @return the hashes, in no particular order
   * @throws OtpStoreException if the store cannot be reached
   */
  List<String> hashes(String tenant, String subject);
}
