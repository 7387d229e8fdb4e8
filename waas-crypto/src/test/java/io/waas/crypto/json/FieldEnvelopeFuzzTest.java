package io.waas.crypto.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waas.crypto.CiphertextHeader;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyRing;
import io.waas.crypto.MalformedCiphertextException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The field envelope parser and field decryption on arbitrary strings (the fuzzer's bytes decoded
 * as UTF-8, so seeds are plain text files): only the typed exceptions may come out.
 *
 * <p>In a normal build these run once per committed seed (see {@code FieldEnvelopeFuzzTestInputs}
 * in the test resources); with {@code -Pfuzz} Jazzer mutates inputs for real.
 */
class FieldEnvelopeFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static @Nullable Path dir;
  private static @Nullable KeyRing ring;

  @BeforeAll
  static void open() throws IOException, GeneralSecurityException {
    Path d = Files.createTempDirectory("waas-fuzz-json");
    dir = d;
    ring = TestRings.open(d.resolve("keys"));
    // A key for tenant "acme", so that well-formed envelopes reach the key lookup and the AEAD.
    ring.encryptor().encrypt(new byte[1], EncryptionContext.of("acme", "customer", "r"));
  }

  @AfterAll
  static void close() throws IOException {
    if (ring != null) {
      ring.close();
      ring = null;
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(FieldEnvelopeFuzzTest::delete);
      }
      dir = null;
    }
  }

  private static void delete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void parse_arbitraryString_throwsOnlyMalformedCiphertext(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    byte[] ciphertext;
    try {
      ciphertext = FieldEnvelope.parse(text);
    } catch (MalformedCiphertextException e) {
      String message = String.valueOf(e.getMessage());
      assertTrue(text.length() < 12 || !message.contains(text), "the message must not quote the input");
      return;
    }
    // Accepted input is exactly the canonical envelope of a structurally valid ciphertext.
    assertTrue(text.startsWith("waas:v1:"));
    assertEquals(text, FieldEnvelope.format(ciphertext));
    try {
      CiphertextHeader.parse(ciphertext);
    } catch (MalformedCiphertextException e) {
      throw new AssertionError("accepted an envelope with a malformed ciphertext", e);
    }
  }

  @FuzzTest
  void decrypt_arbitraryFieldValue_throwsOnlyFieldDecryptionException(byte[] input) throws GeneralSecurityException {
    KeyRing r = Objects.requireNonNull(ring, "key ring not open");
    JsonFieldEncryptor fields =
        JsonFieldEncryptor.builder(r.encryptor(), EncryptionContext.builder("acme").purpose("customer").build())
            .field("/ssn")
            .build();
    ObjectNode doc = JSON.createObjectNode();
    doc.put("id", "r");
    doc.put("ssn", new String(input, StandardCharsets.UTF_8));
    try {
      fields.decrypt(doc, "r");
    } catch (FieldDecryptionException e) {
      assertEquals("/ssn", e.pointer());
      return;
    }
    throw new AssertionError("a value not made by the encryptor decrypted");
  }
}
