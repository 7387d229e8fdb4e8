package io.waas.crypto;

import java.security.GeneralSecurityException;

/** The {@link DataEncryptor} of a {@link KeyRing}. */
final class EnvelopeEncryptor implements DataEncryptor {
  private final KeyRing ring;

  EnvelopeEncryptor(KeyRing ring) {
    this.ring = ring;
  }

  @Override
  public byte[] encrypt(byte[] plaintext, EncryptionContext context) throws GeneralSecurityException {
    return ring.encrypt(plaintext, context);
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, EncryptionContext context) throws GeneralSecurityException {
    return ring.decrypt(ciphertext, context);
  }

  @Override
  public String toString() {
    return "DataEncryptor[" + ring + "]";
  }
}
