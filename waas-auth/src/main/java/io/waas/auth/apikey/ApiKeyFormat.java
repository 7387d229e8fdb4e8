package io.waas.auth.apikey;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The API key text format and its parser.
 *
 * <pre>
 *   waas_live_acme-corp_3kTz9QpL0aBc_&lt;32 base62 secret&gt;&lt;6 base62 checksum&gt;
 *   │    │    │         │            │
 *   │    │    │         │            └ 190 random bits, then CRC32 of everything before it
 *   │    │    │         └ key id: 12 base62 (71 random bits), public, the lookup key
 *   │    │    └ tenant: 1–32 of [a-z0-9-], no leading/trailing '-'
 *   │    └ environment: live or test
 *   └ prefix for secret scanners
 * </pre>
 *
 * <p>Design: the checksum lets the parser reject typos and truncations without a lookup (CRC32 detects
 * every single-character change, as that is an error burst of at most 8 bits); it is not a MAC and
 * offers no security on its own. Only '_' separates fields and no field may contain '_', so the split is
 * unambiguous, and the whole key is a single "word" for double-click selection.
 */
final class ApiKeyFormat {
  static final String PREFIX = "waas";
  static final int KEY_ID_LENGTH = 12;
  static final int SECRET_LENGTH = 32;
  static final int CHECKSUM_LENGTH = 6;
  static final int MAX_LENGTH = 128;
  static final Pattern TENANT = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?");

  private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The parts of a well-formed key. */
  record Parsed(ApiKeyEnvironment environment, String tenant, String keyId) {}

  private ApiKeyFormat() {}

  static String newKeyId() {
    return randomBase62(KEY_ID_LENGTH);
  }

  static String newSecret() {
    return randomBase62(SECRET_LENGTH);
  }

  static String format(ApiKeyEnvironment env, String tenant, String keyId, String secret) {
    String body = PREFIX + "_" + env.marker() + "_" + tenant + "_" + keyId + "_" + secret;
    return body + checksum(body);
  }

  /** The public part of a key, safe to show and log: everything up to the key id. */
  static String displayPrefix(ApiKeyEnvironment env, String tenant, String keyId) {
    return PREFIX + "_" + env.marker() + "_" + tenant + "_" + keyId;
  }

  static Parsed parse(String key) throws MalformedApiKeyException {
    if (key.length() > MAX_LENGTH) {
      throw new MalformedApiKeyException("API key is longer than " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c != '_' && c != '-' && base62Value(c) < 0) {
        throw new MalformedApiKeyException("API key contains a character outside [A-Za-z0-9_-]");
      }
    }
    if (!key.startsWith(PREFIX + "_")) {
      throw new MalformedApiKeyException("not a WaaS API key: it must start with '" + PREFIX + "_'");
    }
    String[] parts = key.split("_", -1);
    if (parts.length != 5) {
      throw new MalformedApiKeyException("API key must have 5 '_'-separated fields, has " + parts.length);
    }
    ApiKeyEnvironment env = switch (parts[1]) {
      case "live" -> ApiKeyEnvironment.LIVE;
      case "test" -> ApiKeyEnvironment.TEST;
      default -> throw new MalformedApiKeyException("API key environment must be 'live' or 'test'");
    };
    if (!TENANT.matcher(parts[2]).matches()) {
      throw new MalformedApiKeyException("API key tenant field is malformed");
    }
    if (parts[3].length() != KEY_ID_LENGTH || !isBase62(parts[3])) {
      throw new MalformedApiKeyException("API key id must be " + KEY_ID_LENGTH + " base62 characters");
    }
    if (parts[4].length() != SECRET_LENGTH + CHECKSUM_LENGTH || !isBase62(parts[4])) {
      throw new MalformedApiKeyException(
          "API key secret must be " + (SECRET_LENGTH + CHECKSUM_LENGTH) + " base62 characters");
    }
    int split = key.length() - CHECKSUM_LENGTH;
    if (!checksum(key.substring(0, split)).equals(key.substring(split))) {
      throw new MalformedApiKeyException("API key checksum does not match: mistyped or truncated");
    }
    return new Parsed(env, parts[2], parts[3]);
  }

  static String checksum(String body) {
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(StandardCharsets.US_ASCII));
    long v = crc.getValue();
    char[] out = new char[CHECKSUM_LENGTH];
    for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
      out[i] = BASE62.charAt((int) (v % 62));
      v /= 62;
    }
    return new String(out);
  }

  private static boolean isBase62(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (base62Value(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static int base62Value(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 36;
    }
    return -1;
  }

  private static String randomBase62(int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = BASE62.charAt(RANDOM.nextInt(62)); // nextInt(bound) is unbiased
    }
    return new String(out);
  }
}
