package io.waas.crypto.json;

import io.waas.crypto.CiphertextHeader;
import io.waas.crypto.MalformedCiphertextException;
import java.util.Base64;

/**
 * The string that replaces an encrypted JSON value: {@code "waas:v1:"} followed by the SDK
 * ciphertext ({@link io.waas.crypto.DataEncryptor} format) in URL-safe base64 without padding.
 *
 * <p>Design: parsing is strict so that one ciphertext has exactly one envelope: only the base64url
 * alphabet, no padding, no white space, and canonical trailing bits (the decoded bytes must encode
 * back to the same text). The decoded bytes must then pass {@link CiphertextHeader#parse}. Every
 * failure is a {@link MalformedCiphertextException} that describes the problem but never quotes the
 * input.
 */
final class FieldEnvelope {
  static final String PREFIX = "waas:v1:";
  private static final String ANY_VERSION_PREFIX = "waas:v";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private FieldEnvelope() {}

  static String format(byte[] ciphertext) {
    return PREFIX + ENCODER.encodeToString(ciphertext);
  }

  /**
   * Returns the ciphertext inside an envelope.
   *
   * @throws MalformedCiphertextException if {@code text} is not an envelope of this version, or
   *     its ciphertext header is malformed
   */
  static byte[] parse(String text) throws MalformedCiphertextException {
    if (!text.startsWith(PREFIX)) {
      if (text.startsWith(ANY_VERSION_PREFIX)) {
        throw new MalformedCiphertextException(
            "unsupported encrypted field envelope version (this SDK reads \"" + PREFIX + "\")");
      }
      throw new MalformedCiphertextException(
          "not an encrypted field envelope: expected a string starting with \"" + PREFIX + "\"");
    }
    int length = text.length() - PREFIX.length();
    if (length % 4 == 1) {
      throw new MalformedCiphertextException("encrypted field envelope has a truncated base64 body");
    }
    for (int i = PREFIX.length(); i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        throw new MalformedCiphertextException(
            "encrypted field envelope has a character outside URL-safe base64 at index " + i);
      }
    }
    String body = text.substring(PREFIX.length());
    byte[] ciphertext = Base64.getUrlDecoder().decode(body);
    if (!ENCODER.encodeToString(ciphertext).equals(body)) {
      throw new MalformedCiphertextException("encrypted field envelope has non-canonical base64");
    }
    CiphertextHeader.parse(ciphertext);
    return ciphertext;
  }
}
