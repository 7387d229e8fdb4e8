package io.waas.crypto.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyNotFoundException;
import io.waas.crypto.DecryptionFailedException;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.MalformedCiphertextException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedFieldsModuleTest {
  @TempDir @SuppressWarnings("NullAway.Init") Path dir;

  private static final EncryptionContext ACME = EncryptionContext.builder("acme").purpose("customer").build();

  /** The record id is written last, so reading must not depend on it coming first. */
  @JsonPropertyOrder({"name", "ssn", "nickname", "age", "balance", "vip", "tags", "address", "attributes", "note", "id"})
  public static final class Customer {
    @RecordId public String id = "";
    public String name = "";
    @Encrypted public String ssn = "";
    @Encrypted public @Nullable String nickname;
    @Encrypted public int age;
    @Encrypted public @Nullable BigDecimal balance;
    @Encrypted public boolean vip;
    @Encrypted public List<String> tags = new ArrayList<>();
    @Encrypted public @Nullable Address address;
    @Encrypted public Map<String, Object> attributes = Map.of();
    @Encrypted public @Nullable String note;

    static Customer sample(String id) {
      Customer c = new Customer();
      c.id = id;
      c.name = "Ann";
      c.ssn = "123-45-6789";
      c.nickname = "annie";
      c.age = 42;
      c.balance = new BigDecimal("1234.50");
      c.vip = true;
      c.tags = List.of("gold", "eu");
      c.address = new Address();
      c.address.street = "Main St 1";
      c.attributes = Map.of("k", List.of(1, 2));
      c.note = null;
      return c;
    }
  }

  public static final class Address {
    public String street = "";
  }

  /** A nested object with its own record id, inside a record whose property is not encrypted. */
  public static final class Household {
    @RecordId public String id = "h-1";
    public Member member = new Member();
  }

  public static final class Member {
    @RecordId public String memberId = "m-1";
    @Encrypted public String pin = "1234";
  }

  /** A nested object without a record id: needs the per-call record id. */
  public static final class Holder {
    @RecordId public String id = "h-1";
    public Note note = new Note();
  }

  /** No @RecordId: the record id must come from the per-call context. */
  public static final class Note {
    public String title = "";
    @Encrypted public String body = "";
  }

  public record Account(@RecordId long number, @Encrypted String iban, String bank) {}

  public static final class Sparse {
    @RecordId public UUID id = UUID.randomUUID();
    @JsonInclude(JsonInclude.Include.NON_NULL) @Encrypted public @Nullable String secret;
  }

  public static final class EncryptedId {
    @RecordId @Encrypted public String id = "x";
  }

  public static final class TwoIds {
    @RecordId public String a = "1";
    @RecordId public String b = "2";
    @Encrypted public String s = "";
  }

  public static final class DoubleId {
    @RecordId public double id = 1.5;
    @Encrypted public String s = "";
  }

  public static final class ValueClass {
    @Encrypted public String secret = "s";

    @JsonValue
    public String value() {
      return secret;
    }
  }

  public static final class Unwrapping {
    @RecordId public String id = "u";
    @JsonUnwrapped @Encrypted public Address address = new Address();
  }

  public static final class UnwrappedMember {
    @JsonUnwrapped public Member member = new Member();
  }

  public static final class PrefixedMember {
    @JsonUnwrapped(prefix = "m_") public Member member = new Member();
  }

  private static ObjectMapper mapper(KeyRing ring) {
    return JsonMapper.builder().addModule(EncryptedFieldsModule.create(ring.encryptor())).build();
  }

  private static ObjectWriter writer(ObjectMapper m, EncryptionContext ctx) {
    return EncryptedFieldsModule.withContext(m.writer(), ctx);
  }

  private static <T> ObjectReader reader(ObjectMapper m, Class<T> type, EncryptionContext ctx) {
    return EncryptedFieldsModule.withContext(m.readerFor(type), ctx);
  }

  private static FieldDecryptionException fieldFailure(Exception e) {
    return FieldDecryptionException.in(e).orElseThrow(() -> new AssertionError("no FieldDecryptionException in", e));
  }

  @Test
  void writeRead_annotatedFields_encryptedAndRoundTrip() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      Customer c = Customer.sample("cust-42");
      String json = writer(m, ACME).writeValueAsString(c);
      JsonNode tree = new ObjectMapper().readTree(json);
      assertEquals("cust-42", tree.get("id").textValue());
      assertEquals("Ann", tree.get("name").textValue());
      for (String f : List.of("ssn", "nickname", "age", "balance", "vip", "tags", "address", "attributes", "note")) {
        assertTrue(tree.get(f).textValue().startsWith("waas:v1:"), f + " is encrypted: " + tree.get(f));
      }
      assertFalse(json.contains("123-45-6789") || json.contains("Main St") || json.contains("gold"), json);

      Customer back = reader(m, Customer.class, ACME).readValue(json);
      assertEquals(c.id, back.id);
      assertEquals(c.name, back.name);
      assertEquals(c.ssn, back.ssn);
      assertEquals(c.nickname, back.nickname);
      assertEquals(42, back.age);
      assertEquals(new BigDecimal("1234.50"), back.balance);
      assertTrue(back.vip);
      assertEquals(List.of("gold", "eu"), back.tags);
      assertEquals("Main St 1", Objects.requireNonNull(back.address).street);
      assertEquals(Map.of("k", List.of(1, 2)), back.attributes);
      assertNull(back.note, "an encrypted null decrypts to null");
    }
  }

  @Test
  void read_valueMovedToOtherRecord_fails() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      ObjectNode a = (ObjectNode) m.readTree(writer(m, ACME).writeValueAsString(Customer.sample("cust-1")));
      ObjectNode b = (ObjectNode) m.readTree(writer(m, ACME).writeValueAsString(Customer.sample("cust-2")));
      b.set("ssn", a.get("ssn"));
      JsonProcessingException e =
          assertThrows(JsonProcessingException.class, () -> reader(m, Customer.class, ACME).readValue(b.toString()));
      FieldDecryptionException f = fieldFailure(e);
      assertEquals("/ssn", f.pointer());
      assertEquals("cust-2", f.recordId());
      assertInstanceOf(DecryptionFailedException.class, f.reason());
      assertFalse(String.valueOf(e.getMessage()).contains("123-45-6789"), e.getMessage());
      // Changing the record id of a whole document is the same move.
      a.put("id", "cust-2");
      assertThrows(JsonProcessingException.class, () -> reader(m, Customer.class, ACME).readValue(a.toString()));
    }
  }

  @Test
  void read_valueMovedToOtherField_fails() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      ObjectNode a = (ObjectNode) m.readTree(writer(m, ACME).writeValueAsString(Customer.sample("cust-1")));
      a.set("nickname", a.get("ssn"));
      FieldDecryptionException f =
          fieldFailure(assertThrows(JsonProcessingException.class, () -> reader(m, Customer.class, ACME).readValue(a.toString())));
      assertEquals("/nickname", f.pointer());
      assertInstanceOf(DecryptionFailedException.class, f.reason());
    }
  }

  @Test
  void read_plaintextOrNullWhereEnvelopeBelongs_refused() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      ObjectNode a = (ObjectNode) m.readTree(writer(m, ACME).writeValueAsString(Customer.sample("cust-1")));
      a.put("ssn", "000-00-0000");
      assertInstanceOf(
          MalformedCiphertextException.class,
          fieldFailure(assertThrows(JsonProcessingException.class, () -> reader(m, Customer.class, ACME).readValue(a.toString())))
              .reason());
      a.putNull("ssn");
      assertInstanceOf(
          MalformedCiphertextException.class,
          fieldFailure(assertThrows(JsonProcessingException.class, () -> reader(m, Customer.class, ACME).readValue(a.toString())))
              .reason());
    }
  }

  @Test
  void read_otherTenantOrShredded_failsTyped() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      String json = writer(m, ACME).writeValueAsString(Customer.sample("cust-1"));
      ring.createKeys(KeyScope.tenant("globex"));
      EncryptionContext globex = EncryptionContext.builder("globex").purpose("customer").build();
      assertInstanceOf(
          KeyNotFoundException.class,
          fieldFailure(assertThrows(JsonProcessingException.class, () -> reader(m, Customer.class, globex).readValue(json)))
              .reason());
      ring.shred(KeyScope.tenant("acme"));
      assertInstanceOf(
          KeyDestroyedException.class,
          fieldFailure(assertThrows(JsonProcessingException.class, () -> reader(m, Customer.class, ACME).readValue(json)))
              .reason());
    }
  }

  @Test
  void write_withoutContext_refused() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      JsonProcessingException e =
          assertThrows(JsonProcessingException.class, () -> m.writeValueAsString(Customer.sample("c")));
      assertTrue(String.valueOf(e.getMessage()).contains("withContext"), e.getMessage());
      assertThrows(JsonProcessingException.class, () -> m.readValue("{\"id\":\"c\",\"ssn\":\"x\"}", Customer.class));
      // A default context in the module makes the plain mapper calls work.
      ObjectMapper withDefault = JsonMapper.builder().addModule(EncryptedFieldsModule.create(ring.encryptor(), ACME)).build();
      Customer back = withDefault.readValue(withDefault.writeValueAsString(Customer.sample("c")), Customer.class);
      assertEquals("123-45-6789", back.ssn);
    }
  }

  @Test
  void classWithoutRecordId_usesPerCallRecordId() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      Note n = new Note();
      n.title = "t";
      n.body = "private";
      EncryptionContext rec7 = EncryptionContext.builder("acme").purpose("customer").recordId("rec-7").build();
      String json = writer(m, rec7).writeValueAsString(n);
      assertEquals("private", reader(m, Note.class, rec7).<Note>readValue(json).body);
      EncryptionContext rec8 = EncryptionContext.builder("acme").purpose("customer").recordId("rec-8").build();
      assertInstanceOf(
          DecryptionFailedException.class,
          fieldFailure(assertThrows(JsonProcessingException.class, () -> reader(m, Note.class, rec8).readValue(json))).reason());
      JsonProcessingException none = assertThrows(JsonProcessingException.class, () -> writer(m, ACME).writeValueAsString(n));
      assertTrue(String.valueOf(none.getMessage()).contains("no @RecordId"), none.getMessage());
      // An object's own record id must agree with a per-call one.
      assertThrows(JsonProcessingException.class, () -> writer(m, rec7).writeValueAsString(Customer.sample("cust-1")));
    }
  }

  @Test
  void nestedObjects_ownRecordIdOrPerCallRecordId() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      String json = writer(m, ACME).writeValueAsString(new Household());
      assertFalse(json.contains("1234"), json);
      assertEquals("1234", reader(m, Household.class, ACME).<Household>readValue(json).member.pin);
      // The member's pin is bound to the member's id, not the household's.
      String moved = json.replace("\"m-1\"", "\"m-2\"");
      FieldDecryptionException f =
          fieldFailure(assertThrows(JsonProcessingException.class, () -> reader(m, Household.class, ACME).readValue(moved)));
      assertEquals("m-2", f.recordId());
      assertEquals("/pin", f.pointer());

      JsonProcessingException noId = assertThrows(JsonProcessingException.class, () -> writer(m, ACME).writeValueAsString(new Holder()));
      assertTrue(String.valueOf(noId.getMessage()).contains("Note has @Encrypted properties but no @RecordId"), noId.getMessage());
    }
  }

  @Test
  void interop_moduleOutputReadableByJsonFieldEncryptor() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      String json = writer(m, ACME).writeValueAsString(Customer.sample("cust-42"));
      JsonFieldEncryptor fields =
          JsonFieldEncryptor.builder(ring.encryptor(), ACME).fields("/ssn", "/address", "/tags").build();
      JsonNode plain = fields.decrypt(m.readTree(json), "cust-42");
      assertEquals("123-45-6789", plain.get("ssn").textValue());
      assertEquals("eu", plain.at("/tags/1").textValue());
      assertEquals("Main St 1", plain.at("/address/street").textValue());
      // And the other way round.
      ObjectNode doc = (ObjectNode) m.readTree(json);
      doc.set("ssn", fields.encrypt(m.readTree("{\"ssn\":\"555-55-5555\",\"address\":{},\"tags\":[]}"), "cust-42").get("ssn"));
      assertEquals("555-55-5555", reader(m, Customer.class, ACME).<Customer>readValue(doc.toString()).ssn);
    }
  }

  @Test
  void record_andUuidRecordId_roundTrip() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      String json = writer(m, ACME).writeValueAsString(new Account(1234567890123L, "DE89370400440532013000", "B"));
      assertFalse(json.contains("DE89"), json);
      assertEquals(new Account(1234567890123L, "DE89370400440532013000", "B"), reader(m, Account.class, ACME).readValue(json));

      Sparse s = new Sparse();
      String withoutSecret = writer(m, ACME).writeValueAsString(s);
      assertFalse(m.readTree(withoutSecret).has("secret"), "a null left out by @JsonInclude stays left out");
      assertNull(reader(m, Sparse.class, ACME).<Sparse>readValue(withoutSecret).secret);
      s.secret = "x";
      assertEquals("x", reader(m, Sparse.class, ACME).<Sparse>readValue(writer(m, ACME).writeValueAsString(s)).secret);
    }
  }

  @Test
  void invalidDefinitions_refused() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      for (Object bad : List.of(new EncryptedId(), new TwoIds(), new DoubleId(), new ValueClass(), new PrefixedMember())) {
        Exception e = assertThrows(Exception.class, () -> writer(m, ACME).writeValueAsString(bad), bad.getClass().getSimpleName());
        assertFalse(String.valueOf(e.getMessage()).isEmpty());
      }
      assertThrows(Exception.class, () -> reader(m, TwoIds.class, ACME).readValue("{}"));
      assertThrows(
          IllegalArgumentException.class,
          () -> EncryptedFieldsModule.withContext(m.writer(), EncryptionContext.builder("acme").build()),
          "no purpose");
      assertThrows(
          IllegalArgumentException.class,
          () -> EncryptedFieldsModule.create(ring.encryptor(), EncryptionContext.of("acme", "p", "rec-1")),
          "default context with a record id");
    }
  }

  @Test
  void unwrapped_neverWrittenInClear() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      Unwrapping u = new Unwrapping();
      u.address.street = "Main St 1";
      String json = writer(m, ACME).writeValueAsString(u);
      assertFalse(json.contains("Main St"), "an @Encrypted value is encrypted as one value, never unwrapped: " + json);
      assertTrue(m.readTree(json).get("address").textValue().startsWith("waas:v1:"));
      // An unwrapped object keeps its own encrypted properties encrypted, and reads back.
      String member = writer(m, ACME).writeValueAsString(new UnwrappedMember());
      assertFalse(member.contains("1234"), member);
      assertEquals("1234", reader(m, UnwrappedMember.class, ACME).<UnwrappedMember>readValue(member).member.pin);
    }
  }

  @Test
  void sharedMapper_concurrentTenantsAndRecords_allRoundTrip() throws Exception {
    try (KeyRing ring = TestRings.open(dir)) {
      ObjectMapper m = mapper(ring);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      try {
        List<Future<Integer>> fs = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
          int n = t;
          fs.add(
              pool.submit(
                  () -> {
                    EncryptionContext ctx = EncryptionContext.builder("tenant-" + (n % 3)).purpose("customer").build();
                    ObjectWriter w = writer(m, ctx);
                    ObjectReader r = reader(m, Customer.class, ctx);
                    for (int i = 0; i < 60; i++) {
                      Customer c = Customer.sample("c-" + n + "-" + i);
                      c.ssn = "ssn-" + n + "-" + i;
                      Customer back = r.readValue(w.writeValueAsString(c));
                      assertEquals(c.ssn, back.ssn);
                      assertEquals(c.id, back.id);
                    }
                    return n;
                  }));
        }
        for (Future<Integer> f : fs) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
