package io.waas.crypto.pkcs11;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.SecretChars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation and rendering of {@link Pkcs11KekConfig}; no token needed, no PKCS#11 library loaded. */
class Pkcs11KekConfigTest {
  private static final Path LIB = Path.of("/usr/lib/softhsm/libsofthsm2.so");

  private static Pkcs11KekConfig.Builder valid() {
    return Pkcs11KekConfig.builder().library(LIB).slot(42).keyLabel("waas-kek").pin(SecretChars.copyOf("1234".toCharArray()));
  }

  @Test
  void build_valid_keepsSettings() {
    Pkcs11KekConfig c = valid().build();
    assertEquals(LIB, c.library());
    assertEquals(OptionalLong.of(42), c.slot());
    assertEquals(OptionalInt.empty(), c.slotListIndex());
    assertEquals("waas-kek", c.keyLabel());
    Pkcs11KekConfig byIndex = valid().slotListIndex(3).build();
    assertEquals(OptionalLong.empty(), byIndex.slot());
    assertEquals(OptionalInt.of(3), byIndex.slotListIndex());
  }

  @Test
  void toString_neverShowsPin() {
    char[] pin = "s3cr3t-PIN-value".toCharArray();
    Pkcs11KekConfig c = valid().pin(SecretChars.copyOf(pin)).build();
    String s = c.toString();
    assertFalse(s.contains("s3cr3t-PIN-value"), s);
    assertTrue(s.contains("pin=redacted") && s.contains("waas-kek") && s.contains("slot 42"), s);
    assertFalse(c.sunPkcs11Config("p").contains("s3cr3t"), "the provider configuration holds no PIN");
  }

  @Test
  void build_missingParts_throwsIllegalState() {
    SecretChars pin = SecretChars.copyOf("1234".toCharArray());
    assertThrows(IllegalStateException.class, () -> Pkcs11KekConfig.builder().slot(1).keyLabel("k").pin(pin).build());
    assertThrows(IllegalStateException.class, () -> Pkcs11KekConfig.builder().library(LIB).keyLabel("k").pin(pin).build());
    assertThrows(IllegalStateException.class, () -> Pkcs11KekConfig.builder().library(LIB).slot(1).pin(pin).build());
    assertThrows(IllegalStateException.class, () -> Pkcs11KekConfig.builder().library(LIB).slot(1).keyLabel("k").build());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".hidden", "has space", "ümlaut", "slash/label", "a\nb",
      "this-label-is-far-too-long-for-a-token-object-label-in-the-sdk-xyz"})
  void keyLabel_malformed_throwsIllegalArgument(String label) {
    assertThrows(IllegalArgumentException.class, () -> Pkcs11KekConfig.builder().keyLabel(label));
  }

  @ParameterizedTest
  @ValueSource(strings = {"relative/libpkcs11.so", "/opt/has\"quote/lib.so", "/opt/${user.home}/lib.so", "/opt/a\tb/lib.so"})
  void library_unsafePath_throwsIllegalArgument(String path) {
    assertThrows(IllegalArgumentException.class, () -> Pkcs11KekConfig.builder().library(Path.of(path)));
  }

  @Test
  void slot_negative_throwsIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> Pkcs11KekConfig.builder().slot(-1));
    assertThrows(IllegalArgumentException.class, () -> Pkcs11KekConfig.builder().slotListIndex(-1));
  }

  @Test
  void pin_closedOrEmpty_isRefused() {
    SecretChars closed = SecretChars.copyOf("1234".toCharArray());
    closed.close();
    assertThrows(IllegalStateException.class, () -> Pkcs11KekConfig.builder().pin(closed));
    assertThrows(IllegalArgumentException.class, () -> Pkcs11KekConfig.builder().pin(SecretChars.copyOf(new char[0])));
  }

  @Test
  void open_pinClosedAfterBuild_throwsIllegalStateBeforeLoadingTheLibrary(@TempDir Path tmp) throws Exception {
    // Any regular file passes the library check; the closed PIN is noticed before it is loaded.
    Path file = Files.writeString(tmp.resolve("lib.so"), "not loaded");
    SecretChars pin = SecretChars.copyOf("1234".toCharArray());
    Pkcs11KekConfig config = valid().library(file).pin(pin).build();
    pin.close();
    assertThrows(IllegalStateException.class, () -> Pkcs11KeyEncryptionKey.open(config));
  }

  @Test
  void sunPkcs11Config_quotesLibrary_andGeneratesSensitiveNonExtractableKeys() {
    Pkcs11KekConfig c = valid().library(Path.of("/opt/vendor hsm/lib\\x.so")).build();
    String text = c.sunPkcs11Config("waas-kek-1");
    assertTrue(text.contains("name = waas-kek-1\n"), text);
    assertTrue(text.contains("library = \"/opt/vendor hsm/lib\\\\x.so\"\n"), text);
    assertTrue(text.contains("slot = 42\n"), text);
    assertTrue(text.contains("attributes(generate, CKO_SECRET_KEY, CKK_AES) = {"), text);
    assertTrue(text.contains("CKA_SENSITIVE = true") && text.contains("CKA_EXTRACTABLE = false"), text);
    assertTrue(valid().slotListIndex(0).build().sunPkcs11Config("n").contains("slotListIndex = 0\n"));
  }
}
