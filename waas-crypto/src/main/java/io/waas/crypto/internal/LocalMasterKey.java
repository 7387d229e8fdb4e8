package io.waas.crypto.internal;

import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.subtle.Hkdf;
import io.waas.crypto.KeyEncryptionKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A key-encryption key held in process memory: AES-256-GCM (Tink) under a key derived by HKDF from
 * a 32-byte master key. Its id is a fingerprint of the master key, so a key store can tell which
 * master key wrapped its files without revealing anything about it.
 *
 * <p>Thread-safe.
 */
public final class LocalMasterKey implements KeyEncryptionKey {
  private final AesGcmJce aead;
  private final String id;

  /**
   * Creates the KEK.
   *
   * @param masterKey 32 bytes; not retained (the caller should wipe it)
   * @throws GeneralSecurityException if the key has the wrong length
   */
  public LocalMasterKey(byte[] masterKey) throws GeneralSecurityException {
    if (masterKey.length != 32) {
      throw new GeneralSecurityException("a master key is 32 bytes, was " + masterKey.length);
    }
    byte[] wrapKey = derive(masterKey, "waas-kek/v1/wrap");
    byte[] fingerprint = derive(masterKey, "waas-kek/v1/fingerprint");
    try {
      this.aead = new AesGcmJce(wrapKey);
      this.id = "local:" + HexFormat.of().formatHex(fingerprint, 0, 8);
    } finally {
      Arrays.fill(wrapKey, (byte) 0);
    }
  }

  private static byte[] derive(byte[] key, String info) throws GeneralSecurityException {
    return Hkdf.computeHkdf("HMACSHA256", key, new byte[0], info.getBytes(StandardCharsets.US_ASCII), 32);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public byte[] wrap(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    return aead.encrypt(plaintext, associatedData);
  }

  @Override
  public byte[] unwrap(byte[] wrapped, byte[] associatedData) throws GeneralSecurityException {
    return aead.decrypt(wrapped, associatedData);
  }

  @Override
  public String toString() {
    return "LocalMasterKey[" + id + "]";
  }
}
