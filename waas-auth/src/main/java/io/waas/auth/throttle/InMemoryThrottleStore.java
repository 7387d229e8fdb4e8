package io.waas.auth.throttle;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A {@link ThrottleStore} in this process's memory: right for a single instance, lost on restart (which
 * resets every counter and lockout). Use {@link JdbcThrottleStore} when several instances share logins.
 *
 * <p>Updates are atomic per key ({@link ConcurrentHashMap#compute}). Memory grows with the number of
 * keys with recent failures; call {@link #purgeExpired} periodically.
 *
 * <p>Thread-safe.
 */
public final class InMemoryThrottleStore implements ThrottleStore {
  private final ConcurrentHashMap<String, ThrottleRecord> records = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryThrottleStore() {}

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the key is empty or longer than {@value #MAX_KEY_LENGTH}
   */
  @Override
  public ThrottleRecord update(String key, UnaryOperator<ThrottleRecord> transition) {
    checkKey(key);
    Objects.requireNonNull(transition, "transition");
    ThrottleRecord[] result = {ThrottleRecord.empty()};
    records.compute(key, (k, old) -> {
      ThrottleRecord next = Objects.requireNonNull(transition.apply(old == null ? ThrottleRecord.empty() : old));
      result[0] = next;
      return next.isEmpty() ? null : next;
    });
    return result[0];
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the key is empty or longer than {@value #MAX_KEY_LENGTH}
   */
  @Override
  public ThrottleRecord get(String key) {
    checkKey(key);
    ThrottleRecord r = records.get(key);
    return r == null ? ThrottleRecord.empty() : r;
  }

  @Override
  public int purgeExpired(Instant now) {
    int purged = 0;
    for (Map.Entry<String, ThrottleRecord> e : records.entrySet()) {
      Instant expires = e.getValue().expiresAt();
      // remove(key, value) leaves a record that was updated meanwhile.
      if (expires != null && !expires.isAfter(now) && records.remove(e.getKey(), e.getValue())) {
        purged++;
      }
    }
    return purged;
  }

  static void checkKey(String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("throttle key must be 1 to " + MAX_KEY_LENGTH + " characters");
    }
  }
}
