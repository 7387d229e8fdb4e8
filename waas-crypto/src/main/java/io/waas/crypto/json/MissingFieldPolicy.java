package io.waas.crypto.json;

/** What {@link JsonFieldEncryptor} does when a document has no value at a configured pointer. */
public enum MissingFieldPolicy {
  /**
   * Refuse the document (default): {@link IllegalArgumentException} when encrypting, {@link
   * FieldDecryptionException} when decrypting. Use when every document must have the field.
   */
  FAIL,

  /**
   * Leave the document as it is at that pointer, for optional fields. A field that is present is
   * always processed, and when decrypting must always be an envelope.
   */
  SKIP
}
