package io.waas.crypto;

/** The {@link io.waas.core.SecurityEvent} types this module raises. */
public final class CryptoEvents {
  /** A scope's first key was created. */
  public static final String KEY_CREATED = "crypto.key.created";
  /** A new primary key was added to a scope. */
  public static final String KEY_ROTATED = "crypto.key.rotated";
  /** A key was disabled. */
  public static final String KEY_DISABLED = "crypto.key.disabled";
  /** A disabled key was enabled again. */
  public static final String KEY_ENABLED = "crypto.key.enabled";
  /** One key's material was destroyed. */
  public static final String KEY_DESTROYED = "crypto.key.destroyed";
  /** All keys of a scope were destroyed (crypto-shredding). */
  public static final String SCOPE_SHREDDED = "crypto.scope.shredded";
  /** A decryption failed: tampering, wrong context, or an unavailable key. */
  public static final String DECRYPT_FAILED = "crypto.decrypt.failed";
  /** Every keyset of a key store was re-wrapped under the KEK's current version. */
  public static final String KEY_STORE_REWRAPPED = "crypto.keystore.rewrapped";
  /** A key store was opened. */
  public static final String KEY_STORE_OPENED = "crypto.keystore.opened";

  private CryptoEvents() {}
}
