package io.waas.crypto;

import io.waas.core.KeyDestroyedException;
import io.waas.crypto.internal.DataKey;
import java.security.GeneralSecurityException;
import java.util.List;

/** The keys an equality lookup (deterministic ciphertext, blind index) must try. */
final class LookupKeys {
  private LookupKeys() {}

  /**
   * Returns every enabled key of the scope, primary first. A keyset always keeps an enabled
   * primary key unless it was crypto-shredded (the primary key can be neither disabled nor
   * destroyed on its own), so an empty list means the scope was shredded.
   *
   * @throws KeyDestroyedException if the scope was crypto-shredded
   * @throws io.waas.core.KeyNotFoundException if the scope never had keys
   */
  static List<DataKey> of(KeyRing ring, KeyScope scope) throws GeneralSecurityException {
    List<DataKey> keys = ring.enabledKeys(scope);
    if (keys.isEmpty()) {
      throw new KeyDestroyedException(
          scope + " was crypto-shredded: nothing stored under its old keys can be found", scope.toString(), -1);
    }
    return keys;
  }
}
