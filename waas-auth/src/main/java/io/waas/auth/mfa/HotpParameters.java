package io.waas.auth.mfa;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of an HOTP factor (RFC 4226): hash algorithm and number of digits.
 *
 * <p>{@link #authenticatorApps()} (HMAC-SHA1, 6 digits) is the default and what authenticator apps
 * and hardware tokens implement. {@link #of} makes others; SHA-256/512 and 7–8 digits are not
 * supported by every app.
 *
 * <p>Immutable and thread-safe; validated at construction.
 */
public final class HotpParameters {
  private static final HotpParameters AUTHENTICATOR_APPS = new HotpParameters(OtpAlgorithm.SHA1, 6);

  private final OtpAlgorithm algorithm;
  private final int digits;

  private HotpParameters(OtpAlgorithm algorithm, int digits) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.digits = TotpParameters.checkDigits(digits);
  }

  /**
   * Returns the default preset: HMAC-SHA1, 6 digits.
   *
   * @return the preset
   */
  public static HotpParameters authenticatorApps() {
    return AUTHENTICATOR_APPS;
  }

  /**
   * Creates validated parameters.
   *
   * @param algorithm the HMAC hash
   * @param digits 6 to 8
   * @return the parameters
   * @throws IllegalArgumentException if {@code digits} is out of range
   */
  public static HotpParameters of(OtpAlgorithm algorithm, int digits) {
    return new HotpParameters(algorithm, digits);
  }

  /**
   * Returns the HMAC hash.
   *
   * @return the algorithm
   */
  public OtpAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the number of digits of each code.
   *
   * @return 6 to 8
   */
  public int digits() {
    return digits;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HotpParameters p && p.algorithm == algorithm && p.digits == digits;
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, digits);
  }

  @Override
  public String toString() {
    return "HotpParameters[" + algorithm.uriName() + ", " + digits + " digits]";
  }
}
