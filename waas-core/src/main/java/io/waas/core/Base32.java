package io.waas.core;

import java.io.ByteArrayOutputStream;

/**
 * RFC 4648 base32 (the alphabet {@code A-Z2-7}) as used by TOTP secrets and human-typed tokens.
 *
 * <p>{@link #encode} writes no padding. {@link #decode} accepts upper or lower case, ignores
 * trailing {@code =} padding, and rejects any other character, and any trailing bits that are not
 * zero, so each byte string has exactly one accepted encoding.
 */
public final class Base32 {
  private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private Base32() {}

  /**
   * Encodes bytes as unpadded upper-case base32.
   *
   * @param data the bytes
   * @return the encoding
   */
  public static String encode(byte[] data) {
    StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    return out.toString();
  }

  /**
   * Decodes base32.
   *
   * @param text the encoding, any case, optionally padded with {@code =}
   * @return the decoded bytes
   * @throws IllegalArgumentException if {@code text} has a character outside the alphabet, an
   *     impossible length, or non-zero trailing bits
   */
  public static byte[] decode(CharSequence text) {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '=') {
      end--;
    }
    int rem = end % 8;
    if (rem == 1 || rem == 3 || rem == 6) {
      throw new IllegalArgumentException("base32 text has an impossible length: " + end);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(end * 5 / 8);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      int v;
      if (c >= 'A' && c <= 'Z') {
        v = c - 'A';
      } else if (c >= 'a' && c <= 'z') {
        v = c - 'a';
      } else if (c >= '2' && c <= '7') {
        v = c - '2' + 26;
      } else {
        throw new IllegalArgumentException("invalid base32 character at index " + i);
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    if ((buffer & ((1 << bits) - 1)) != 0) {
      throw new IllegalArgumentException("base32 text has non-zero trailing bits");
    }
    return out.toByteArray();
  }
}
