package io.waas.crypto.json;

import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.waas.crypto.DataEncryptor;
import io.waas.crypto.EncryptionContext;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A Jackson module that encrypts POJO properties annotated {@link Encrypted} when objects are
 * written and decrypts them when objects are read, with the same envelope and binding as {@link
 * JsonFieldEncryptor}.
 *
 * <pre>{@code
 * class Customer {
 *   @RecordId public String id;
 *   public String name;
 *   @Encrypted public String ssn;
 *   @Encrypted public Address address;
 * }
 *
 * ObjectMapper mapper = JsonMapper.builder().addModule(EncryptedFieldsModule.create(keys.encryptor())).build();
 * EncryptionContext acme = EncryptionContext.builder("acme").purpose("customer").build();
 * String json = EncryptedFieldsModule.withContext(mapper.writer(), acme).writeValueAsString(customer);
 * Customer back = EncryptedFieldsModule.withContext(mapper.readerFor(Customer.class), acme).readValue(json);
 * }</pre>
 *
 * <h2>Where the context comes from (design)</h2>
 *
 * <ul>
 *   <li><b>Tenant, subject, purpose</b> come per call, as an attribute of Jackson's immutable
 *       {@link ObjectWriter}/{@link ObjectReader} ({@link #withContext}), or from a default given
 *       to {@link #create(DataEncryptor, EncryptionContext)} for single-tenant applications. A
 *       shared {@link ObjectMapper} therefore stays configuration-only and thread-safe: nothing
 *       per request is stored in it, in a thread-local, or in the module.
 *   <li><b>The record id</b> comes from the object's own {@link RecordId} property. That binds
 *       every encrypted value to the record that holds it without the caller passing anything
 *       per object, so it also works for lists of records and nested objects that have their own
 *       ids, and cannot be forgotten or mixed up. Objects without a {@code @RecordId} property use
 *       the record id of the per-call context; if the object has one and the per-call context has
 *       a different one, the call fails rather than guess.
 *   <li><b>The field</b> is the property's JSON name, as the pointer {@code /name}, relative to the
 *       object that declares it. For a root object this equals {@link JsonFieldEncryptor}'s
 *       pointer, so either can read what the other wrote.
 * </ul>
 *
 * <h2>Security guarantees and limits</h2>
 *
 * <p>As {@link JsonFieldEncryptor}: each value is its own authenticated, key-committing {@link
 * DataEncryptor} message bound to tenant, subject, purpose, record id and property name; a value
 * copied to another property or record fails to decrypt; a plaintext value (or {@code null})
 * where an envelope belongs is refused. Failures reach the caller as Jackson's {@code
 * JsonMappingException} whose cause chain holds a {@link FieldDecryptionException} (find it with
 * {@link FieldDecryptionException#in(Throwable)}) or, when writing, the encryptor's exception.
 * Nested objects without their own {@code @RecordId} share the per-call record id, so within one
 * record two such objects' same-named properties can be swapped unnoticed: give them ids if that
 * matters. An {@code @Encrypted} property is always encrypted as one value: {@code @JsonUnwrapped}
 * on it has no effect. Writing it in array shape ({@code @JsonFormat(shape = ARRAY)}), unwrapping
 * its object with a name prefix, and classes written through {@code @JsonValue} are refused rather
 * than written in clear. Classes with a custom serializer ({@code @JsonSerialize(using = ...)}) are
 * not seen by the module at all: do not combine them with {@code @Encrypted}.
 *
 * <p>Immutable and thread-safe. Registering two instances on one mapper keeps only the first
 * (Jackson deduplicates modules by type).
 */
public final class EncryptedFieldsModule extends Module {
  /** The key of the per-call context among Jackson's context attributes. */
  private static final Object CONTEXT_ATTRIBUTE = new Object() {
    @Override
    public String toString() {
      return "waas.encryptionContext";
    }
  };

  private final DataEncryptor encryptor;
  private final @Nullable EncryptionContext defaultContext;
  private final ObjectMapper valueMapper = JsonFieldEncryptor.defaultMapper();

  private EncryptedFieldsModule(DataEncryptor encryptor, @Nullable EncryptionContext defaultContext) {
    this.encryptor = Objects.requireNonNull(encryptor, "encryptor");
    this.defaultContext = defaultContext == null ? null : FieldContexts.checkBase(defaultContext, false);
  }

  /**
   * Creates the module; every read and write must then give its context with {@link #withContext}.
   *
   * @param encryptor usually {@link io.waas.crypto.KeyRing#encryptor()}
   * @return the module
   */
  public static EncryptedFieldsModule create(DataEncryptor encryptor) {
    return new EncryptedFieldsModule(encryptor, null);
  }

  /**
   * Creates the module with a default context, used when a call gives none.
   *
   * @param encryptor usually {@link io.waas.crypto.KeyRing#encryptor()}
   * @param defaultContext tenant (and subject) and purpose; no record id
   * @return the module
   * @throws IllegalArgumentException if the context has a record id or no purpose, or uses the
   *     reserved attribute {@code json.pointer}
   */
  public static EncryptedFieldsModule create(DataEncryptor encryptor, EncryptionContext defaultContext) {
    return new EncryptedFieldsModule(encryptor, Objects.requireNonNull(defaultContext));
  }

  /**
   * Returns a writer that encrypts under {@code context}. Writers are immutable: keep one per
   * tenant, or derive one per call; both are cheap and thread-safe.
   *
   * @param writer for example {@code mapper.writer()}
   * @param context tenant (and subject) and purpose; a record id only for objects without a
   *     {@link RecordId} property
   * @return the writer
   * @throws IllegalArgumentException if the context has no purpose or uses the reserved attribute
   *     {@code json.pointer}
   */
  public static ObjectWriter withContext(ObjectWriter writer, EncryptionContext context) {
    return writer.withAttribute(CONTEXT_ATTRIBUTE, FieldContexts.checkBase(context, true));
  }

  /**
   * Returns a reader that decrypts under {@code context}.
   *
   * @param reader for example {@code mapper.readerFor(Customer.class)}
   * @param context the context the objects were written with
   * @return the reader
   * @throws IllegalArgumentException if the context has no purpose or uses the reserved attribute
   *     {@code json.pointer}
   */
  public static ObjectReader withContext(ObjectReader reader, EncryptionContext context) {
    return reader.withAttribute(CONTEXT_ATTRIBUTE, FieldContexts.checkBase(context, true));
  }

  /** The per-call context if there is one, else the default; null if neither. */
  @Nullable EncryptionContext context(@Nullable Object perCall) {
    return perCall instanceof EncryptionContext c ? c : defaultContext;
  }

  static Object contextAttribute() {
    return CONTEXT_ATTRIBUTE;
  }

  DataEncryptor encryptor() {
    return encryptor;
  }

  ObjectMapper valueMapper() {
    return valueMapper;
  }

  @Override
  public String getModuleName() {
    return "waas-encrypted-fields";
  }

  @Override
  public Version version() {
    return Version.unknownVersion();
  }

  @Override
  public void setupModule(SetupContext context) {
    context.addBeanSerializerModifier(new EncryptingSerializerModifier(this));
    context.addBeanDeserializerModifier(new DecryptingDeserializerModifier(this));
  }

  @Override
  public String toString() {
    return "EncryptedFieldsModule[" + (defaultContext == null ? "context per call" : "default " + defaultContext) + "]";
  }
}
