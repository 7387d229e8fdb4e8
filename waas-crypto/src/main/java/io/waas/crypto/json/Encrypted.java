package io.waas.crypto.json;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a POJO property whose value {@link EncryptedFieldsModule} encrypts when the object is
 * written as JSON and decrypts when it is read. The value (any type Jackson can write: string,
 * number, list, nested object...) is replaced by a {@code "waas:v1:..."} string envelope bound to
 * the property's JSON name and the object's record id ({@link RecordId}).
 *
 * <p>Put it on the field, getter or setter (Jackson merges them), or on a record component.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Encrypted {}
