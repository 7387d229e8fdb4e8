package io.waas.auth.password;

import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * An Argon2id hash in PHC string format, parsed strictly:
 *
 * <pre>$argon2id$v=19$m=&lt;KiB&gt;,t=&lt;iterations&gt;,p=&lt;lanes&gt;[,pv=&lt;pepper version&gt;]$&lt;salt&gt;$&lt;hash&gt;</pre>
 *
 * <p>Design: exactly one spelling is accepted for every hash, so that {@code encode(parse(s))}
 * is {@code s}. Decimal numbers have no sign, no leading zeros and fit their range; parameters
 * come in the fixed order {@code m,t,p} then the optional {@code pv}; salt and hash are standard
 * Base64 without padding and with zero trailing bits (canonical); the salt is 8 to 64 bytes, the
 * hash 16 to 64. {@code pv} is this SDK's extension: the key id of the pepper key whose HMAC was
 * the Argon2 input. Error messages describe the structure, never the string.
 */
final class Argon2PhcHash {
  static final String PREFIX = "$argon2id$";
  static final int MAX_LENGTH = 512;
  static final int MIN_SALT = 8;
  static final int MAX_SALT = 64;
  static final int MIN_HASH = 16;
  static final int MAX_HASH = 64;
  static final long MAX_PEPPER_VERSION = 0xffffffffL;

  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

  final Argon2Parameters parameters;
  final @Nullable Long pepperVersion;
  private final byte[] salt;
  private final byte[] hash;

  Argon2PhcHash(Argon2Parameters parameters, @Nullable Long pepperVersion, byte[] salt, byte[] hash) {
    this.parameters = parameters;
    this.pepperVersion = pepperVersion;
    this.salt = salt.clone();
    this.hash = hash.clone();
  }

  byte[] salt() {
    return salt.clone();
  }

  byte[] hash() {
    return hash.clone();
  }

  int hashLength() {
    return hash.length;
  }

  int saltLength() {
    return salt.length;
  }

  String encode() {
    StringBuilder sb = new StringBuilder(PREFIX).append("v=19$m=").append(parameters.memoryKiB());
    sb.append(",t=").append(parameters.iterations()).append(",p=").append(parameters.parallelism());
    if (pepperVersion != null) {
      sb.append(",pv=").append(pepperVersion.longValue());
    }
    return sb.append('$').append(B64.encodeToString(salt)).append('$').append(B64.encodeToString(hash)).toString();
  }

  static Argon2PhcHash parse(String s) throws MalformedPasswordHashException {
    if (s.length() > MAX_LENGTH) {
      throw bad("longer than " + MAX_LENGTH + " characters (" + s.length() + ")");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw bad("has a character outside printable ASCII at index " + i);
      }
    }
    if (!s.startsWith(PREFIX)) {
      if (s.startsWith("$argon2i$") || s.startsWith("$argon2d$")) {
        throw bad("is Argon2i or Argon2d; only Argon2id hashes are accepted");
      }
      throw bad("does not start with '" + PREFIX + "'");
    }
    String[] parts = s.substring(1).split("\\$", -1);
    if (parts.length != 5) {
      throw bad("must have 5 '$'-separated fields (algorithm, version, parameters, salt, hash), has " + parts.length);
    }
    if (!parts[1].equals("v=19")) {
      throw bad("version field must be 'v=19' (Argon2 1.3)");
    }
    String[] params = parts[2].split(",", -1);
    if (params.length != 3 && params.length != 4) {
      throw bad("parameters must be m,t,p with an optional pv, got " + params.length + " entries");
    }
    long m = number(params[0], "m", Argon2Parameters.MAX_MEMORY_KIB);
    long t = number(params[1], "t", Argon2Parameters.MAX_ITERATIONS);
    long p = number(params[2], "p", Argon2Parameters.MAX_PARALLELISM);
    Long pv = params.length == 4 ? number(params[3], "pv", MAX_PEPPER_VERSION) : null;
    Argon2Parameters parameters;
    try {
      parameters = Argon2Parameters.fromStored((int) m, (int) t, (int) p);
    } catch (IllegalArgumentException e) {
      throw bad("has out-of-range parameters: " + e.getMessage());
    }
    byte[] salt = base64(parts[3], "salt", MIN_SALT, MAX_SALT);
    byte[] hash = base64(parts[4], "hash", MIN_HASH, MAX_HASH);
    return new Argon2PhcHash(parameters, pv, salt, hash);
  }

  private static long number(String field, String name, long max) throws MalformedPasswordHashException {
    String prefix = name + "=";
    if (!field.startsWith(prefix)) {
      throw bad("parameter '" + name + "' expected in this position");
    }
    String digits = field.substring(prefix.length());
    if (digits.isEmpty() || digits.length() > 10) {
      throw bad("parameter '" + name + "' must have 1 to 10 digits");
    }
    if (digits.charAt(0) == '0') {
      throw bad("parameter '" + name + "' must be positive without leading zeros");
    }
    long v = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw bad("parameter '" + name + "' is not a decimal number");
      }
      v = v * 10 + (c - '0');
    }
    if (v > max) {
      throw bad("parameter '" + name + "' exceeds " + max);
    }
    return v;
  }

  private static byte[] base64(String field, String name, int min, int max) throws MalformedPasswordHashException {
    if (field.length() % 4 == 1) {
      throw bad(name + " is not valid unpadded Base64 (length " + field.length() + ")");
    }
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
      if (!ok) {
        throw bad(name + " has a character outside the Base64 alphabet (no padding allowed) at index " + i);
      }
    }
    byte[] bytes = Base64.getDecoder().decode(field);
    if (bytes.length < min || bytes.length > max) {
      throw bad(name + " must be " + min + " to " + max + " bytes, is " + bytes.length);
    }
    if (!B64.encodeToString(bytes).equals(field)) {
      throw bad(name + " is not canonical Base64 (non-zero trailing bits)");
    }
    return bytes;
  }

  private static MalformedPasswordHashException bad(String what) {
    return new MalformedPasswordHashException("malformed Argon2id PHC hash: " + what);
  }

  @Override
  public String toString() {
    return "Argon2PhcHash{" + parameters + (pepperVersion == null ? "" : ",pv=" + pepperVersion) + '}';
  }
}
