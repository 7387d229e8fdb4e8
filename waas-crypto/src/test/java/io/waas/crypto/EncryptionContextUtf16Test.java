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
  void context_loneSurrogateInAnyField_isRefused() {
    // Refusing ill-formed text is the fix: "note\uD800" would otherwise encode like "note?".
    assertThrows(IllegalArgumentException.class, () -> EncryptionContext.of("acme", "note\uD800", "rec-1"));
    assertThrows(IllegalArgumentException.class, () -> EncryptionContext.of("acme", "note", "rec\uDC00"));
    assertThrows(IllegalArgumentException.class, () -> EncryptionContext.of("acme\uD800", "note", "rec-1"));
    assertThrows(
        IllegalArgumentException.class, () -> EncryptionContext.builder("acme").subject("\uDBFFx").build());
    assertThrows(
        IllegalArgumentException.class, () -> EncryptionContext.builder("acme").attribute("k\uD800", "v"));
    assertThrows(
        IllegalArgumentException.class, () -> EncryptionContext.builder("acme").attribute("k", "\uDC00v"));
    assertThrows(IllegalArgumentException.class, () -> KeyScope.tenant("a\uD800"));
  }

  @Test
  void encryptDecrypt_wellFormedSurrogatePairs_roundTripAndStayDistinct() throws GeneralSecurityException {
    // A proper pair (an emoji) is fine, and must not collide with '?' or with another pair.
    EncryptionContext written = EncryptionContext.of("acme\uD83D\uDE00", "note\uD83D\uDE00", "rec-1");
    DataEncryptor enc = rings.ring(AeadAlgorithm.AES_256_GCM).encryptor();
    byte[] ciphertext = enc.encrypt(PLAINTEXT, written);
    assertArrayEquals(PLAINTEXT, enc.decrypt(ciphertext, written));
    assertThrows(
        WaasSecurityException.class,
        () -> enc.decrypt(ciphertext, EncryptionContext.of("acme?", "note\uD83D\uDE00", "rec-1")));
    assertThrows(
        DecryptionFailedException.class,
        () -> enc.decrypt(ciphertext, EncryptionContext.of("acme\uD83D\uDE00", "note?", "rec-1")));
  }
}
