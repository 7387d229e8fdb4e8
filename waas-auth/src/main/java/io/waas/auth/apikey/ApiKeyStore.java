package io.waas.auth.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link ApiKeys} keeps key records: looked up by the public key id (never by hash, never by scan).
 * Every method is atomic on its own; the conditional updates ({@link #revoke}, {@link #shortenExpiry},
 * {@link #touchLastUsed}) must check their condition and write in one atomic step.
 *
 * <p>Implementations: {@link InMemoryApiKeyStore} and {@link JdbcApiKeyStore}. They must be thread-safe.
 */
public interface ApiKeyStore {
  /**
   * Stores a new key.
   *
   * @param record the record
   * @return {@code false} if a key with the same id or hash exists (nothing stored)
   * @throws ApiKeyStoreException if the store cannot be written
   */
  boolean insert(ApiKeyRecord record) throws ApiKeyStoreException;

  /**
   * Finds a key by id.
   *
   * @param keyId the public key id
   * @return the record, if any
   * @throws ApiKeyStoreException if the store cannot be read
   */
  Optional<ApiKeyRecord> find(String keyId) throws ApiKeyStoreException;

  /**
   * Lists a tenant's keys, oldest first (ties by key id).
   *
   * @param tenant the tenant
   * @return the records
   * @throws ApiKeyStoreException if the store cannot be read
   */
  List<ApiKeyRecord> list(String tenant) throws ApiKeyStoreException;

  /**
   * Marks a key revoked if it belongs to {@code tenant} and is not revoked yet.
   *
   * @param tenant the tenant the key must belong to
   * @param keyId the key id
   * @param at the revocation time
   * @return whether a key changed
   * @throws ApiKeyStoreException if the store cannot be written
   */
  boolean revoke(String tenant, String keyId, Instant at) throws ApiKeyStoreException;

  /**
   * Sets a key's expiry to {@code expiresAt} if it has none or a later one (never extends a key's life).
   *
   * @param keyId the key id
   * @param expiresAt the new expiry
   * @return whether a key changed
   * @throws ApiKeyStoreException if the store cannot be written
   */
  boolean shortenExpiry(String keyId, Instant expiresAt) throws ApiKeyStoreException;

  /**
   * Records a use of the key at {@code at}, but only if its last recorded use is absent or at or before
   * {@code ifLastUsedAtOrBefore}; so concurrent verifications write at most once per interval.
   *
   * @param keyId the key id
   * @param at the time of use
   * @param ifLastUsedAtOrBefore write only if the last use is not after this
   * @return whether the record changed
   * @throws ApiKeyStoreException if the store cannot be written
   */
  boolean touchLastUsed(String keyId, Instant at, Instant ifLastUsedAtOrBefore) throws ApiKeyStoreException;
}
