package io.waas.crypto.json;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.ArrayList;
import java.util.List;

/** Wraps the deserializer of every class with {@link Encrypted} properties in a {@link DecryptingDeserializer}. */
final class DecryptingDeserializerModifier extends BeanDeserializerModifier {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // modules are not serialized
  private final EncryptedFieldsModule module;

  DecryptingDeserializerModifier(EncryptedFieldsModule module) {
    this.module = module;
  }

  @Override
  public JsonDeserializer<?> modifyDeserializer(
      DeserializationConfig config, BeanDescription beanDesc, JsonDeserializer<?> deserializer) {
    Class<?> type = beanDesc.getBeanClass();
    List<String> encrypted = new ArrayList<>();
    String recordId = null;
    for (BeanPropertyDefinition def : beanDesc.findProperties()) {
      boolean isEncrypted = EncryptedProperties.has(def, Encrypted.class);
      boolean isRecordId = EncryptedProperties.has(def, RecordId.class);
      EncryptedProperties.check(type, def.getName(), isEncrypted, isRecordId, def.getRawPrimaryType(), recordId);
      if (isRecordId) {
        recordId = def.getName();
      }
      if (isEncrypted) {
        encrypted.add(def.getName());
      }
    }
    return encrypted.isEmpty() ? deserializer : new DecryptingDeserializer(deserializer, type, encrypted, recordId, module);
  }
}
