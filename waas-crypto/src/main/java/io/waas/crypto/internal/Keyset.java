package io.waas.crypto.internal;

import io.waas.crypto.AeadAlgorithm;
import io.waas.crypto.KeyStatus;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of one scope's data keys. Every change returns a new snapshot, so readers
 * (encrypt and decrypt on other threads) never see a keyset half-changed.
 */
public final class Keyset {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String label;
  private final long primaryId;
  private final List<DataKey> keys;
  /** The same keys as an array: {@link #find} runs on every decryption. */
  private final DataKey[] keyArray;
  private final @Nullable DataKey primary;

  /**
   * Creates a keyset.
   *
   * @param label the scope's label (empty for shredded subject scopes)
   * @param primaryId the primary key id, or 0 for none
   * @param keys the keys, oldest first
   */
  public Keyset(String label, long primaryId, List<DataKey> keys) {
    this.label = label;
    this.primaryId = primaryId;
    this.keys = Collections.unmodifiableList(new ArrayList<>(keys));
    this.keyArray = keys.toArray(new DataKey[0]);
    // Looked up on every encryption, so resolve it once.
    this.primary = primaryId == 0 ? null : find(primaryId);
  }

  public String label() {
    return label;
  }

  public long primaryId() {
    return primaryId;
  }

  public List<DataKey> keys() {
    return keys;
  }

  /** Returns the key with {@code id}, or null. */
  public @Nullable DataKey find(long id) {
    for (DataKey k : keyArray) {
      if (k.id() == id) {
        return k;
      }
    }
    return null;
  }

  /** Returns the primary key, or null if there is none. */
  public @Nullable DataKey primary() {
    return primary;
  }

  /**
   * Returns this keyset plus a fresh key that becomes primary.
   *
   * @param algorithm the new key's algorithm
   * @param now creation time
   * @return the new keyset
   * @throws GeneralSecurityException if the key cannot be created
   */
  public Keyset withNewPrimary(AeadAlgorithm algorithm, Instant now) throws GeneralSecurityException {
    if (keys.size() >= KeysetCodec.MAX_KEYS) {
      // Refuse rather than write a keyset that could never be read back.
      throw new GeneralSecurityException(
          "keyset already holds " + keys.size() + " keys, the most allowed (" + KeysetCodec.MAX_KEYS + ")");
    }
    long id;
    do {
      id = RANDOM.nextInt() & 0xffffffffL;
    } while (id == 0 || find(id) != null);
    byte[] material = new byte[32];
    RANDOM.nextBytes(material);
    List<DataKey> next = new ArrayList<>(keys);
    next.add(DataKey.of(id, algorithm, KeyStatus.ENABLED, now, now, material));
    return new Keyset(label, id, next);
  }

  /**
   * Returns this keyset with one key's status changed.
   *
   * @param id the key
   * @param status the new status
   * @param now when
   * @return the new keyset
   */
  public Keyset withStatus(long id, KeyStatus status, Instant now) {
    List<DataKey> next = new ArrayList<>(keys.size());
    for (DataKey k : keys) {
      next.add(k.id() == id ? k.withStatus(status, now) : k);
    }
    return new Keyset(label, id == primaryId && status != KeyStatus.ENABLED ? 0 : primaryId, next);
  }

  /**
   * Returns the tombstone of this keyset: every key destroyed, no primary.
   *
   * @param newLabel the label to keep (empty to forget a data subject's id)
   * @param now when
   * @return the tombstone
   */
  public Keyset shredded(String newLabel, Instant now) {
    List<DataKey> next = new ArrayList<>(keys.size());
    for (DataKey k : keys) {
      next.add(k.status() == KeyStatus.DESTROYED ? k : k.withStatus(KeyStatus.DESTROYED, now));
    }
    return new Keyset(newLabel, 0, next);
  }
}
