package io.waas.auth.mfa;

import io.waas.core.Base32;
import io.waas.core.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An {@code otpauth://} URI in the Key Uri Format of Google Authenticator, the de-facto standard
 * that authenticator apps scan from a QR code to add an account:
 *
 * <pre>{@code
 * otpauth://totp/Example%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example%20Co&algorithm=SHA1&digits=6&period=30
 * }</pre>
 *
 * <p>{@link #toUriString()} formats one; {@link #parse(String)} parses strictly: scheme {@code
 * otpauth}, type {@code totp} or {@code hotp}, a label {@code issuer:account} (or just {@code
 * account}), percent-encoding decoded as UTF-8 (malformed escapes and raw characters other than
 * unreserved ones, {@code :} and {@code @} in the label are refused), the parameters {@code
 * secret} (required, base32, 16 to 128 bytes), {@code issuer} (must equal the label's issuer when
 * both are given), {@code algorithm}, {@code digits}, {@code period} (totp only) and {@code counter}
 * (required for hotp, refused for totp); unknown or repeated parameters are refused.
 *
 * <p><b>The URI contains the secret.</b> Show it only to the enrolling user (as a QR code, see
 * {@link OtpQrCode}); never log it. {@link #toString()} redacts the secret, and parse errors never
 * contain the input.
 *
 * <p>Immutable and thread-safe.
 */
public final class OtpAuthUri {
  /** The kind of one-time password. */
  public enum Type {
    /** Time-based (RFC 6238). */
    TOTP,
    /** Counter-based (RFC 4226). */
    HOTP
  }

  /** The longest URI accepted or produced, in characters. */
  public static final int MAX_LENGTH = 2048;
  /** The longest issuer or account name, in characters. */
  public static final int MAX_NAME_LENGTH = 256;
  /** The shortest secret accepted (RFC 4226 requires 128 bits). */
  public static final int MIN_SECRET_BYTES = 16;
  /** The longest secret accepted. */
  public static final int MAX_SECRET_BYTES = 128;

  private static final String PREFIX = "otpauth://";

  private final Type type;
  private final @Nullable String issuer;
  private final String accountName;
  private final byte[] secret;
  private final OtpAlgorithm algorithm;
  private final int digits;
  private final int periodSeconds;
  private final long counter;

  private OtpAuthUri(Type type, @Nullable String issuer, String accountName, byte[] secret, OtpAlgorithm algorithm,
      int digits, int periodSeconds, long counter) {
    this.type = type;
    this.issuer = issuer;
    this.accountName = accountName;
    this.secret = secret;
    this.algorithm = algorithm;
    this.digits = digits;
    this.periodSeconds = periodSeconds;
    this.counter = counter;
    // Percent-encoding can triple a name, and the issuer appears twice: refuse a URI that parse()
    // (and authenticator apps, and a QR code) would not take back.
    if (toUriString().length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "the otpauth URI would exceed " + MAX_LENGTH + " characters: shorten the issuer or account name");
    }
  }

  /**
   * Creates a TOTP URI.
   *
   * @param issuer who issued the account (your service's name), shown by the app
   * @param accountName the user's account, for example an e-mail address
   * @param secret the secret (copied)
   * @param parameters the TOTP parameters
   * @return the URI
   * @throws IllegalArgumentException if a name is empty, too long, contains {@code :} or control
   *     characters, or the secret's length is out of range
   */
  public static OtpAuthUri totp(String issuer, String accountName, SecretBytes secret, TotpParameters parameters) {
    return new OtpAuthUri(Type.TOTP, checkName("issuer", issuer), checkName("account name", accountName),
        checkSecret(secret.copyBytes()), parameters.algorithm(), parameters.digits(), parameters.periodSeconds(), 0);
  }

  /**
   * Creates a TOTP URI with a fresh random secret of {@link OtpAlgorithm#secretLength()} bytes —
   * the quickest way to make an enrollment QR code (for example in a command-line tool). Servers
   * should enroll through {@link TotpEnroller}, which also seals the secret into a {@link
   * TotpFactor}.
   *
   * @param issuer who issued the account
   * @param accountName the user's account
   * @param parameters the TOTP parameters
   * @return the URI with a new secret
   * @throws IllegalArgumentException if a name is invalid
   */
  public static OtpAuthUri generateTotp(String issuer, String accountName, TotpParameters parameters) {
    try (SecretBytes s = SecretBytes.random(parameters.algorithm().secretLength())) {
      return totp(issuer, accountName, s, parameters);
    }
  }

  /**
   * Creates an HOTP URI.
   *
   * @param issuer who issued the account
   * @param accountName the user's account
   * @param secret the secret (copied)
   * @param parameters the HOTP parameters
   * @param counter the token's initial counter, at least 0
   * @return the URI
   * @throws IllegalArgumentException if a name, the secret's length or the counter is invalid
   */
  public static OtpAuthUri hotp(String issuer, String accountName, SecretBytes secret, HotpParameters parameters,
      long counter) {
    if (counter < 0) {
      throw new IllegalArgumentException("HOTP counters are at least 0");
    }
    return new OtpAuthUri(Type.HOTP, checkName("issuer", issuer), checkName("account name", accountName),
        checkSecret(secret.copyBytes()), parameters.algorithm(), parameters.digits(), 30, counter);
  }

  static String checkName(String what, String name) {
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(what + " must have 1 to " + MAX_NAME_LENGTH + " characters");
    }
    String problem = nameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException(what + " " + problem);
    }
    return name;
  }

  private static @Nullable String nameProblem(String name) {
    if (!name.strip().equals(name)) {
      return "must not start or end with white space";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ':') {
        return "must not contain ':'";
      }
      if (Character.isISOControl(c)) {
        return "must not contain control characters";
      }
      if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "has an unpaired surrogate";
      }
    }
    return null;
  }

  private static byte[] checkSecret(byte[] s) {
    if (s.length < MIN_SECRET_BYTES || s.length > MAX_SECRET_BYTES) {
      int n = s.length;
      Arrays.fill(s, (byte) 0);
      throw new IllegalArgumentException(
          "OTP secrets must have " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES + " bytes, had " + n);
    }
    return s;
  }

  // ---- accessors

  /**
   * Returns whether this is a TOTP or HOTP URI.
   *
   * @return the type
   */
  public Type type() {
    return type;
  }

  /**
   * Returns the issuer, if the URI names one.
   *
   * @return the issuer
   */
  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  /**
   * Returns the account name.
   *
   * @return the account name
   */
  public String accountName() {
    return accountName;
  }

  /**
   * Returns a copy of the secret in a holder the caller must close.
   *
   * @return the secret
   */
  public SecretBytes secret() {
    return SecretBytes.copyOf(secret);
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
   * Returns the number of digits.
   *
   * @return 6 to 8
   */
  public int digits() {
    return digits;
  }

  /**
   * Returns the TOTP parameters.
   *
   * @return the parameters
   * @throws IllegalStateException if this is an HOTP URI
   */
  public TotpParameters totpParameters() {
    if (type != Type.TOTP) {
      throw new IllegalStateException("an hotp URI has no TOTP parameters");
    }
    return TotpParameters.of(algorithm, digits, periodSeconds);
  }

  /**
   * Returns the HOTP parameters.
   *
   * @return the parameters
   * @throws IllegalStateException if this is a TOTP URI
   */
  public HotpParameters hotpParameters() {
    if (type != Type.HOTP) {
      throw new IllegalStateException("a totp URI has no HOTP parameters");
    }
    return HotpParameters.of(algorithm, digits);
  }

  /**
   * Returns the HOTP initial counter.
   *
   * @return the counter
   * @throws IllegalStateException if this is a TOTP URI
   */
  public long counter() {
    if (type != Type.HOTP) {
      throw new IllegalStateException("a totp URI has no counter");
    }
    return counter;
  }

  // ---- formatting

  /**
   * Formats the URI, <b>including the secret</b>: {@code otpauth://TYPE/ISSUER:ACCOUNT?secret=...
   * &issuer=ISSUER&algorithm=...&digits=...&period=...} (or {@code &counter=...}), with issuer and
   * account percent-encoded as UTF-8 (spaces as {@code %20}).
   *
   * @return the URI text, which {@link #parse} reads back to an equal value
   */
  public String toUriString() {
    return format(false);
  }

  private String format(boolean redacted) {
    StringBuilder b = new StringBuilder(PREFIX).append(type.name().toLowerCase(Locale.ROOT)).append('/');
    if (issuer != null) {
      encode(b, issuer).append(':');
    }
    encode(b, accountName);
    b.append("?secret=").append(redacted ? "REDACTED" : Base32.encode(secret));
    if (issuer != null) {
      encode(b.append("&issuer="), issuer);
    }
    b.append("&algorithm=").append(algorithm.uriName()).append("&digits=").append(digits);
    if (type == Type.TOTP) {
      b.append("&period=").append(periodSeconds);
    } else {
      b.append("&counter=").append(counter);
    }
    return b.toString();
  }

  private static StringBuilder encode(StringBuilder b, String s) {
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if (isUnreserved(c)) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return b;
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  // ---- parsing

  /**
   * Parses an otpauth URI strictly (see the class description for the rules).
   *
   * @param uri the URI text
   * @return the parsed URI
   * @throws MalformedOtpAuthUriException if it is not a valid otpauth URI; the message never
   *     contains the input
   */
  public static OtpAuthUri parse(String uri) throws MalformedOtpAuthUriException {
    if (uri.length() > MAX_LENGTH) {
      throw bad("URI is longer than " + MAX_LENGTH + " characters");
    }
    if (!uri.startsWith(PREFIX)) {
      throw bad("URI does not start with otpauth://");
    }
    int slash = uri.indexOf('/', PREFIX.length());
    if (slash < 0) {
      throw bad("URI has no label");
    }
    Type type = switch (uri.substring(PREFIX.length(), slash)) {
      case "totp" -> Type.TOTP;
      case "hotp" -> Type.HOTP;
      default -> throw bad("type must be totp or hotp");
    };
    int q = uri.indexOf('?', slash);
    if (q < 0) {
      throw bad("URI has no parameters");
    }
    if (uri.indexOf('#') >= 0) {
      throw bad("URI must not have a fragment");
    }
    String label = decode(uri.substring(slash + 1, q), "label", true);
    String labelIssuer = null;
    String account;
    int colon = label.indexOf(':');
    if (colon >= 0) {
      labelIssuer = label.substring(0, colon);
      account = label.substring(colon + 1);
      // The Key Uri Format allows optional spaces after the colon.
      int i = 0;
      while (i < account.length() && account.charAt(i) == ' ') {
        i++;
      }
      account = account.substring(i);
      checkParsedName("label issuer", labelIssuer);
    } else {
      account = label;
    }
    checkParsedName("account name", account);

    Map<String, String> params = new HashMap<>();
    String query = uri.substring(q + 1);
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw bad("every parameter must be name=value");
      }
      String name = pair.substring(0, eq);
      if (!name.equals("secret") && !name.equals("issuer") && !name.equals("algorithm") && !name.equals("digits")
          && !name.equals("period") && !name.equals("counter")) {
        throw bad("unknown parameter (allowed: secret, issuer, algorithm, digits, period, counter)");
      }
      if (params.put(name, decode(pair.substring(eq + 1), "parameter " + name, false)) != null) {
        throw bad("parameter " + name + " is repeated");
      }
    }

    String issuer = params.get("issuer");
    if (issuer != null) {
      checkParsedName("issuer", issuer);
      if (labelIssuer != null && !labelIssuer.equals(issuer)) {
        throw bad("the label's issuer differs from the issuer parameter");
      }
    } else {
      issuer = labelIssuer;
    }

    String secretText = params.get("secret");
    if (secretText == null) {
      throw bad("parameter secret is missing");
    }
    byte[] secret;
    try {
      secret = Base32.decode(secretText);
    } catch (IllegalArgumentException e) {
      throw bad("secret is not valid base32");
    }
    if (secret.length < MIN_SECRET_BYTES || secret.length > MAX_SECRET_BYTES) {
      int n = secret.length;
      Arrays.fill(secret, (byte) 0);
      throw bad("secret must have " + MIN_SECRET_BYTES + " to " + MAX_SECRET_BYTES + " bytes, had " + n);
    }
    try {
      OtpAlgorithm algorithm = OtpAlgorithm.SHA1;
      String a = params.get("algorithm");
      if (a != null) {
        algorithm = switch (a) {
          case "SHA1" -> OtpAlgorithm.SHA1;
          case "SHA256" -> OtpAlgorithm.SHA256;
          case "SHA512" -> OtpAlgorithm.SHA512;
          default -> throw bad("algorithm must be SHA1, SHA256 or SHA512");
        };
      }
      int digits = (int) number(params.get("digits"), "digits", 6, 8, 6);
      if (type == Type.TOTP) {
        if (params.containsKey("counter")) {
          throw bad("a totp URI must not have a counter");
        }
        int period = (int) number(params.get("period"), "period", TotpParameters.MIN_PERIOD_SECONDS,
            TotpParameters.MAX_PERIOD_SECONDS, 30);
        return new OtpAuthUri(type, issuer, account, secret, algorithm, digits, period, 0);
      }
      if (params.containsKey("period")) {
        throw bad("an hotp URI must not have a period");
      }
      String c = params.get("counter");
      if (c == null) {
        throw bad("an hotp URI requires a counter");
      }
      long counter = number(c, "counter", 0, Long.MAX_VALUE / 2, 0);
      return new OtpAuthUri(type, issuer, account, secret, algorithm, digits, 30, counter);
    } catch (MalformedOtpAuthUriException e) {
      Arrays.fill(secret, (byte) 0);
      throw e;
    }
  }

  private static long number(@Nullable String text, String what, long min, long max, long absent)
      throws MalformedOtpAuthUriException {
    if (text == null) {
      return absent;
    }
    if (!FactorCodec.DECIMAL.matcher(text).matches()) {
      throw bad(what + " must be a decimal number without sign or leading zeros");
    }
    long v = Long.parseLong(text);
    if (v < min || v > max) {
      throw bad(what + " must be " + min + " to " + max);
    }
    return v;
  }

  private static void checkParsedName(String what, String name) throws MalformedOtpAuthUriException {
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw bad(what + " must have 1 to " + MAX_NAME_LENGTH + " characters");
    }
    String problem = nameProblem(name);
    if (problem != null) {
      throw bad(what + " " + problem);
    }
  }

  /** Percent-decodes strictly as UTF-8; the label also allows raw ':' and '@'. */
  private static String decode(String s, String what, boolean label) throws MalformedOtpAuthUriException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw bad(what + " has a truncated percent escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0 || s.charAt(i + 1) > 'f' || s.charAt(i + 2) > 'f') {
          throw bad(what + " has a malformed percent escape");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80 && (isUnreserved(c) || (label && (c == ':' || c == '@')))) {
        out.write(c);
      } else {
        throw bad(what + " has a character that must be percent-encoded");
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw bad(what + " is not valid UTF-8 after percent-decoding");
    }
  }

  private static MalformedOtpAuthUriException bad(String message) {
    return new MalformedOtpAuthUriException("malformed otpauth URI: " + message);
  }

  // ---- value semantics

  /**
   * Compares all fields, the secret in constant time.
   *
   * @param o the other object
   * @return whether equal
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof OtpAuthUri u && u.type == type && Objects.equals(u.issuer, issuer)
        && u.accountName.equals(accountName) && u.algorithm == algorithm && u.digits == digits
        && u.periodSeconds == periodSeconds && u.counter == counter && MessageDigest.isEqual(u.secret, secret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, issuer, accountName, algorithm, digits, periodSeconds, counter);
  }

  /**
   * Describes the URI with its secret redacted.
   *
   * @return for example {@code otpauth://totp/Acme:alice?secret=REDACTED&issuer=Acme&...}
   */
  @Override
  public String toString() {
    return format(true);
  }
}
