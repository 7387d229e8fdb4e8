/**
 * Field-level encryption of JSON documents with Jackson: chosen fields (by JSON Pointer, or
 * annotated on POJOs) are replaced by encrypted string envelopes bound to their field and record,
 * while the rest of the document stays readable.
 *
 * <p>Start with {@link io.waas.crypto.json.JsonFieldEncryptor} for documents ({@code JsonNode} or
 * text), or register {@link io.waas.crypto.json.EncryptedFieldsModule} on an {@code ObjectMapper}
 * and annotate POJO fields with {@link io.waas.crypto.json.Encrypted} and {@link
 * io.waas.crypto.json.RecordId}.
 */
@NullMarked
package io.waas.crypto.json;

import org.jspecify.annotations.NullMarked;
