package io.waas.crypto.json;

import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.annotation.Annotation;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Finds and checks the {@link Encrypted} and {@link RecordId} properties of a class. */
final class EncryptedProperties {
  private static final List<Class<?>> RECORD_ID_TYPES =
      Arrays.asList(
          String.class, CharSequence.class, UUID.class, BigInteger.class,
          Long.class, long.class, Integer.class, int.class, Short.class, short.class, Byte.class, byte.class);

  private EncryptedProperties() {}

  static boolean has(BeanPropertyDefinition def, Class<? extends Annotation> annotation) {
    for (AnnotatedMember m : new AnnotatedMember[] {def.getField(), def.getGetter(), def.getSetter(), def.getConstructorParameter()}) {
      if (m != null && m.hasAnnotation(annotation)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks a class's annotated properties.
   *
   * @throws IllegalArgumentException if there are two record ids, the record id is encrypted, or
   *     the record id has a type whose JSON form is not a plain string or integer
   */
  static void check(Class<?> type, String name, boolean encrypted, boolean recordId, Class<?> rawType, @Nullable String otherRecordId) {
    if (!recordId) {
      return;
    }
    if (otherRecordId != null) {
      throw new IllegalArgumentException(
          type.getName() + " has two @RecordId properties ('" + otherRecordId + "' and '" + name + "')");
    }
    if (encrypted) {
      throw new IllegalArgumentException(
          type.getName() + "." + name + " is both @RecordId and @Encrypted; the record id must stay readable");
    }
    if (!RECORD_ID_TYPES.contains(rawType)) {
      throw new IllegalArgumentException(
          type.getName() + "." + name + " is a @RecordId of type " + rawType.getName()
              + "; use a string, an integral number or a UUID");
    }
  }

  /** The record id as a string, from a property value when writing. */
  static @Nullable String recordIdOf(@Nullable Object value) {
    return value == null ? null : value.toString();
  }

  /**
   * The record id as a string, from the JSON tree when reading; null if absent or JSON null.
   *
   * @throws IllegalArgumentException if it is neither a string nor an integer
   */
  static @Nullable String recordIdOf(@Nullable JsonNode node, String name) {
    if (node == null || node.getNodeType() == JsonNodeType.NULL) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isIntegralNumber()) {
      return node.asText();
    }
    throw new IllegalArgumentException("record id property '" + name + "' is neither a string nor an integer");
  }

  /**
   * Decides which record id the encrypted properties of one object are bound to.
   *
   * @param fromObject the object's {@code @RecordId} value, or null
   * @param recordIdName the {@code @RecordId} property's JSON name, or null if the class has none
   * @param context the effective base context (per call or default)
   * @throws IllegalArgumentException if no record id is known, or the object's and the context's
   *     differ
   */
  static String resolveRecordId(@Nullable String fromObject, @Nullable String recordIdName, io.waas.crypto.EncryptionContext context, Class<?> type) {
    String fromContext = context.recordId();
    if (recordIdName != null) {
      if (fromObject == null) {
        throw new IllegalArgumentException(
            "the @RecordId property '" + recordIdName + "' of " + type.getSimpleName() + " is missing or null");
      }
      if (fromContext != null && !fromContext.equals(fromObject)) {
        throw new IllegalArgumentException(
            "the @RecordId of " + type.getSimpleName() + " ('" + fromObject
                + "') differs from the record id of the per-call context ('" + fromContext + "')");
      }
      return FieldContexts.checkRecordId(fromObject);
    }
    if (fromContext == null) {
      throw new IllegalArgumentException(
          type.getSimpleName() + " has @Encrypted properties but no @RecordId property, and the context"
              + " gives no record id; add one of them");
    }
    return FieldContexts.checkRecordId(fromContext);
  }

  static String noContextMessage() {
    return "no encryption context for @Encrypted properties: use EncryptedFieldsModule.withContext(writer or"
        + " reader, context) or EncryptedFieldsModule.create(encryptor, defaultContext)";
  }
}
