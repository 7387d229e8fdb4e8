package io.waas.crypto.json;

import io.waas.crypto.EncryptionContext;
import java.util.Map;

/**
 * Builds the context one JSON field is encrypted under: the caller's base context (tenant,
 * subject, purpose, attributes) plus the record id and the field's JSON Pointer as the attribute
 * {@value #POINTER_ATTRIBUTE}. {@link JsonFieldEncryptor} and {@link EncryptedFieldsModule} use the
 * same construction, so a POJO written through the module can be read as a document and back.
 */
final class FieldContexts {
  static final String POINTER_ATTRIBUTE = "json.pointer";

  private FieldContexts() {}

  /**
   * Checks a base context given per encryptor or per call.
   *
   * @param allowRecordId whether it may carry a record id (the module's per-call context may)
   * @throws IllegalArgumentException if it uses the reserved attribute, has no purpose, has a
   *     record id where none is allowed, or has no room for one more attribute
   */
  static EncryptionContext checkBase(EncryptionContext base, boolean allowRecordId) {
    if (!allowRecordId && base.recordId() != null) {
      throw new IllegalArgumentException(
          "the base context must not carry a record id: it is given per document");
    }
    if (base.purpose() == null) {
      throw new IllegalArgumentException(
          "the base context needs a purpose naming what the documents are (for example \"customer\")");
    }
    if (base.attributes().containsKey(POINTER_ATTRIBUTE)) {
      throw new IllegalArgumentException(
          "the attribute '" + POINTER_ATTRIBUTE + "' is reserved for the field's JSON Pointer");
    }
    if (base.attributes().size() >= EncryptionContext.MAX_ATTRIBUTES) {
      throw new IllegalArgumentException(
          "the base context has " + base.attributes().size() + " attributes; field encryption adds one and a"
              + " context holds at most " + EncryptionContext.MAX_ATTRIBUTES);
    }
    return base;
  }

  static String checkRecordId(String recordId) {
    if (recordId.isEmpty()) {
      throw new IllegalArgumentException("record id must not be empty: encrypted fields are bound to their record");
    }
    return recordId;
  }

  /**
   * Returns the context of one field.
   *
   * @throws IllegalArgumentException if the record id or pointer is invalid in a context (too
   *     long, unpaired surrogates)
   */
  static EncryptionContext forField(EncryptionContext base, String recordId, String pointer) {
    EncryptionContext.Builder b = EncryptionContext.builder(base.tenant());
    String subject = base.subject();
    if (subject != null) {
      b.subject(subject);
    }
    String purpose = base.purpose();
    if (purpose != null) {
      b.purpose(purpose);
    }
    for (Map.Entry<String, String> a : base.attributes().entrySet()) {
      b.attribute(a.getKey(), a.getValue());
    }
    return b.recordId(checkRecordId(recordId)).attribute(POINTER_ATTRIBUTE, pointer).build();
  }
}
