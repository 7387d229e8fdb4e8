package io.waas.auth.mfa;

import io.waas.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * HOTP code generation (RFC 4226, section 5.3: HMAC, dynamic truncation, modulo 10^digits) and
 * TOTP's time step (RFC 6238, section 4: T = floor(unix time / period), T0 = 0).
 *
 * <p>Codes are produced as ASCII bytes so that the verifier can compare them with {@link
 * java.security.MessageDigest#isEqual} over the whole code, never stopping at the first differing
 * digit.
 */
final class OtpCodes {
  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  private OtpCodes() {}

  /** Returns the HOTP code for {@code counter} as {@code digits} ASCII digits, zero-padded. */
  static byte[] hotp(byte[] secret, long counter, OtpAlgorithm algorithm, int digits) {
    return code(mac(secret, algorithm), counter, digits);
  }

  /**
   * Computes the codes of counters {@code first..last} and compares each with {@code submitted} in
   * constant time, with no early exit (every candidate is computed and compared, whatever
   * matches). One {@link Mac} serves all candidates. The key copy lives only in that Mac and in the
   * array zeroed here.
   *
   * @param preferLowest whether the lowest matching counter wins (HOTP: the smallest
   *     resynchronisation) or the highest (TOTP: the latest step)
   * @param reference the counter a drift of 0 means
   * @return the match, or null if no candidate matched
   */
  static OtpAttemptFlow.@Nullable Match findMatch(SecretBytes secret, OtpAlgorithm algorithm, int digits,
      byte[] submitted, long first, long last, long reference, boolean preferLowest) {
    byte[] key = secret.copyBytes();
    Mac mac;
    try {
      mac = mac(key, algorithm);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    OtpAttemptFlow.Match found = null;
    for (long counter = first; counter <= last; counter++) {
      byte[] candidate = code(mac, counter, digits);
      if (MessageDigest.isEqual(candidate, submitted) && (found == null || !preferLowest)) {
        found = new OtpAttemptFlow.Match(counter, (int) (counter - reference));
      }
      Arrays.fill(candidate, (byte) 0);
    }
    return found;
  }

  private static Mac mac(byte[] secret, OtpAlgorithm algorithm) {
    try {
      Mac mac = Mac.getInstance(algorithm.jcaName());
      mac.init(new SecretKeySpec(secret, algorithm.jcaName()));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm.jcaName(), e);
    }
  }

  /** RFC 4226 section 5.3 on an initialised Mac (doFinal leaves it ready for the next counter). */
  private static byte[] code(Mac mac, long counter, int digits) {
    byte[] msg = new byte[8];
    for (int i = 7; i >= 0; i--) {
      msg[i] = (byte) counter;
      counter >>>= 8;
    }
    byte[] h = mac.doFinal(msg);
    int offset = h[h.length - 1] & 0x0f;
    int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16)
        | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
    Arrays.fill(h, (byte) 0);
    int otp = binary % POWERS[digits];
    byte[] code = new byte[digits];
    for (int i = digits - 1; i >= 0; i--) {
      code[i] = (byte) ('0' + otp % 10);
      otp /= 10;
    }
    return code;
  }

  /** Returns the HOTP code as a string (tests, enrollment examples). */
  static String hotpString(byte[] secret, long counter, OtpAlgorithm algorithm, int digits) {
    return new String(hotp(secret, counter, algorithm, digits), StandardCharsets.US_ASCII);
  }

  /** Returns the TOTP time step containing {@code time}. */
  static long timeStep(Instant time, TotpParameters parameters) {
    return Math.floorDiv(time.getEpochSecond(), (long) parameters.periodSeconds());
  }

  /** Returns the TOTP code at {@code time}. */
  static String totpString(byte[] secret, Instant time, TotpParameters p) {
    return hotpString(secret, timeStep(time, p), p.algorithm(), p.digits());
  }

  /**
   * Converts a submitted code to ASCII bytes if it has exactly {@code digits} ASCII digits, after
   * removing spaces (apps display "123 456"); returns {@code null} otherwise. Never echoes input.
   */
  static byte @org.jspecify.annotations.Nullable [] normalize(CharSequence code, int digits) {
    byte[] out = new byte[digits];
    int n = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == ' ') {
        continue;
      }
      if (c < '0' || c > '9' || n == digits) {
        return null;
      }
      out[n++] = (byte) c;
    }
    return n == digits ? out : null;
  }
}
