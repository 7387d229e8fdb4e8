package io.waas.crypto.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.util.NameTransformer;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.waas.crypto.EncryptionContext;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Writes an {@link Encrypted} property: lets Jackson write the value as usual into a token buffer
 * (so {@code @JsonFormat}, custom serializers of the value's type and inclusion rules all apply),
 * copies that one value to compact JSON bytes, encrypts them, and writes the envelope string in
 * its place. A value that the inclusion rules leave out stays left out.
 */
final class EncryptingPropertyWriter extends BeanPropertyWriter {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  private final @Nullable BeanPropertyWriter recordId;
  private final Class<?> beanType;
  private final String pointer;

  @SuppressWarnings("serial") // modules are not serialized
  private final EncryptedFieldsModule module;

  EncryptingPropertyWriter(
      BeanPropertyWriter base, @Nullable BeanPropertyWriter recordId, Class<?> beanType, EncryptedFieldsModule module) {
    super(base);
    this.recordId = recordId;
    this.beanType = beanType;
    this.module = module;
    this.pointer = JsonPointer.empty().appendProperty(base.getName()).toString();
  }

  @Override
  public void serializeAsField(Object bean, JsonGenerator gen, SerializerProvider prov) throws Exception {
    EncryptionContext context = module.context(prov.getAttribute(EncryptedFieldsModule.contextAttribute()));
    if (context == null) {
      throw JsonMappingException.from(gen, EncryptedProperties.noContextMessage());
    }
    String record;
    try {
      String fromObject = recordId == null ? null : EncryptedProperties.recordIdOf(recordId.get(bean));
      record = EncryptedProperties.resolveRecordId(fromObject, EncryptingSerializerModifier.name(recordId), context, beanType);
    } catch (IllegalArgumentException e) {
      throw JsonMappingException.from(gen, String.valueOf(e.getMessage()), e);
    }
    byte[] plaintext = valueAsJson(bean, gen, prov);
    if (plaintext == null) {
      return; // left out by the inclusion rules
    }
    try {
      byte[] ciphertext = module.encryptor().encrypt(plaintext, FieldContexts.forField(context, record, pointer));
      gen.writeFieldName(_name);
      gen.writeString(FieldEnvelope.format(ciphertext));
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** The property's value as Jackson would write it, as compact JSON; null if left out. */
  private byte @Nullable [] valueAsJson(Object bean, JsonGenerator gen, SerializerProvider prov) throws Exception {
    if (_serializer != null && _serializer.isUnwrappingSerializer()) {
      throw JsonMappingException.from(gen, "@Encrypted property '" + getName() + "' cannot be @JsonUnwrapped");
    }
    TokenBuffer buffer = new TokenBuffer(gen.getCodec(), false);
    buffer.writeStartObject();
    super.serializeAsField(bean, buffer, prov);
    buffer.writeEndObject();
    try (JsonParser p = buffer.asParser()) {
      p.nextToken(); // the object start written above
      if (p.nextToken() != JsonToken.FIELD_NAME) {
        return null;
      }
      // Exactly this one property, or the value was written some other way (unwrapped into the
      // enclosing object, for example): refuse rather than encrypt the wrong thing or leak.
      if (!getName().equals(p.currentName())) {
        throw JsonMappingException.from(gen, notOneValue());
      }
      p.nextToken();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (JsonGenerator g = JSON.createGenerator(out)) {
        g.copyCurrentStructure(p);
      }
      if (p.nextToken() != JsonToken.END_OBJECT) {
        throw JsonMappingException.from(gen, notOneValue());
      }
      return out.toByteArray();
    }
  }

  private String notOneValue() {
    return "@Encrypted property '" + getName() + "' was not written as one value (is it @JsonUnwrapped?)";
  }

  @Override
  public void serializeAsElement(Object bean, JsonGenerator gen, SerializerProvider prov) throws Exception {
    throw JsonMappingException.from(
        gen, "@Encrypted property '" + getName() + "' cannot be written in array shape (@JsonFormat(shape = ARRAY))");
  }

  @Override
  protected BeanPropertyWriter _new(PropertyName newName) {
    throw new IllegalArgumentException("@Encrypted property '" + getName() + "' cannot be renamed or unwrapped into another object");
  }

  @Override
  public BeanPropertyWriter unwrappingWriter(NameTransformer unwrapper) {
    throw new IllegalArgumentException("@Encrypted property '" + getName() + "' cannot be @JsonUnwrapped");
  }
}
