package io.waas.auth.throttle;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * Where {@link LoginThrottle} keeps its failure counters: one {@link ThrottleRecord} per key. Keys are
 * opaque strings of at most {@value #MAX_KEY_LENGTH} characters made by the throttle (an account key or
 * a client address key).
 *
 * <p>The one operation that matters is {@link #update}: it must be <b>atomic per key</b> — concurrent
 * updates of one key, from any number of threads or processes sharing the store, must behave as if run
 * one after another, each seeing the result of the previous one. That is what keeps the throttle exact
 * under concurrent attempts (no lost updates, no two attempts admitted into one back-off slot).
 *
 * <p>Implementations: {@link InMemoryThrottleStore} (one process) and {@link JdbcThrottleStore} (shared
 * by a cluster). Implementations must be thread-safe.
 */
public interface ThrottleStore {
  /** The longest key the throttle passes. */
  int MAX_KEY_LENGTH = 300;

  /**
   * Atomically replaces the record of {@code key} with {@code transition} applied to it: to the stored
   * record, or to {@link ThrottleRecord#empty()} if there is none. An empty result deletes the key.
   *
   * <p>{@code transition} is a pure function; the store may call it more than once (for example to retry
   * after a conflict) and stores the result of the last call.
   *
   * @param key the key
   * @param transition computes the new record from the current one
   * @return the record now stored (empty if the key was deleted)
   * @throws ThrottleStoreException if the store cannot be read or written; nothing was changed
   */
  ThrottleRecord update(String key, UnaryOperator<ThrottleRecord> transition) throws ThrottleStoreException;

  /**
   * Returns the record of {@code key}.
   *
   * @param key the key
   * @return the stored record, or {@link ThrottleRecord#empty()} if there is none
   * @throws ThrottleStoreException if the store cannot be read
   */
  ThrottleRecord get(String key) throws ThrottleStoreException;

  /**
   * Deletes every record whose {@linkplain ThrottleRecord#expiresAt() expiry} is at or before {@code
   * now}. Run it periodically (for example hourly) so that keys sprayed by an attacker do not accumulate.
   *
   * @param now the current time
   * @return how many records were deleted
   * @throws ThrottleStoreException if the store cannot be written
   */
  int purgeExpired(Instant now) throws ThrottleStoreException;
}
