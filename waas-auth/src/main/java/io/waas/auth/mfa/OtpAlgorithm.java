package io.waas.auth.mfa;

import java.util.Locale;

/**
 * The HMAC hash function of an HOTP/TOTP factor (RFC 4226 / RFC 6238).
 *
 * <p>{@link #SHA1} is what every authenticator app supports and is the default: HOTP's use of
 * HMAC-SHA1 is not affected by SHA-1's collision weakness. {@link #SHA256} and {@link #SHA512} are
 * defined by RFC 6238 but several popular apps (Google Authenticator among them, depending on
 * version and platform) silently ignore the {@code algorithm} parameter and compute SHA-1 codes,
 * so enrolled users could never log in. Use them only where you control the authenticator.
 */
public enum OtpAlgorithm {
  /** HMAC-SHA1, 20-byte secrets. Supported by every authenticator app. */
  SHA1("HmacSHA1", "SHA1", 20),
  /** HMAC-SHA256, 32-byte secrets. Not supported by every authenticator app. */
  SHA256("HmacSHA256", "SHA256", 32),
  /** HMAC-SHA512, 64-byte secrets. Not supported by every authenticator app. */
  SHA512("HmacSHA512", "SHA512", 64);

  private final String jcaName;
  private final String uriName;
  private final int secretLength;

  OtpAlgorithm(String jcaName, String uriName, int secretLength) {
    this.jcaName = jcaName;
    this.uriName = uriName;
    this.secretLength = secretLength;
  }

  /**
   * Returns the JCA {@code Mac} algorithm name, for example {@code HmacSHA1}.
   *
   * @return the JCA name
   */
  String jcaName() {
    return jcaName;
  }

  /**
   * Returns the name used in otpauth URIs and in the factor encoding, for example {@code SHA1}.
   *
   * @return the URI name
   */
  public String uriName() {
    return uriName;
  }

  /**
   * Returns the length of the secrets generated for this algorithm, equal to the hash's output
   * length as RFC 4226 and RFC 6238 recommend: 20, 32 or 64 bytes.
   *
   * @return the secret length in bytes
   */
  public int secretLength() {
    return secretLength;
  }

  /**
   * Looks up an algorithm by its URI name ({@code SHA1}, {@code SHA256}, {@code SHA512}), ignoring
   * case.
   *
   * @param name the name
   * @return the algorithm
   * @throws IllegalArgumentException if the name is not one of the three
   */
  public static OtpAlgorithm fromUriName(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    for (OtpAlgorithm a : values()) {
      if (a.uriName.equals(upper)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown OTP algorithm (expected SHA1, SHA256 or SHA512)");
  }
}
