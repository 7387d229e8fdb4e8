package io.waas.core;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Unguessable random tokens (session ids, reset links, API keys, CSRF tokens) drawn from a
 * cryptographically secure generator.
 *
 * <p>Every token carries at least 128 bits of entropy: shorter requests are refused, because a
 * short token is a guessable one. Compare tokens with {@link ConstantTime#equal(CharSequence,
 * CharSequence)}.
 *
 * <p>Thread-safe.
 */
public final class RandomTokens {
  /** The least entropy a token may carry, in bytes (128 bits). */
  public static final int MIN_BYTES = 16;

  /** The most random bytes a single token may carry. */
  public static final int MAX_BYTES = 1024;

  private static final SecureRandom RANDOM = new SecureRandom();

  private RandomTokens() {}

  /**
   * Returns a URL-safe base64 token without padding.
   *
   * @param randomBytes how many random bytes, from {@value #MIN_BYTES} to {@value #MAX_BYTES}
   * @return the token, for example 22 characters for 16 bytes
   * @throws IllegalArgumentException if {@code randomBytes} is out of range
   */
  public static String base64Url(int randomBytes) {
    byte[] b = randomBytes(randomBytes);
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  /**
   * Returns an upper-case base32 token without padding, convenient where case is not preserved or
   * people type the token.
   *
   * @param randomBytes how many random bytes, from {@value #MIN_BYTES} to {@value #MAX_BYTES}
   * @return the token, for example 26 characters for 16 bytes
   * @throws IllegalArgumentException if {@code randomBytes} is out of range
   */
  public static String base32(int randomBytes) {
    byte[] b = randomBytes(randomBytes);
    try {
      return Base32.encode(b);
    } finally {
      Arrays.fill(b, (byte) 0);
    }
  }

  private static byte[] randomBytes(int n) {
    if (n < MIN_BYTES || n > MAX_BYTES) {
      throw new IllegalArgumentException(
          "a token needs between " + MIN_BYTES + " and " + MAX_BYTES + " random bytes, was " + n);
    }
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
