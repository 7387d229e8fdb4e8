package io.waas.crypto;

import com.google.crypto.tink.subtle.AesGcmJce;
import io.waas.core.KeyNotFoundException;
import io.waas.core.MalformedDataException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * An in-memory KEK with versions, like a KMS or HSM key: wraps under the newest version and
 * records it in the first byte; unwraps with the version named. For testing {@link
 * KeyRing#rewrapKeysets()} without a token.
 */
final class VersionedTestKek implements KeyEncryptionKey {
  private final ConcurrentSkipListMap<Integer, AesGcmJce> versions = new ConcurrentSkipListMap<>();

  VersionedTestKek() throws GeneralSecurityException {
    rotate();
  }

  /** Adds a version and returns its number. */
  synchronized int rotate() throws GeneralSecurityException {
    int next = versions.isEmpty() ? 1 : versions.lastKey() + 1;
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    versions.put(next, new AesGcmJce(key));
    return next;
  }

  int newest() {
    return versions.lastKey();
  }

  void destroy(int version) {
    versions.remove(version);
  }

  static int version(byte[] wrapped) {
    return wrapped[0];
  }

  @Override
  public String id() {
    return "test-versioned";
  }

  @Override
  public byte[] wrap(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    var newest = versions.lastEntry();
    byte[] sealed = newest.getValue().encrypt(plaintext, ad(newest.getKey(), associatedData));
    byte[] out = new byte[1 + sealed.length];
    out[0] = (byte) (int) newest.getKey();
    System.arraycopy(sealed, 0, out, 1, sealed.length);
    return out;
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] associatedData) throws GeneralSecurityException {
    if (wrapped.length < 1) {
      throw new MalformedDataException("empty");
    }
    int v = wrapped[0];
    AesGcmJce aead = versions.get(v);
    if (aead == null) {
      throw new KeyNotFoundException("no KEK version " + v, id(), v);
    }
    return aead.decrypt(java.util.Arrays.copyOfRange(wrapped, 1, wrapped.length), ad(v, associatedData));
  }

  private static byte[] ad(int version, byte[] associatedData) {
    byte[] out = new byte[1 + associatedData.length];
    out[0] = (byte) version;
    System.arraycopy(associatedData, 0, out, 1, associatedData.length);
    return out;
  }
}
