package io.waas.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ids at the documented maximum ({@link KeyScope#MAX_ID_LENGTH} characters) must work with the
 * default directory store. Found by {@code DataEncryptorFuzzTest}: the tenant's storage name is
 * "t-" + base32(UTF-8 id), and {@link DirectoryKeysetStore} refuses names over 200 characters with
 * an IllegalArgumentException, so long (or multi-byte) valid ids cannot be encrypted or decrypted.
 */
class KeyRingLongIdTest {
  private static final byte[] PLAINTEXT = "x".getBytes(StandardCharsets.UTF_8);

  private TempKeyRings rings;

  @BeforeEach
  void open() throws IOException, GeneralSecurityException {
    rings = new TempKeyRings();
  }

  @AfterEach
  void close() {
    rings.close();
  }

  private void assertRoundTrip(EncryptionContext context) throws GeneralSecurityException {
    DataEncryptor enc = rings.ring(AeadAlgorithm.AES_256_GCM).encryptor();
    assertArrayEquals(PLAINTEXT, enc.decrypt(enc.encrypt(PLAINTEXT, context), context));
  }

  @Test
  void encryptDecrypt_asciiTenantIdOfMaximumLength_roundTrips() throws GeneralSecurityException {
    // 128 ASCII bytes -> 205 base32 characters + "t-": over the store's 200-character limit.
    assertRoundTrip(EncryptionContext.builder("t".repeat(KeyScope.MAX_ID_LENGTH)).build());
  }

  @Test
  void encryptDecrypt_multiByteTenantId_roundTrips() throws GeneralSecurityException {
    // 42 characters, 126 UTF-8 bytes: well within the documented limit.
    assertRoundTrip(EncryptionContext.builder("\u79df".repeat(42)).build());
  }

  @Test
  void encryptDecrypt_subjectOfTenantWithLongId_roundTrips() throws GeneralSecurityException {
    // Subject scopes append ".s-" + 40 hex digits, so tenants over 96 UTF-8 bytes already fail.
    assertRoundTrip(EncryptionContext.builder("t".repeat(100)).subject("user-17").build());
  }
}
