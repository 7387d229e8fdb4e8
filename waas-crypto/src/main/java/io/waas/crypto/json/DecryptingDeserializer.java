package io.waas.crypto.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waas.crypto.EncryptionContext;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads an object with {@link Encrypted} properties: reads it as a JSON tree first, because its
 * {@link RecordId} may come after the encrypted properties in the input; decrypts the envelopes in
 * the tree; then hands the tree to Jackson's own deserializer for the class, so creators,
 * setters, {@code @JsonFormat} and the like all apply to the decrypted values.
 */
final class DecryptingDeserializer extends DelegatingDeserializer {
  private static final long serialVersionUID = 1L;

  private final Class<?> type;
  private final List<String> encrypted;
  private final @Nullable String recordId;

  @SuppressWarnings("serial") // modules are not serialized
  private final EncryptedFieldsModule module;

  DecryptingDeserializer(
      JsonDeserializer<?> delegate, Class<?> type, List<String> encrypted, @Nullable String recordId, EncryptedFieldsModule module) {
    super(delegate);
    this.type = type;
    this.encrypted = List.copyOf(encrypted);
    this.recordId = recordId;
    this.module = module;
  }

  @Override
  protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
    return new DecryptingDeserializer(newDelegatee, type, encrypted, recordId, module);
  }

  @Override
  public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    try (JsonParser decrypted = decrypted(p, ctxt)) {
      return _delegatee.deserialize(decrypted, ctxt);
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object deserialize(JsonParser p, DeserializationContext ctxt, Object intoValue) throws IOException {
    try (JsonParser decrypted = decrypted(p, ctxt)) {
      return ((JsonDeserializer<Object>) _delegatee).deserialize(decrypted, ctxt, intoValue);
    }
  }

  private JsonParser decrypted(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonNode tree = ctxt.readTree(p);
    if (tree instanceof ObjectNode object) {
      EncryptionContext context = module.context(ctxt.getAttribute(EncryptedFieldsModule.contextAttribute()));
      if (context == null) {
        throw JsonMappingException.from(p, EncryptedProperties.noContextMessage());
      }
      String record;
      try {
        String fromObject = recordId == null ? null : EncryptedProperties.recordIdOf(object.get(recordId), recordId);
        record = EncryptedProperties.resolveRecordId(fromObject, recordId, context, type);
      } catch (IllegalArgumentException e) {
        throw JsonMappingException.from(p, String.valueOf(e.getMessage()), e);
      }
      for (String name : encrypted) {
        JsonNode envelope = object.get(name);
        if (envelope == null) {
          continue; // absent properties keep their default, as without encryption
        }
        String pointer = JsonPointer.empty().appendProperty(name).toString();
        try {
          object.set(
              name,
              JsonFieldEncryptor.decryptValue(envelope, module.encryptor(), context, module.valueMapper(), record, pointer));
        } catch (FieldDecryptionException e) {
          throw JsonMappingException.from(p, e.getMessage(), e);
        }
      }
    }
    JsonParser out = tree.traverse(p.getCodec());
    out.nextToken();
    return out;
  }
}
