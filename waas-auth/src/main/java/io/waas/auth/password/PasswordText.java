package io.waas.auth.password;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;

/**
 * Password characters to bytes without a {@code String}.
 *
 * <p>NFKC normalization (NIST SP 800-63B 5.1.1.2) checks {@link Normalizer#isNormalized} first,
 * which reads the array through a {@link CharBuffer}. Only a password that is not yet in NFKC
 * (rare: fullwidth forms, decomposed accents, ligatures) goes through {@link
 * Normalizer#normalize}, whose result is a short-lived {@code String} the JDK offers no way to
 * avoid or wipe; it is copied into an array at once and dropped.
 */
final class PasswordText {
  private PasswordText() {}

  /** Returns a new NFKC-normalized copy; the caller wipes it. */
  static char[] nfkc(char[] password) {
    CharBuffer view = CharBuffer.wrap(password);
    if (Normalizer.isNormalized(view, Normalizer.Form.NFKC)) {
      return password.clone();
    }
    return Normalizer.normalize(view, Normalizer.Form.NFKC).toCharArray();
  }

  /** Tells whether NFKC changes {@code password}. */
  static boolean isNfkc(char[] password) {
    return Normalizer.isNormalized(CharBuffer.wrap(password), Normalizer.Form.NFKC);
  }

  /**
   * Encodes as UTF-8 into an exactly sized new array (the caller wipes it).
   *
   * @throws IllegalArgumentException if the password has an unpaired surrogate
   */
  static byte[] utf8(char[] chars) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int first = firstUnpairedSurrogate(chars);
    if (first >= 0) {
      throw new IllegalArgumentException("password is not well-formed Unicode (unpaired surrogate at index " + first + ")");
    }
    byte[] work = new byte[chars.length * 3]; // UTF-8 needs at most 3 bytes per UTF-16 char
    ByteBuffer buf = ByteBuffer.wrap(work);
    CoderResult r = encoder.encode(CharBuffer.wrap(chars), buf, true);
    if (r.isError() || encoder.flush(buf).isError()) {
      Arrays.fill(work, (byte) 0);
      throw new IllegalArgumentException("password is not well-formed Unicode");
    }
    byte[] out = Arrays.copyOf(work, buf.position());
    Arrays.fill(work, (byte) 0);
    return out;
  }

  /** Returns the index of the first unpaired surrogate, or -1. */
  static int firstUnpairedSurrogate(char[] s) {
    for (int i = 0; i < s.length; i++) {
      char c = s[i];
      if (Character.isHighSurrogate(c) && i + 1 < s.length && Character.isLowSurrogate(s[i + 1])) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  static void wipe(char[] a) {
    Arrays.fill(a, '\0');
  }

  static void wipe(byte[] a) {
    Arrays.fill(a, (byte) 0);
  }
}
