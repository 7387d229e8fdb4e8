package io.waas.crypto.internal;

import io.waas.crypto.KeyStatus;
import io.waas.crypto.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of one named signing keyset. Every change returns a new snapshot, so
 * signers and verifiers on other threads never see a keyset half-changed.
 */
public final class SigningKeyset {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String name;
  private final long primaryId;
  private final List<SigningKey> keys;
  private final @Nullable SigningKey primary;

  /**
   * Creates a keyset.
   *
   * @param name the keyset's name, for example {@code "audit"}
   * @param primaryId the primary key id, or 0 for none
   * @param keys the keys, oldest first
   */
  public SigningKeyset(String name, long primaryId, List<SigningKey> keys) {
    this.name = name;
    this.primaryId = primaryId;
    this.keys = Collections.unmodifiableList(new ArrayList<>(keys));
    this.primary = primaryId == 0 ? null : find(primaryId);
  }

  public String name() {
    return name;
  }

  public long primaryId() {
    return primaryId;
  }

  public List<SigningKey> keys() {
    return keys;
  }

  /** Returns the key with {@code id}, or null. */
  public @Nullable SigningKey find(long id) {
    for (SigningKey k : keys) {
      if (k.id() == id) {
        return k;
      }
    }
    return null;
  }

  /** Returns the primary key, or null if there is none. */
  public @Nullable SigningKey primary() {
    return primary;
  }

  /**
   * Returns this keyset plus a freshly generated key that becomes primary.
   *
   * @param algorithm the new key's algorithm
   * @param now creation time
   * @return the new keyset
   * @throws GeneralSecurityException if the keyset is full or key generation fails
   */
  public SigningKeyset withNewPrimary(SignatureAlgorithm algorithm, Instant now) throws GeneralSecurityException {
    if (keys.size() >= SigningKeysetCodec.MAX_KEYS) {
      throw new GeneralSecurityException(
          "signing keyset '" + name + "' already holds " + keys.size() + " keys, the most allowed");
    }
    long id;
    do {
      id = RANDOM.nextInt() & 0xffffffffL;
    } while (id == 0 || find(id) != null);
    List<SigningKey> next = new ArrayList<>(keys);
    next.add(SigningKey.generate(id, algorithm, now));
    return new SigningKeyset(name, id, next);
  }

  /**
   * Returns this keyset with one key's status changed. The caller checks that the change is
   * allowed (not the primary, not destroyed).
   *
   * @param id the key
   * @param status the new status
   * @param now when
   * @return the new keyset
   */
  public SigningKeyset withStatus(long id, KeyStatus status, Instant now) {
    List<SigningKey> next = new ArrayList<>(keys.size());
    for (SigningKey k : keys) {
      next.add(k.id() == id ? k.withStatus(status, now) : k);
    }
    return new SigningKeyset(name, id == primaryId && status != KeyStatus.ENABLED ? 0 : primaryId, next);
  }
}
