package io.waas.crypto.json;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.waas.core.MalformedDataException;
import io.waas.crypto.DataEncryptor;
import io.waas.crypto.EncryptionContext;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Encrypts chosen fields of JSON documents, selected by JSON Pointer (RFC 6901), and leaves the
 * rest of each document readable and unchanged.
 *
 * <pre>{@code
 * JsonFieldEncryptor fields =
 *     JsonFieldEncryptor.builder(keys.encryptor(), EncryptionContext.builder("acme").purpose("customer").build())
 *         .field("/ssn")
 *         .field("/address")            // a whole object
 *         .build();
 * String stored = fields.encrypt(json, "cust-42");   // {"name":"Ann","ssn":"waas:v1:AVdD...","address":"waas:v1:..."}
 * String back = fields.decrypt(stored, "cust-42");
 * }</pre>
 *
 * <p>Each value is serialized to JSON text, encrypted with the {@link DataEncryptor}, and replaced
 * by the string {@code "waas:v1:<base64url ciphertext>"}; decryption parses it back, so strings,
 * numbers, booleans, {@code null}, objects and arrays keep their JSON type.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Each field is encrypted as its own {@link DataEncryptor} message (authenticated,
 *       key-committing, random nonce) under the base context plus the record id and the field's
 *       JSON Pointer (attribute {@code json.pointer}). A value copied to another field, another
 *       record, another purpose or another tenant fails to decrypt with {@link
 *       FieldDecryptionException}, which names the field, never the value.
 *   <li>Every configured field that is present must be an envelope when decrypting: a plaintext
 *       value planted where an encrypted one belongs is refused, not passed through.
 *   <li>Rotation and crypto-shredding apply as for every {@link DataEncryptor} ciphertext.
 * </ul>
 *
 * <p><b>Not protected:</b> field names, the document's structure, which fields are present, the
 * rest of the document (it is not authenticated: bind what must not change into an encrypted
 * field), and each encrypted value's approximate length (envelope length grows with the
 * serialized value's length). Deleting an encrypted field is not detected ({@link
 * MissingFieldPolicy#FAIL} refuses documents without it). Pointers are positional: a pointer into
 * an array ({@code /phones/0}) binds the value to that index, so reordering the array makes it
 * fail to decrypt.
 *
 * <p><b>Errors:</b> the caller's own input when encrypting (malformed JSON text, a missing field)
 * is refused with {@link IllegalArgumentException}; stored data that does not decrypt fails with
 * the checked {@link FieldDecryptionException}. Messages never quote document content.
 *
 * <p>Immutable and thread-safe.
 */
public final class JsonFieldEncryptor {
  private final DataEncryptor encryptor;
  private final EncryptionContext base;
  private final List<JsonPointer> pointers;
  private final MissingFieldPolicy missing;
  private final ObjectMapper mapper;

  private JsonFieldEncryptor(Builder b) {
    this.encryptor = b.encryptor;
    this.base = b.base;
    this.pointers = List.copyOf(b.pointers);
    this.missing = b.missing;
    this.mapper = b.mapper == null ? defaultMapper() : b.mapper;
  }

  /**
   * Starts configuring a field encryptor.
   *
   * @param encryptor usually {@link io.waas.crypto.KeyRing#encryptor()}
   * @param baseContext tenant (and subject), a purpose naming the kind of document, optional
   *     attributes; no record id (it is given per document)
   * @return a builder
   * @throws IllegalArgumentException if the base context has a record id or no purpose, or uses
   *     the reserved attribute {@code json.pointer}
   */
  public static Builder builder(DataEncryptor encryptor, EncryptionContext baseContext) {
    return new Builder(encryptor, baseContext);
  }

  /**
   * The mapper used when none is configured: floating-point numbers are read as {@code
   * BigDecimal} with trailing zeros kept (so {@code 1.10} stays {@code 1.10}), duplicate keys and
   * trailing content are refused (two parsers must never read different values out of one
   * document).
   */
  static ObjectMapper defaultMapper() {
    return JsonMapper.builder()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /**
   * Returns the configured fields.
   *
   * @return the pointers, in configuration order
   */
  public List<JsonPointer> fields() {
    return pointers;
  }

  /**
   * Returns a copy of {@code document} with every configured field encrypted. The input is not
   * modified.
   *
   * @param document the plaintext document
   * @param recordId which record it is; every field is bound to it
   * @return the document with envelopes in place of the configured fields
   * @throws IllegalArgumentException if a field is missing (with {@link MissingFieldPolicy#FAIL})
   *     or {@code recordId} is empty
   * @throws io.waas.core.KeyDestroyedException if the scope was crypto-shredded
   * @throws GeneralSecurityException if encryption fails as {@link DataEncryptor#encrypt} says
   */
  public JsonNode encrypt(JsonNode document, String recordId) throws GeneralSecurityException {
    FieldContexts.checkRecordId(recordId);
    JsonNode copy = document.deepCopy();
    for (JsonPointer p : pointers) {
      Slot slot = Slot.find(copy, p);
      if (slot == null) {
        if (missing == MissingFieldPolicy.SKIP) {
          continue;
        }
        throw new IllegalArgumentException(
            "document of record '" + recordId + "' has no value at '" + p + "' (use MissingFieldPolicy.SKIP for optional fields)");
      }
      byte[] plaintext = serialize(slot.get());
      try {
        byte[] ciphertext = encryptor.encrypt(plaintext, FieldContexts.forField(base, recordId, p.toString()));
        slot.set(TextNode.valueOf(FieldEnvelope.format(ciphertext)));
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
    }
    return copy;
  }

  /**
   * Returns a copy of {@code document} with every configured field decrypted. The input is not
   * modified.
   *
   * @param document a document made by {@link #encrypt}
   * @param recordId the record id it was encrypted with
   * @return the plaintext document
   * @throws FieldDecryptionException if a field is missing (with {@link MissingFieldPolicy#FAIL}),
   *     is not an envelope, was modified or moved, or its key is unavailable; see {@link
   *     FieldDecryptionException#reason()}
   * @throws IllegalArgumentException if {@code recordId} is empty
   * @throws GeneralSecurityException if the key store fails
   */
  public JsonNode decrypt(JsonNode document, String recordId) throws GeneralSecurityException {
    FieldContexts.checkRecordId(recordId);
    JsonNode copy = document.deepCopy();
    for (JsonPointer p : pointers) {
      Slot slot = Slot.find(copy, p);
      if (slot == null) {
        if (missing == MissingFieldPolicy.SKIP) {
          continue;
        }
        throw new FieldDecryptionException(
            p.toString(), recordId, new MalformedDataException("the document has no value at this pointer"));
      }
      slot.set(decryptValue(slot.get(), recordId, p.toString()));
    }
    return copy;
  }

  /**
   * Encrypts the configured fields of a JSON text. Parsed and written with this encryptor's
   * {@link ObjectMapper}: the output is compact, and a compact input keeps every unencrypted
   * field byte-for-byte.
   *
   * @param json the plaintext document
   * @param recordId which record it is
   * @return the document with envelopes
   * @throws IllegalArgumentException if {@code json} is not one well-formed JSON document (the
   *     message gives the location, never the content), or as {@link #encrypt(JsonNode, String)}
   * @throws GeneralSecurityException as {@link #encrypt(JsonNode, String)}
   */
  public String encrypt(String json, String recordId) throws GeneralSecurityException {
    JsonNode doc;
    try {
      doc = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a well-formed JSON document: " + where(e));
    }
    return write(encrypt(doc, recordId));
  }

  /**
   * Decrypts the configured fields of a JSON text.
   *
   * @param json a document made by {@link #encrypt(String, String)}
   * @param recordId the record id it was encrypted with
   * @return the plaintext document, compact
   * @throws MalformedDataException if {@code json} is not one well-formed JSON document
   * @throws FieldDecryptionException as {@link #decrypt(JsonNode, String)}
   * @throws GeneralSecurityException as {@link #decrypt(JsonNode, String)}
   */
  public String decrypt(String json, String recordId) throws GeneralSecurityException {
    JsonNode doc;
    try {
      doc = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new MalformedDataException("stored document is not well-formed JSON: " + where(e));
    }
    return write(decrypt(doc, recordId));
  }

  /** Decrypts one envelope node into the JSON value it holds. Shared with the POJO module. */
  static JsonNode decryptValue(
      JsonNode envelope, DataEncryptor encryptor, EncryptionContext base, ObjectMapper mapper, String recordId, String pointer)
      throws FieldDecryptionException {
    try {
      if (!envelope.isTextual()) {
        throw new io.waas.crypto.MalformedCiphertextException(
            "not an encrypted field envelope: a JSON " + envelope.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + " where an encrypted string belongs");
      }
      byte[] ciphertext = FieldEnvelope.parse(envelope.textValue());
      byte[] plaintext = encryptor.decrypt(ciphertext, FieldContexts.forField(base, recordId, pointer));
      try {
        return mapper.readTree(plaintext);
      } catch (IOException e) {
        throw new MalformedDataException("decrypted value is not JSON", null);
      } finally {
        Arrays.fill(plaintext, (byte) 0);
      }
    } catch (FieldDecryptionException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new FieldDecryptionException(pointer, recordId, e);
    } catch (IllegalArgumentException e) {
      // The record id or pointer cannot be put into a context (too long, unpaired surrogate).
      throw new FieldDecryptionException(pointer, recordId, new MalformedDataException(String.valueOf(e.getMessage()), null));
    }
  }

  private JsonNode decryptValue(JsonNode envelope, String recordId, String pointer) throws FieldDecryptionException {
    return decryptValue(envelope, encryptor, base, mapper, recordId, pointer);
  }

  private byte[] serialize(JsonNode value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  private String write(JsonNode doc) {
    try {
      return mapper.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** Jackson's messages quote the offending token; keep only the kind of problem's location. */
  private static String where(JsonProcessingException e) {
    com.fasterxml.jackson.core.JsonLocation l = e.getLocation();
    return l == null ? "unreadable input" : "problem at line " + l.getLineNr() + ", column " + l.getColumnNr();
  }

  @Override
  public String toString() {
    return "JsonFieldEncryptor" + pointers + " [" + base + ", missing fields: " + missing + "]";
  }

  /** Where a pointer's value lives: a property of an object or an index of an array. */
  private static final class Slot {
    private final JsonNode parent;
    private final @Nullable String property;
    private final int index;

    private Slot(JsonNode parent, @Nullable String property, int index) {
      this.parent = parent;
      this.property = property;
      this.index = index;
    }

    static @Nullable Slot find(JsonNode root, JsonPointer p) {
      JsonNode parent = root.at(p.head());
      JsonPointer last = p.last();
      if (parent instanceof ObjectNode) {
        String name = last.getMatchingProperty();
        return parent.has(name) ? new Slot(parent, name, -1) : null;
      }
      if (parent instanceof ArrayNode) {
        int i = last.getMatchingIndex();
        return i >= 0 && i < parent.size() ? new Slot(parent, null, i) : null;
      }
      return null;
    }

    JsonNode get() {
      return property != null ? parent.get(property) : parent.get(index);
    }

    void set(JsonNode value) {
      if (property != null) {
        ((ObjectNode) parent).set(property, value);
      } else {
        ((ArrayNode) parent).set(index, value);
      }
    }
  }

  /** Configures a {@link JsonFieldEncryptor}. Not thread-safe. */
  public static final class Builder {
    private final DataEncryptor encryptor;
    private final EncryptionContext base;
    private final List<JsonPointer> pointers = new ArrayList<>();
    private MissingFieldPolicy missing = MissingFieldPolicy.FAIL;
    private @Nullable ObjectMapper mapper;

    private Builder(DataEncryptor encryptor, EncryptionContext base) {
      this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
      this.base = FieldContexts.checkBase(base, false);
    }

    /**
     * Adds a field to encrypt.
     *
     * @param pointer a JSON Pointer (RFC 6901) such as {@code /ssn} or {@code /address/street};
     *     {@code ~1} escapes {@code /} and {@code ~0} escapes {@code ~} in names
     * @return this builder
     * @throws IllegalArgumentException if the pointer is malformed, is the whole document ({@code
     *     ""}), is already configured, lies inside or contains another configured pointer, or is
     *     longer than {@value EncryptionContext#MAX_VALUE_LENGTH} characters
     */
    public Builder field(String pointer) {
      JsonPointer p = JsonPointer.compile(pointer);
      if (p.matches()) {
        throw new IllegalArgumentException(
            "the whole document cannot be an encrypted field; encrypt it with DataEncryptor instead");
      }
      for (JsonPointer other : pointers) {
        if (contains(other, p) || contains(p, other)) {
          throw new IllegalArgumentException(
              "field '" + p + "' overlaps the configured field '" + other + "'; encrypt the enclosing one only");
        }
      }
      FieldContexts.forField(base, "check", p.toString()); // length and well-formedness
      pointers.add(p);
      return this;
    }

    /**
     * Adds several fields, as {@link #field(String)} does each.
     *
     * @param pointers JSON Pointers
     * @return this builder
     * @throws IllegalArgumentException as {@link #field(String)}
     */
    public Builder fields(String... pointers) {
      for (String p : pointers) {
        field(p);
      }
      return this;
    }

    /**
     * Sets what happens when a document lacks a field (default {@link MissingFieldPolicy#FAIL}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder ifMissing(MissingFieldPolicy policy) {
      this.missing = Objects.requireNonNull(policy);
      return this;
    }

    /**
     * Sets the mapper that writes values before encryption and reads them back after decryption
     * (and parses and writes whole documents in the text methods). Pass the mapper your documents
     * are read with, so decrypted values come back as the same node types (for example {@code
     * DoubleNode} or {@code DecimalNode}). Default: see {@link JsonFieldEncryptor}.
     *
     * @param mapper a configured mapper; it must not be reconfigured afterwards
     * @return this builder
     */
    public Builder objectMapper(ObjectMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper);
      return this;
    }

    /**
     * Builds the field encryptor.
     *
     * @return the immutable encryptor
     * @throws IllegalStateException if no field was configured
     */
    public JsonFieldEncryptor build() {
      if (pointers.isEmpty()) {
        throw new IllegalStateException("no fields configured: call field(\"/pointer\")");
      }
      return new JsonFieldEncryptor(this);
    }

    private static boolean contains(JsonPointer outer, JsonPointer inner) {
      String o = outer.toString();
      String i = inner.toString();
      return i.equals(o) || i.startsWith(o + "/");
    }
  }
}
