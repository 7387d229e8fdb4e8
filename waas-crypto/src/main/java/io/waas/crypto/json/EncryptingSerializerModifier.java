package io.waas.crypto.json;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Replaces the writers of {@link Encrypted} properties with {@link EncryptingPropertyWriter}s, and
 * refuses classes whose {@code @Encrypted} properties would be written by something other than
 * Jackson's bean serializer (they would come out in clear).
 */
final class EncryptingSerializerModifier extends BeanSerializerModifier {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // modules are not serialized
  private final EncryptedFieldsModule module;

  EncryptingSerializerModifier(EncryptedFieldsModule module) {
    this.module = module;
  }

  @Override
  public List<BeanPropertyWriter> changeProperties(
      SerializationConfig config, BeanDescription beanDesc, List<BeanPropertyWriter> properties) {
    Class<?> type = beanDesc.getBeanClass();
    BeanPropertyWriter recordId = null;
    boolean anyEncrypted = false;
    for (BeanPropertyWriter w : properties) {
      boolean encrypted = w.getAnnotation(Encrypted.class) != null;
      boolean isRecordId = w.getAnnotation(RecordId.class) != null;
      EncryptedProperties.check(
          type, w.getName(), encrypted, isRecordId, w.getType().getRawClass(), recordId == null ? null : recordId.getName());
      if (isRecordId) {
        recordId = w;
      }
      anyEncrypted |= encrypted;
    }
    if (!anyEncrypted) {
      return properties;
    }
    List<BeanPropertyWriter> out = new ArrayList<>(properties.size());
    for (BeanPropertyWriter w : properties) {
      out.add(w.getAnnotation(Encrypted.class) != null ? new EncryptingPropertyWriter(w, recordId, type, module) : w);
    }
    return out;
  }

  @Override
  public JsonSerializer<?> modifySerializer(
      SerializationConfig config, BeanDescription beanDesc, JsonSerializer<?> serializer) {
    if (!(serializer instanceof BeanSerializerBase) && hasEncrypted(beanDesc)) {
      throw new IllegalArgumentException(
          beanDesc.getBeanClass().getName() + " has @Encrypted properties but is not written as a bean"
              + " (for example it has a @JsonValue method); its values would be written in clear");
    }
    return serializer;
  }

  private static boolean hasEncrypted(BeanDescription beanDesc) {
    for (BeanPropertyDefinition def : beanDesc.findProperties()) {
      if (EncryptedProperties.has(def, Encrypted.class)) {
        return true;
      }
    }
    return false;
  }

  static @Nullable String name(@Nullable BeanPropertyWriter w) {
    return w == null ? null : w.getName();
  }
}
