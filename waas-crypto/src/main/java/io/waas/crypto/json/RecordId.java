package io.waas.crypto.json;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the POJO property that identifies the record: {@link EncryptedFieldsModule} binds every
 * {@link Encrypted} property of the same object to its value, so an encrypted value copied into
 * another record fails to decrypt. The property is written in clear (it is needed to decrypt),
 * and must be a string, an integral number or a {@link java.util.UUID}.
 *
 * <p>At most one per class. Without one, the record id comes from the per-call context ({@link
 * EncryptedFieldsModule#withContext(com.fasterxml.jackson.databind.ObjectWriter,
 * io.waas.crypto.EncryptionContext)}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface RecordId {}
