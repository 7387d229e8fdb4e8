package io.waas.crypto.internal;

import java.util.Objects;

/** Test-only access to package-private parts of the internal key model. */
public final class KeysetTestAccess {
  private KeysetTestAccess() {}

  /**
   * Returns a key's raw material (a live reference, do not modify).
   *
   * @param key a key that is not destroyed
   * @return its 32 bytes
   */
  public static byte[] material(DataKey key) {
    return Objects.requireNonNull(key.material(), "key " + key.id() + " has no material");
  }

  /**
   * Tells whether a key still holds material.
   *
   * @param key the key
   * @return whether material is present
   */
  public static boolean hasMaterial(DataKey key) {
    return key.material() != null;
  }
}
