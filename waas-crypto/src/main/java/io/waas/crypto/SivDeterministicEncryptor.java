package io.waas.crypto;

import com.google.crypto.tink.subtle.AesSiv;
import io.waas.core.SecurityEvent;
import io.waas.core.WaasSecurityException;
import io.waas.crypto.internal.DataKey;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link DeterministicEncryptor} of a key ring: AES-SIV under a 64-byte sub-key of each data
 * key.
 *
 * <p>Design: the header (magic, version, key id) and the context encoding go to AES-SIV as two
 * separate associated-data components (S2V takes a vector), so neither is copied per call and the
 * two cannot be confused for each other. The sub-key's {@link AesSiv} is built once per data key
 * and cached with it ({@code DataKey.derived}); Tink's AES-SIV is thread-safe.
 */
final class SivDeterministicEncryptor implements DeterministicEncryptor {
  static final byte MAGIC0 = 0x57; // 'W'
  static final byte MAGIC1 = 0x44; // 'D'
  static final int VERSION = 1;
  static final int HEADER_LENGTH = 7;
  static final int SIV_LENGTH = 16;
  private static final String INFO = "waas-crypto/v1/daead";
  private static final int KEY_LENGTH = 64;

  private final KeyRing ring;

  SivDeterministicEncryptor(KeyRing ring) {
    this.ring = ring;
  }

  @Override
  public byte[] encrypt(byte[] plaintext, EncryptionContext context) throws GeneralSecurityException {
    checkContext(context);
    DataKey key = ring.primaryKey(context.keyScope(), plaintext.length);
    return encrypt(key, plaintext, context);
  }

  @Override
  public byte[] decrypt(byte[] ciphertext, EncryptionContext context) throws GeneralSecurityException {
    checkContext(context);
    KeyScope scope = context.keyScope();
    long keyId = -1;
    try {
      keyId = parseKeyId(ciphertext);
      DataKey key = ring.enabledKey(scope, keyId);
      try {
        return siv(key)
            .decryptDeterministicallyWithAssociatedDatas(
                Arrays.copyOfRange(ciphertext, HEADER_LENGTH, ciphertext.length),
                Arrays.copyOf(ciphertext, HEADER_LENGTH),
                context.encoded);
      } catch (WaasSecurityException e) {
        throw e;
      } catch (GeneralSecurityException e) {
        // Tink says only "integrity check failed"; no plaintext was released.
        throw new DecryptionFailedException(
            "deterministic ciphertext does not authenticate: it was modified, or belongs to another"
                + " context (tenant, subject, purpose or attributes)",
            null);
      }
    } catch (WaasSecurityException e) {
      ring.emitEvent(
          ring.event(CryptoEvents.DECRYPT_FAILED, scope, SecurityEvent.Outcome.FAILURE)
              .attribute("reason", e.getClass().getSimpleName())
              .attribute("keyId", Long.toString(keyId))
              .attribute("format", "deterministic")
              .build());
      throw e;
    }
  }

  @Override
  public List<byte[]> lookupCiphertexts(byte[] plaintext, EncryptionContext context)
      throws GeneralSecurityException {
    checkContext(context);
    List<DataKey> keys = LookupKeys.of(ring, context.keyScope());
    List<byte[]> out = new ArrayList<>(keys.size());
    for (DataKey k : keys) {
      out.add(encrypt(k, plaintext, context));
    }
    return out;
  }

  @Override
  public byte[] reencrypt(byte[] ciphertext, EncryptionContext context) throws GeneralSecurityException {
    checkContext(context);
    long keyId = parseKeyId(ciphertext);
    DataKey primary = ring.primaryKey(context.keyScope(), ciphertext.length);
    if (primary.id() == keyId) {
      return ciphertext;
    }
    byte[] plaintext = decrypt(ciphertext, context);
    try {
      return encrypt(primary, plaintext, context);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static byte[] encrypt(DataKey key, byte[] plaintext, EncryptionContext context)
      throws GeneralSecurityException {
    byte[] header = header(key.id());
    byte[] body = siv(key).encryptDeterministicallyWithAssociatedDatas(plaintext, header, context.encoded);
    byte[] out = Arrays.copyOf(header, HEADER_LENGTH + body.length);
    System.arraycopy(body, 0, out, HEADER_LENGTH, body.length);
    return out;
  }

  private static AesSiv siv(DataKey key) throws GeneralSecurityException {
    return key.derived(INFO, KEY_LENGTH, AesSiv.class, AesSiv::new);
  }

  static byte[] header(long keyId) {
    return new byte[] {
      MAGIC0, MAGIC1, (byte) VERSION, (byte) (keyId >>> 24), (byte) (keyId >>> 16), (byte) (keyId >>> 8), (byte) keyId
    };
  }

  /**
   * Checks the header of a deterministic ciphertext and returns its key id.
   *
   * @throws MalformedCiphertextException if it is too short, has the wrong magic or version, or
   *     key id 0
   */
  static long parseKeyId(byte[] ciphertext) throws MalformedCiphertextException {
    if (ciphertext.length < HEADER_LENGTH + SIV_LENGTH) {
      throw new MalformedCiphertextException(
          "not a deterministic WaaS ciphertext: " + ciphertext.length + " bytes, at least "
              + (HEADER_LENGTH + SIV_LENGTH) + " needed");
    }
    if (ciphertext[0] != MAGIC0 || ciphertext[1] != MAGIC1) {
      throw new MalformedCiphertextException(
          "not a deterministic WaaS ciphertext: wrong magic bytes"
              + (ciphertext[0] == MAGIC0 && ciphertext[1] == 0x43 ? " (this is a DataEncryptor ciphertext)" : ""));
    }
    int version = ciphertext[2] & 0xff;
    if (version != VERSION) {
      throw new MalformedCiphertextException(
          "unsupported deterministic ciphertext version " + version + " (this SDK reads version " + VERSION + ")");
    }
    long keyId =
        ((long) (ciphertext[3] & 0xff) << 24)
            | ((ciphertext[4] & 0xff) << 16)
            | ((ciphertext[5] & 0xff) << 8)
            | (ciphertext[6] & 0xff);
    if (keyId == 0) {
      throw new MalformedCiphertextException("key id 0 is never assigned");
    }
    return keyId;
  }

  static void checkContext(EncryptionContext context) {
    if (context.recordId() != null) {
      throw new IllegalArgumentException(
          "deterministic encryption cannot take a context with a record id: the record id would make"
              + " every ciphertext unique to its row and equality search impossible; leave it out"
              + " (the purpose names the column)");
    }
    if (context.purpose() == null) {
      throw new IllegalArgumentException(
          "deterministic encryption needs a context with a purpose naming the column (for example"
              + " \"customer.email\"), so that equal values in different columns do not match");
    }
  }

  @Override
  public String toString() {
    return "DeterministicEncryptor[AES-SIV]";
  }
}
