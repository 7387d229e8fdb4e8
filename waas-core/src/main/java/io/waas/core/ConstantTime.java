package io.waas.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Comparisons of secret values whose running time does not depend on where the inputs differ, so
 * that an attacker who measures response times learns nothing about a secret from a near miss.
 *
 * <p>The length of the inputs is not hidden: comparing values of different lengths returns
 * {@code false} at once. Compare fixed-length values (MACs, hashes, tokens) where that matters.
 */
public final class ConstantTime {
  private ConstantTime() {}

  /**
   * Compares two byte arrays in time independent of their contents.
   *
   * @param a first value
   * @param b second value
   * @return whether both have the same length and contents
   */
  public static boolean equal(byte[] a, byte[] b) {
    // MessageDigest.isEqual has been constant-time for equal lengths since JDK 6u17.
    return MessageDigest.isEqual(a, b);
  }

  /**
   * Compares two char arrays in time independent of their contents.
   *
   * @param a first value
   * @param b second value
   * @return whether both have the same length and contents
   */
  public static boolean equal(char[] a, char[] b) {
    if (a.length != b.length) {
      return false;
    }
    int diff = 0;
    for (int i = 0; i < a.length; i++) {
      diff |= a[i] ^ b[i];
    }
    return diff == 0;
  }

  /**
   * Compares two strings (for example tokens) in time independent of their contents.
   *
   * @param a first value
   * @param b second value
   * @return whether both strings are equal
   */
  public static boolean equal(CharSequence a, CharSequence b) {
    return MessageDigest.isEqual(utf8(a), utf8(b));
  }

  private static byte[] utf8(CharSequence s) {
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }
}
