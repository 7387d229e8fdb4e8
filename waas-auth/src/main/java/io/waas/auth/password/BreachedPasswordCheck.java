package io.waas.auth.password;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * SPI: tells whether a password appears in a corpus of breached passwords (NIST SP 800-63B
 * 5.1.1.2 requires comparing new passwords against such a list).
 *
 * <p>An implementation may be slow, fail or hang (it usually calls a remote service). The {@link
 * PasswordPolicy} calls it with a timeout and, when it throws or times out, applies the
 * configured {@link FailureMode}: {@linkplain FailureMode#FAIL_OPEN fail open} by default (accept
 * the password; the built-in common-password blocklist still applies), or {@linkplain
 * FailureMode#FAIL_CLOSED fail closed} ({@link PasswordViolation#BREACH_CHECK_UNAVAILABLE}).
 *
 * <p>Implementations must be thread-safe, must not keep or log the password, and receive the
 * NFKC-normalized password.
 */
@FunctionalInterface
public interface BreachedPasswordCheck {
  /**
   * Tells whether the password is known to be breached.
   *
   * @param password the NFKC-normalized password; do not keep or modify it
   * @return whether it was found
   * @throws IOException if the corpus could not be consulted
   */
  boolean isBreached(char[] password) throws IOException;

  /** What the policy does when a breach check throws or times out. */
  enum FailureMode {
    /** Accept the password as far as the breach check goes (the default: an outage of the breach service does not block sign-ups). */
    FAIL_OPEN,
    /** Reject the password with {@link PasswordViolation#BREACH_CHECK_UNAVAILABLE}. */
    FAIL_CLOSED
  }

  /**
   * Fetches one k-anonymity range of a breach corpus, as the Have I Been Pwned "range" API serves
   * it: all SHA-1 hashes that start with a 5-hex-digit prefix. Typically an HTTP GET of {@code
   * https://api.pwnedpasswords.com/range/<prefix>} (ideally with {@code Add-Padding: true}),
   * implemented by the caller with its own HTTP client, timeouts and proxy.
   */
  @FunctionalInterface
  interface RangeSource {
    /**
     * Returns the range's lines.
     *
     * @param prefix 5 upper-case hex digits
     * @return lines {@code SUFFIX:COUNT} (35 hex digits of the hash after the prefix, then how
     *     often it was seen; a count of 0 marks padding) or plain {@code SUFFIX}
     * @throws IOException if the range could not be fetched
     */
    List<String> fetch(String prefix) throws IOException;
  }

  /**
   * Returns a check that asks {@code source} for the range of the password's SHA-1 (of its UTF-8
   * bytes) and looks for the rest of the hash in it. Only the first 5 hex digits of the hash leave
   * the process: the service learns one of about a million hashes that share them, never the
   * password or its full hash.
   *
   * @param source the range fetcher
   * @return the check
   */
  static BreachedPasswordCheck kAnonymityRange(RangeSource source) {
    return new KAnonymityRangeCheck(Objects.requireNonNull(source, "source"));
  }
}
