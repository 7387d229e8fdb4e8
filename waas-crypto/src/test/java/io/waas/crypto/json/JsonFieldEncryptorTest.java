package io.waas.crypto.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyNotFoundException;
import io.waas.core.MalformedDataException;
import io.waas.crypto.DecryptionFailedException;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.MalformedCiphertextException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFieldEncryptorTest {
  @TempDir @SuppressWarnings("NullAway.Init") Path dir;

  private static final ObjectMapper JSON = JsonFieldEncryptor.defaultMapper();
  private static final EncryptionContext CUSTOMERS = EncryptionContext.builder("acme").purpose("customer").build();

  /** A compact document with every JSON type, nested objects, arrays and names needing escapes. */
  private static final String DOC =
      "{\"id\":\"cust-42\",\"name\":\"Ann \u00c5berg \ud83d\ude00\",\"ssn\":\"123-45-6789\",\"age\":42,"
          + "\"big\":123456789012345678901234567890,\"balance\":1.10,\"ratio\":-2.5E-7,\"vip\":true,"
          + "\"banned\":false,\"note\":null,\"address\":{\"street\":\"Main St 1\",\"zip\":\"12345\"},"
          + "\"phones\":[\"+1-555-0100\",\"+1-555-0199\"],\"empty\":{},\"none\":[],\"we/ird~name\":\"x\","
          + "\"nested\":{\"deep\":{\"secret\":[1,2,{\"k\":\"v\"}]}}}";

  private static final String[] ALL_TYPES = {
    "/ssn", "/age", "/big", "/balance", "/ratio", "/vip", "/banned", "/note", "/address", "/phones/1",
    "/empty", "/none", "/we~1ird~0name", "/nested/deep/secret"
  };

  private static JsonFieldEncryptor fields(KeyRing ring, String... pointers) {
    return JsonFieldEncryptor.builder(ring.encryptor(), CUSTOMERS).fields(pointers).build();
  }

  @Test
  void encryptDecrypt_allJsonTypes_roundTrip() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonFieldEncryptor enc = fields(ring, ALL_TYPES);
      JsonNode original = JSON.readTree(DOC);
      JsonNode encrypted = enc.encrypt(original, "cust-42");
      for (String p : ALL_TYPES) {
        JsonNode v = encrypted.at(p);
        assertTrue(v.isTextual() && v.textValue().startsWith("waas:v1:"), p + " is an envelope: " + v);
      }
      assertEquals(original, JSON.readTree(DOC), "the input document is not modified");
      JsonNode decrypted = enc.decrypt(encrypted, "cust-42");
      assertEquals(original, decrypted);
      for (String p : ALL_TYPES) {
        assertEquals(original.at(p).getNodeType(), decrypted.at(p).getNodeType(), p);
      }
      assertEquals(DOC, JSON.writeValueAsString(decrypted), "byte-for-byte after the round trip");
    }
  }

  @Test
  void encrypt_unencryptedFields_untouchedByteForByte() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonFieldEncryptor enc = fields(ring, "/ssn", "/address", "/phones/0");
      String encrypted = enc.encrypt(DOC, "cust-42");
      JsonNode before = JSON.readTree(DOC);
      JsonNode after = JSON.readTree(encrypted);
      List<String> names = new ArrayList<>();
      before.fieldNames().forEachRemaining(names::add);
      List<String> afterNames = new ArrayList<>();
      after.fieldNames().forEachRemaining(afterNames::add);
      assertEquals(names, afterNames, "same fields in the same order");
      for (String name : names) {
        if (name.equals("ssn") || name.equals("address") || name.equals("phones")) {
          continue;
        }
        assertEquals(JSON.writeValueAsString(before.get(name)), JSON.writeValueAsString(after.get(name)), name);
      }
      assertEquals(before.at("/phones/1"), after.at("/phones/1"), "the other array element stays clear");
      assertFalse(encrypted.contains("123-45-6789"));
      assertFalse(encrypted.contains("Main St"));
      assertEquals(DOC, enc.decrypt(encrypted, "cust-42"));
    }
  }

  @Test
  void envelope_isDataEncryptorCiphertextUnderFieldContext() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonNode encrypted = fields(ring, "/address").encrypt(JSON.readTree(DOC), "cust-42");
      String envelope = encrypted.get("address").textValue();
      byte[] ciphertext = Base64.getUrlDecoder().decode(envelope.substring("waas:v1:".length()));
      EncryptionContext fieldContext =
          EncryptionContext.builder("acme").purpose("customer").recordId("cust-42").attribute("json.pointer", "/address").build();
      byte[] plaintext = ring.encryptor().decrypt(ciphertext, fieldContext);
      assertEquals("{\"street\":\"Main St 1\",\"zip\":\"12345\"}", new String(plaintext, StandardCharsets.UTF_8));
    }
  }

  @Test
  void decrypt_valueMovedToOtherField_failsNamingPointerNotValue() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonFieldEncryptor enc = fields(ring, "/ssn", "/name");
      ObjectNode encrypted = (ObjectNode) enc.encrypt(JSON.readTree(DOC), "cust-42");
      JsonNode ssn = encrypted.get("ssn");
      encrypted.set("ssn", encrypted.get("name"));
      encrypted.set("name", ssn);
      FieldDecryptionException e = assertThrows(FieldDecryptionException.class, () -> enc.decrypt(encrypted, "cust-42"));
      assertEquals("/ssn", e.pointer());
      assertEquals("cust-42", e.recordId());
      assertInstanceOf(DecryptionFailedException.class, e.reason());
      String message = String.valueOf(e.getMessage());
      assertTrue(message.contains("'/ssn'"), message);
      assertFalse(message.contains("123-45-6789") || message.contains("Ann"), message);
      assertFalse(message.contains(ssn.textValue().substring(8, 20)), "the envelope is not quoted: " + message);
    }
  }

  @Test
  void decrypt_valueMovedToOtherRecord_fails() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonFieldEncryptor enc = fields(ring, "/ssn");
      JsonNode a = enc.encrypt(JSON.readTree(DOC), "cust-42");
      ObjectNode b = (ObjectNode) enc.encrypt(JSON.readTree(DOC.replace("123-45-6789", "987-65-4321")), "cust-43");
      b.set("ssn", a.get("ssn"));
      FieldDecryptionException e = assertThrows(FieldDecryptionException.class, () -> enc.decrypt(b, "cust-43"));
      assertInstanceOf(DecryptionFailedException.class, e.reason());
      assertThrows(FieldDecryptionException.class, () -> enc.decrypt(a, "cust-43"));
      assertEquals("123-45-6789", enc.decrypt(a, "cust-42").get("ssn").textValue());
    }
  }

  @Test
  void decrypt_otherPurposeOrTenant_fails() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonNode encrypted = fields(ring, "/ssn").encrypt(JSON.readTree(DOC), "cust-42");
      JsonFieldEncryptor otherPurpose =
          JsonFieldEncryptor.builder(ring.encryptor(), EncryptionContext.builder("acme").purpose("employee").build()).field("/ssn").build();
      assertInstanceOf(
          DecryptionFailedException.class,
          assertThrows(FieldDecryptionException.class, () -> otherPurpose.decrypt(encrypted, "cust-42")).reason());
      ring.createKeys(KeyScope.tenant("globex"));
      JsonFieldEncryptor otherTenant =
          JsonFieldEncryptor.builder(ring.encryptor(), EncryptionContext.builder("globex").purpose("customer").build()).field("/ssn").build();
      assertInstanceOf(
          KeyNotFoundException.class,
          assertThrows(FieldDecryptionException.class, () -> otherTenant.decrypt(encrypted, "cust-42")).reason());
    }
  }

  @Test
  void decrypt_tamperedOrForeignEnvelope_failsTyped() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonFieldEncryptor enc = fields(ring, "/ssn");
      ObjectNode encrypted = (ObjectNode) enc.encrypt(JSON.readTree(DOC), "cust-42");
      String envelope = encrypted.get("ssn").textValue();
      Map<String, Class<?>> cases =
          Map.ofEntries(
              Map.entry(flipBodyChar(envelope, envelope.length() - 3), DecryptionFailedException.class),
              Map.entry(flipBodyChar(envelope, 60), DecryptionFailedException.class),
              Map.entry(envelope.substring(0, envelope.length() - 4), DecryptionFailedException.class),
              Map.entry(envelope.substring(0, 20), MalformedCiphertextException.class),
              Map.entry(envelope.substring(0, envelope.length() - 3), MalformedCiphertextException.class),
              Map.entry(nonCanonical(envelope.substring(0, envelope.length() - 2)), MalformedCiphertextException.class),
              Map.entry("waas:v2:" + envelope.substring(8), MalformedCiphertextException.class),
              Map.entry(envelope + "=", MalformedCiphertextException.class),
              Map.entry(envelope.replace("waas:v1:", "waas:v1: "), MalformedCiphertextException.class),
              Map.entry("123-45-6789", MalformedCiphertextException.class),
              Map.entry("", MalformedCiphertextException.class));
      for (Map.Entry<String, Class<?>> c : cases.entrySet()) {
        encrypted.set("ssn", TextNode.valueOf(c.getKey()));
        FieldDecryptionException e = assertThrows(FieldDecryptionException.class, () -> enc.decrypt(encrypted, "cust-42"));
        assertInstanceOf(c.getValue(), e.reason(), c.getKey());
        assertEquals("/ssn", e.pointer());
      }
      // A plaintext value of another JSON type (or null) where the envelope belongs is refused too.
      for (JsonNode planted : List.of(JSON.readTree("123456789"), JSON.readTree("null"), JSON.readTree("{\"a\":1}"))) {
        encrypted.set("ssn", planted);
        FieldDecryptionException e = assertThrows(FieldDecryptionException.class, () -> enc.decrypt(encrypted, "cust-42"));
        assertInstanceOf(MalformedCiphertextException.class, e.reason());
      }
    }
  }

  /**
   * Sets a low bit of the last character of a body whose length is 2 mod 4: those bits carry no
   * data, so the text decodes to the same bytes but is not the canonical encoding.
   */
  private static String nonCanonical(String envelope) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    assertEquals(2, (envelope.length() - 8) % 4);
    int last = alphabet.indexOf(envelope.charAt(envelope.length() - 1));
    return envelope.substring(0, envelope.length() - 1) + alphabet.charAt(last | 1);
  }

  /** Replaces one base64url character of the envelope body with another valid one. */
  private static String flipBodyChar(String envelope, int index) {
    char c = envelope.charAt(index);
    char other = c == 'A' ? 'B' : 'A';
    return envelope.substring(0, index) + other + envelope.substring(index + 1);
  }

  @Test
  void missingField_failsOrSkipsAsConfigured() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonFieldEncryptor strict = fields(ring, "/ssn", "/missing/field");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> strict.encrypt(DOC, "cust-42"));
      assertTrue(String.valueOf(e.getMessage()).contains("'/missing/field'"), e.getMessage());
      JsonFieldEncryptor lenient =
          JsonFieldEncryptor.builder(ring.encryptor(), CUSTOMERS)
              .fields("/ssn", "/missing/field", "/phones/7")
              .ifMissing(MissingFieldPolicy.SKIP)
              .build();
      String encrypted = lenient.encrypt(DOC, "cust-42");
      assertEquals(DOC, lenient.decrypt(encrypted, "cust-42"));
      ObjectNode withoutSsn = (ObjectNode) JSON.readTree(encrypted);
      withoutSsn.remove("ssn");
      FieldDecryptionException missing =
          assertThrows(FieldDecryptionException.class, () -> fields(ring, "/ssn").decrypt(withoutSsn, "cust-42"));
      assertInstanceOf(MalformedDataException.class, missing.reason());
      assertEquals("/ssn", missing.pointer());
    }
  }

  @Test
  void builder_invalidConfiguration_refused() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonFieldEncryptor.Builder b = JsonFieldEncryptor.builder(ring.encryptor(), CUSTOMERS).field("/address");
      assertThrows(IllegalArgumentException.class, () -> b.field("/address/street"), "inside another field");
      assertThrows(IllegalArgumentException.class, () -> b.field("/address"), "twice");
      assertThrows(IllegalArgumentException.class, () -> b.field(""), "the whole document");
      assertThrows(IllegalArgumentException.class, () -> b.field("ssn"), "not a pointer");
      JsonFieldEncryptor.Builder c = JsonFieldEncryptor.builder(ring.encryptor(), CUSTOMERS).field("/a/b");
      assertThrows(IllegalArgumentException.class, () -> c.field("/a"), "contains another field");
      c.field("/ab"); // a sibling with a common prefix is fine
      assertThrows(
          IllegalStateException.class, () -> JsonFieldEncryptor.builder(ring.encryptor(), CUSTOMERS).build(), "no fields");
      assertThrows(
          IllegalArgumentException.class,
          () -> JsonFieldEncryptor.builder(ring.encryptor(), EncryptionContext.of("acme", "customer", "rec-1")),
          "record id in the base context");
      assertThrows(
          IllegalArgumentException.class,
          () -> JsonFieldEncryptor.builder(ring.encryptor(), EncryptionContext.builder("acme").build()),
          "no purpose");
      assertThrows(
          IllegalArgumentException.class,
          () -> JsonFieldEncryptor.builder(
              ring.encryptor(), EncryptionContext.builder("acme").purpose("p").attribute("json.pointer", "/x").build()),
          "reserved attribute");
      JsonFieldEncryptor ok = fields(ring, "/ssn");
      assertThrows(IllegalArgumentException.class, () -> ok.encrypt(DOC, ""), "empty record id");
    }
  }

  @Test
  void text_malformedJson_refusedWithoutQuotingContent() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonFieldEncryptor enc = fields(ring, "/ssn");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> enc.encrypt("{\"ssn\": secret-123}", "r"));
      assertFalse(String.valueOf(e.getMessage()).contains("secret"), e.getMessage());
      assertTrue(String.valueOf(e.getMessage()).contains("line 1"), e.getMessage());
      MalformedDataException d = assertThrows(MalformedDataException.class, () -> enc.decrypt("{\"ssn\": secret-123}", "r"));
      assertFalse(String.valueOf(d.getMessage()).contains("secret"), d.getMessage());
      // Duplicate keys would let two parsers read different values: refused.
      assertThrows(IllegalArgumentException.class, () -> enc.encrypt("{\"ssn\":\"a\",\"ssn\":\"b\"}", "r"));
      assertThrows(IllegalArgumentException.class, () -> enc.encrypt("{\"ssn\":\"a\"} {}", "r"));
    }
  }

  @Test
  void decrypt_afterShred_failsWithKeyDestroyed() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonFieldEncryptor enc = fields(ring, "/ssn");
      String encrypted = enc.encrypt(DOC, "cust-42");
      ring.shred(KeyScope.tenant("acme"));
      FieldDecryptionException e = assertThrows(FieldDecryptionException.class, () -> enc.decrypt(encrypted, "cust-42"));
      assertInstanceOf(KeyDestroyedException.class, e.reason());
      assertThrows(KeyDestroyedException.class, () -> enc.encrypt(DOC, "cust-42"));
    }
  }

  @Test
  void objectMapper_callerMapper_decryptsToSameNodeTypes() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper plain = new ObjectMapper();
      JsonFieldEncryptor enc =
          JsonFieldEncryptor.builder(ring.encryptor(), CUSTOMERS).fields("/balance", "/ratio").objectMapper(plain).build();
      JsonNode doc = plain.readTree(DOC);
      JsonNode back = enc.decrypt(enc.encrypt(doc, "cust-42"), "cust-42");
      assertEquals(doc, back);
      assertTrue(back.get("balance").isDouble(), "the caller's mapper reads doubles as DoubleNode");
    }
  }

  @Test
  void encryptDecrypt_concurrentThreads_allRoundTrip() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonFieldEncryptor enc = fields(ring, "/ssn", "/address", "/nested/deep/secret");
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < 6; t++) {
        int n = t;
        threads.add(
            new Thread(
                () -> {
                  try {
                    for (int i = 0; i < 100; i++) {
                      String record = "rec-" + n + "-" + i;
                      String doc = DOC.replace("123-45-6789", record);
                      String encrypted = enc.encrypt(doc, record);
                      assertNotEquals(doc, encrypted);
                      assertEquals(doc, enc.decrypt(encrypted, record));
                    }
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      assertEquals(List.of(), failures);
    }
  }

  @Test
  void fields_reportsConfiguredPointers() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      JsonFieldEncryptor enc = fields(ring, "/ssn", "/we~1ird~0name");
      List<String> pointers = new ArrayList<>();
      for (Iterator<com.fasterxml.jackson.core.JsonPointer> it = enc.fields().iterator(); it.hasNext(); ) {
        pointers.add(it.next().toString());
      }
      assertEquals(List.of("/ssn", "/we~1ird~0name"), pointers);
    }
  }
}
