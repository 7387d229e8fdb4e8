package io.waas.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waas.core.WaasSecurityException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Context binding and tenant isolation with strings that are not well-formed UTF-16.
 *
 * <p>A lone surrogate such as U+D800 has no UTF-8 encoding; {@code String.getBytes(UTF_8)}
 * silently replaces it with '?'. Wherever the SDK encodes ids and context fields that way, two
 * different contexts can map to the same bytes. A correct SDK either refuses such strings with
 * {@link IllegalArgumentException} or keeps them distinct; both pass these tests.
 */
class EncryptionContextUtf16Test {
  private static final byte[] PLAINTEXT = "secret".getBytes(StandardCharsets.UTF_8);

  private TempKeyRings rings;

  @BeforeEach
  void open() throws IOException, GeneralSecurityException {
    rings = new TempKeyRings();
  }

  @AfterEach
  void close() {
    rings.close();
  }

  @Test
  void decrypt_purposeDifferingOnlyByLoneSurrogate_fails() throws GeneralSecurityException {
    EncryptionContext written;
    try {
      written = EncryptionContext.of("acme", "note\uD800", "rec-1");
    } catch (IllegalArgumentException refused) {
      return; // refusing ill-formed text is a correct fix
    }
    DataEncryptor enc = rings.ring(AeadAlgorithm.AES_256_GCM).encryptor();
    byte[] ciphertext = enc.encrypt(PLAINTEXT, written);
    assertArrayEquals(PLAINTEXT, enc.decrypt(ciphertext, written));

    EncryptionContext other = EncryptionContext.of("acme", "note?", "rec-1");
    assertThrows(DecryptionFailedException.class, () -> enc.decrypt(ciphertext, other));
  }

  @Test
  void decrypt_tenantDifferingOnlyByLoneSurrogate_fails() throws GeneralSecurityException {
    // Tenant "acme?" must not read tenant "acme\uD800"'s data: they must not share a keyset.
    EncryptionContext written;
    try {
      written = EncryptionContext.of("acme\uD800", "note", "rec-1");
    } catch (IllegalArgumentException refused) {
      return;
    }
    DataEncryptor enc = rings.ring(AeadAlgorithm.AES_256_GCM).encryptor();
    byte[] ciphertext = enc.encrypt(PLAINTEXT, written);

    EncryptionContext otherTenant = EncryptionContext.of("acme?", "note", "rec-1");
    assertThrows(WaasSecurityException.class, () -> enc.decrypt(ciphertext, otherTenant));
  }
}
