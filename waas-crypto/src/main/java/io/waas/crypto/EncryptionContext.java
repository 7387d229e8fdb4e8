package io.waas.crypto;

import io.waas.crypto.internal.ContextCodec;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What a piece of data is and whose it is: tenant, optional data subject, purpose, record id and
 * free attributes. The context is authenticated with the ciphertext (never stored in it), so a
 * ciphertext decrypts only with the exact context it was made with: copied to another tenant,
 * record, field or purpose, it fails.
 *
 * <p>The tenant, and the subject if present, also choose the keys: {@link KeyScope#tenant} or
 * {@link KeyScope#subject}. Set a subject for personal data that must be erasable per person.
 *
 * <pre>{@code
 * EncryptionContext ctx = EncryptionContext.builder("acme")
 *     .purpose("customer.email").recordId("order-42").build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Its canonical encoding is computed once, at construction.
 */
public final class EncryptionContext {
  /** The longest purpose, record id or attribute value, in characters. */
  public static final int MAX_VALUE_LENGTH = 1024;

  /** The most attributes a context may carry. */
  public static final int MAX_ATTRIBUTES = 32;

  private final KeyScope scope;
  private final @Nullable String purpose;
  private final @Nullable String recordId;
  private final Map<String, String> attributes;
  final byte[] encoded;

  private EncryptionContext(Builder b) {
    this.scope = b.subject == null ? KeyScope.tenant(b.tenant) : KeyScope.subject(b.tenant, b.subject);
    this.purpose = b.purpose;
    this.recordId = b.recordId;
    this.attributes = Collections.unmodifiableMap(new TreeMap<>(b.attributes));
    this.encoded = ContextCodec.encode(scope.tenant(), scope.subject(), purpose, recordId, attributes);
  }

  /**
   * Starts a context for a tenant.
   *
   * @param tenant the tenant id (1 to 128 characters, no control characters)
   * @return a builder
   */
  public static Builder builder(String tenant) {
    return new Builder(tenant);
  }

  /**
   * Shorthand for a context with a tenant, a purpose and a record id.
   *
   * @param tenant the tenant id
   * @param purpose what the data is, for example {@code profile.email}
   * @param recordId which record it belongs to
   * @return the context
   * @throws IllegalArgumentException if a value is invalid
   */
  public static EncryptionContext of(String tenant, String purpose, String recordId) {
    return builder(tenant).purpose(purpose).recordId(recordId).build();
  }

  /** @return the key scope this context selects */
  public KeyScope keyScope() {
    return scope;
  }

  /** @return the tenant id */
  public String tenant() {
    return scope.tenant();
  }

  /** @return the data subject id, or {@code null} */
  public @Nullable String subject() {
    return scope.subject();
  }

  /** @return the purpose, or {@code null} */
  public @Nullable String purpose() {
    return purpose;
  }

  /** @return the record id, or {@code null} */
  public @Nullable String recordId() {
    return recordId;
  }

  /** @return the attributes, sorted by name */
  public Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof EncryptionContext
        && java.util.Arrays.equals(((EncryptionContext) o).encoded, encoded);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(encoded);
  }

  /**
   * Returns a readable description. Control characters in values are escaped as backslash-u hex sequences,
   * so a context logged by a caller cannot forge log lines.
   */
  @Override
  public String toString() {
    return "EncryptionContext{"
        + scope
        + (purpose == null ? "" : ", purpose=" + escape(purpose))
        + (recordId == null ? "" : ", record=" + escape(recordId))
        + (attributes.isEmpty() ? "" : ", attributes=" + escape(attributes.toString()))
        + "}";
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Builds an {@link EncryptionContext}. Not thread-safe. */
  public static final class Builder {
    private final String tenant;
    private @Nullable String subject;
    private @Nullable String purpose;
    private @Nullable String recordId;
    private final Map<String, String> attributes = new TreeMap<>();

    private Builder(String tenant) {
      this.tenant = KeyScope.checkId("tenant", Objects.requireNonNull(tenant, "tenant"));
    }

    /**
     * Sets the data subject whose personal data this is; it gets its own keys.
     *
     * @param subject the subject id (1 to 128 characters)
     * @return this builder
     */
    public Builder subject(String subject) {
      this.subject = KeyScope.checkId("subject", subject);
      return this;
    }

    /**
     * Sets what the data is, for example {@code customer.email}.
     *
     * @param purpose the purpose, at most 1024 characters
     * @return this builder
     */
    public Builder purpose(String purpose) {
      this.purpose = checkValue("purpose", purpose);
      return this;
    }

    /**
     * Sets the record the data belongs to.
     *
     * @param recordId the record id, at most 1024 characters
     * @return this builder
     */
    public Builder recordId(String recordId) {
      this.recordId = checkValue("record id", recordId);
      return this;
    }

    /**
     * Adds an attribute.
     *
     * @param name 1 to 64 characters
     * @param value at most 1024 characters
     * @return this builder
     * @throws IllegalArgumentException if the name or value is out of range, or there would be
     *     more than 32 attributes
     */
    public Builder attribute(String name, String value) {
      if (name.isEmpty() || name.length() > 64) {
        throw new IllegalArgumentException("attribute names have 1 to 64 characters");
      }
      KeyScope.checkWellFormed("attribute name", name);
      if (!attributes.containsKey(name) && attributes.size() == MAX_ATTRIBUTES) {
        throw new IllegalArgumentException("a context has at most " + MAX_ATTRIBUTES + " attributes");
      }
      attributes.put(name, checkValue("attribute " + name, value));
      return this;
    }

    private static String checkValue(String what, String value) {
      if (value.length() > MAX_VALUE_LENGTH) {
        throw new IllegalArgumentException(what + " is longer than " + MAX_VALUE_LENGTH + " characters");
      }
      return KeyScope.checkWellFormed(what, value);
    }

    /**
     * Builds the context.
     *
     * @return the immutable context
     */
    public EncryptionContext build() {
      return new EncryptionContext(this);
    }
  }
}
