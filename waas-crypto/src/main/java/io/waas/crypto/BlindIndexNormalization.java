package io.waas.crypto;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How a value is normalized before its blind index is computed, so that values a person considers
 * equal get the same token. Every normalization first brings the text to Unicode NFC, so that
 * {@code "é"} typed as one code point or as {@code e} + combining accent index the same.
 *
 * <p>The normalization is part of the blind index's key derivation: tokens computed with one
 * normalization never match tokens computed with another, so changing it later is an explicit
 * re-indexing, never a silent half-match. For normalizations not listed here, normalize the value
 * yourself and use {@link #EXACT}.
 */
public enum BlindIndexNormalization {
  /** Unicode NFC only: otherwise the value must match exactly. */
  EXACT,

  /**
   * NFC and case folding ({@code Straße}, {@code STRASSE} and {@code strasse} match), using
   * locale-independent Unicode case mappings (upper case, then lower case, then NFC again).
   */
  CASE_INSENSITIVE,

  /**
   * For e-mail addresses: surrounding white space removed, then {@link #CASE_INSENSITIVE}. The
   * whole address is case-folded: RFC 5321 allows case-sensitive local parts, but virtually no
   * mail system uses them, and users do not type them consistently.
   */
  EMAIL,

  /**
   * Only the decimal digits 0-9 are kept (after NFC), for phone numbers, IBANs' check digits and
   * similar: {@code "+1 (555) 010-0199"} and {@code "15550100199"} match. A value without digits
   * indexes as the empty string.
   */
  DIGITS_ONLY;

  /**
   * Normalizes a value.
   *
   * @param value the value
   * @return the normalized value
   * @throws IllegalArgumentException if {@code value} has an unpaired surrogate (it has no UTF-8
   *     encoding, and two different values would otherwise share a token)
   */
  public String apply(String value) {
    KeyScope.checkWellFormed("blind index value", value);
    return switch (this) {
      case EXACT -> nfc(value);
      case CASE_INSENSITIVE -> fold(nfc(value));
      case EMAIL -> fold(nfc(value).strip());
      case DIGITS_ONLY -> digits(nfc(value));
    };
  }

  /** Below U+0300 every character is NFC-stable and has combining class 0: nothing to do. */
  private static String nfc(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= '\u0300') {
        return Normalizer.normalize(s, Normalizer.Form.NFC);
      }
    }
    return s;
  }

  private static String fold(String s) {
    boolean ascii = true;
    boolean hasUpper = false;
    for (int i = 0; i < s.length() && ascii; i++) {
      char c = s.charAt(i);
      ascii = c < 0x80;
      hasUpper |= c >= 'A' && c <= 'Z';
    }
    if (ascii) {
      return hasUpper ? s.toLowerCase(Locale.ROOT) : s;
    }
    return nfc(s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT));
  }

  private static String digits(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        b.append(c);
      }
    }
    return b.toString();
  }
}
