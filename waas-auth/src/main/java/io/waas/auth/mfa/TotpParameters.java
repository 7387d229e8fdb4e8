package io.waas.auth.mfa;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of a TOTP factor (RFC 6238): hash algorithm, number of digits and time step.
 *
 * <p>Use a preset: {@link #authenticatorApps()} (the default; what Google Authenticator, Microsoft
 * Authenticator, Authy, 1Password and others actually implement) or {@link #strong()} (SHA-256,
 * 8 digits; <b>not supported by every authenticator app</b>). {@link #builder()} makes custom ones.
 *
 * <p>Immutable and thread-safe; validated at construction.
 */
public final class TotpParameters {
  /** The shortest time step allowed, in seconds. */
  public static final int MIN_PERIOD_SECONDS = 10;

  /** The longest time step allowed, in seconds. */
  public static final int MAX_PERIOD_SECONDS = 300;

  private static final TotpParameters AUTHENTICATOR_APPS = new TotpParameters(OtpAlgorithm.SHA1, 6, 30);
  private static final TotpParameters STRONG = new TotpParameters(OtpAlgorithm.SHA256, 8, 30);

  private final OtpAlgorithm algorithm;
  private final int digits;
  private final int periodSeconds;

  private TotpParameters(OtpAlgorithm algorithm, int digits, int periodSeconds) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.digits = checkDigits(digits);
    if (periodSeconds < MIN_PERIOD_SECONDS || periodSeconds > MAX_PERIOD_SECONDS) {
      throw new IllegalArgumentException("TOTP period must be " + MIN_PERIOD_SECONDS + " to "
          + MAX_PERIOD_SECONDS + " seconds, was " + periodSeconds);
    }
    this.periodSeconds = periodSeconds;
  }

  static int checkDigits(int digits) {
    if (digits < 6 || digits > 8) {
      throw new IllegalArgumentException("OTP codes have 6 to 8 digits, was " + digits);
    }
    return digits;
  }

  /**
   * Returns the default preset: HMAC-SHA1, 6 digits, 30-second steps, which every authenticator
   * app supports (RFC 6238's defaults and the Key Uri Format's).
   *
   * @return the preset
   */
  public static TotpParameters authenticatorApps() {
    return AUTHENTICATOR_APPS;
  }

  /**
   * Returns a stronger preset: HMAC-SHA256, 8 digits, 30-second steps. Eight digits make an online
   * guess 100 times less likely. <b>Several authenticator apps ignore the algorithm and digits of
   * the otpauth URI</b> and would show codes that never verify; use this only where you know your
   * users' authenticator supports it.
   *
   * @return the preset
   */
  public static TotpParameters strong() {
    return STRONG;
  }

  /**
   * Starts custom parameters, initialised to {@link #authenticatorApps()}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates validated parameters.
   *
   * @param algorithm the HMAC hash
   * @param digits 6 to 8
   * @param periodSeconds {@value #MIN_PERIOD_SECONDS} to {@value #MAX_PERIOD_SECONDS}
   * @return the parameters
   * @throws IllegalArgumentException if a value is out of range
   */
  static TotpParameters of(OtpAlgorithm algorithm, int digits, int periodSeconds) {
    return new TotpParameters(algorithm, digits, periodSeconds);
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

  /**
   * Returns the time step.
   *
   * @return the period
   */
  public Duration period() {
    return Duration.ofSeconds(periodSeconds);
  }

  /**
   * Returns the time step in seconds.
   *
   * @return the period in seconds
   */
  public int periodSeconds() {
    return periodSeconds;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TotpParameters p
        && p.algorithm == algorithm && p.digits == digits && p.periodSeconds == periodSeconds;
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, digits, periodSeconds);
  }

  @Override
  public String toString() {
    return "TotpParameters[" + algorithm.uriName() + ", " + digits + " digits, " + periodSeconds + " s]";
  }

  /** Builds {@link TotpParameters}. Not thread-safe. */
  public static final class Builder {
    private OtpAlgorithm algorithm = OtpAlgorithm.SHA1;
    private int digits = 6;
    private int periodSeconds = 30;

    private Builder() {}

    /**
     * Sets the HMAC hash (default SHA-1). SHA-256 and SHA-512 are not supported by every app.
     *
     * @param algorithm the algorithm
     * @return this builder
     */
    public Builder algorithm(OtpAlgorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * Sets the number of digits (default 6). 7 and 8 are not supported by every app.
     *
     * @param digits 6 to 8
     * @return this builder
     */
    public Builder digits(int digits) {
      this.digits = digits;
      return this;
    }

    /**
     * Sets the time step (default 30 seconds). Most apps support only 30 seconds.
     *
     * @param period whole seconds, {@value #MIN_PERIOD_SECONDS} to {@value #MAX_PERIOD_SECONDS}
     * @return this builder
     * @throws IllegalArgumentException if {@code period} is not a whole number of seconds
     */
    public Builder period(Duration period) {
      if (period.getNano() != 0) {
        throw new IllegalArgumentException("TOTP period must be a whole number of seconds");
      }
      long s = period.getSeconds();
      this.periodSeconds = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, s));
      return this;
    }

    /**
     * Builds validated parameters.
     *
     * @return the parameters
     * @throws IllegalArgumentException if the digits are not 6 to 8 or the period is out of range
     */
    public TotpParameters build() {
      return new TotpParameters(algorithm, digits, periodSeconds);
    }
  }
}
