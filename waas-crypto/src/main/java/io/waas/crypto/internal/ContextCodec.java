package io.waas.crypto.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Canonical, injective byte encoding of an encryption context, used as AEAD associated data.
 *
 * <p>Every field is tagged and length-prefixed, so two different contexts can never encode to the
 * same bytes (no "tenant=a|b" vs "tenant=a" + "b" ambiguity). Absent fields are omitted; attributes
 * come sorted by name. Changing this encoding breaks every stored ciphertext: it is versioned by
 * the leading byte.
 */
public final class ContextCodec {
  private static final int VERSION = 1;
  private static final int TENANT = 1;
  private static final int SUBJECT = 2;
  private static final int PURPOSE = 3;
  private static final int RECORD = 4;
  private static final int ATTR_NAME = 5;
  private static final int ATTR_VALUE = 6;

  private ContextCodec() {}

  /**
   * Encodes a context.
   *
   * @param tenant tenant id
   * @param subject data subject or null
   * @param purpose purpose or null
   * @param recordId record id or null
   * @param sortedAttributes attributes in name order
   * @return the canonical encoding
   */
  public static byte[] encode(
      String tenant,
      @Nullable String subject,
      @Nullable String purpose,
      @Nullable String recordId,
      Map<String, String> sortedAttributes) {
    ByteIO.Writer w = new ByteIO.Writer(64);
    w.u8(VERSION);
    field(w, TENANT, tenant);
    if (subject != null) {
      field(w, SUBJECT, subject);
    }
    if (purpose != null) {
      field(w, PURPOSE, purpose);
    }
    if (recordId != null) {
      field(w, RECORD, recordId);
    }
    for (Map.Entry<String, String> e : sortedAttributes.entrySet()) {
      field(w, ATTR_NAME, e.getKey());
      field(w, ATTR_VALUE, e.getValue());
    }
    return w.toByteArray();
  }

  private static void field(ByteIO.Writer w, int tag, String value) {
    byte[] b = strictUtf8(value);
    w.u8(tag).u32(b.length).bytes(b);
  }

  /**
   * UTF-8 that refuses unpaired surrogates instead of writing '?' for them, which would let two
   * different strings encode alike.
   *
   * @param value the text
   * @return its UTF-8 bytes
   * @throws IllegalArgumentException if the text is not well-formed UTF-16
   */
  public static byte[] strictUtf8(String value) {
    try {
      java.nio.ByteBuffer buf =
          StandardCharsets.UTF_8.newEncoder().encode(java.nio.CharBuffer.wrap(value));
      byte[] b = new byte[buf.remaining()];
      buf.get(b);
      return b;
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("text is not well-formed Unicode (unpaired surrogate)", e);
    }
  }
}
