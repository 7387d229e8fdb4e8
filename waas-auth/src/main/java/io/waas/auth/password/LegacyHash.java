package io.waas.auth.password;

import io.waas.core.ConstantTime;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.KeyParameter;
import org.jspecify.annotations.Nullable;

/**
 * A parsed legacy hash (bcrypt, passlib scrypt, passlib or Django PBKDF2-SHA256) and its
 * verification through Bouncy Castle. Parsing is strict and bounded: parameters that would make a
 * single verification take minutes or gigabytes are refused as malformed.
 */
final class LegacyHash {
  static final int MAX_LENGTH = 512;
  static final int MAX_BCRYPT_COST = 20;
  static final long MAX_SCRYPT_MEMORY = 1L << 30;
  static final int MAX_PBKDF2_ITERATIONS = 10_000_000;

  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");
  private static final Pattern SCRYPT =
      Pattern.compile("\\$scrypt\\$ln=([1-9]\\d?),r=([1-9]\\d{0,3}),p=([1-9]\\d{0,3})\\$([A-Za-z0-9+./]+)\\$([A-Za-z0-9+./]+)");
  private static final Pattern PASSLIB_PBKDF2 =
      Pattern.compile("\\$pbkdf2-sha256\\$([1-9]\\d{0,7})\\$([A-Za-z0-9./]*)\\$([A-Za-z0-9./]+)");
  private static final Pattern DJANGO_PBKDF2 =
      Pattern.compile("pbkdf2_sha256\\$([1-9]\\d{0,7})\\$([\\x21-\\x23\\x25-\\x7e]{1,128})\\$([A-Za-z0-9+/]+={0,2})");

  final LegacyAlgorithm algorithm;
  private final String encoded; // bcrypt only: the string Bouncy Castle checks
  private final byte[] salt;
  private final byte[] hash;
  private final int cost; // bcrypt cost, scrypt N, PBKDF2 iterations
  private final int blockSize;
  private final int parallelism;

  private LegacyHash(
      LegacyAlgorithm algorithm, String encoded, byte[] salt, byte[] hash, int cost, int blockSize, int parallelism) {
    this.algorithm = algorithm;
    this.encoded = encoded;
    this.salt = salt;
    this.hash = hash;
    this.cost = cost;
    this.blockSize = blockSize;
    this.parallelism = parallelism;
  }

  /** Returns the format {@code s} is written in, or null if it is none of the legacy formats. */
  static @Nullable LegacyAlgorithm detect(String s) {
    if (s.startsWith("$2a$") || s.startsWith("$2b$") || s.startsWith("$2y$")) {
      return LegacyAlgorithm.BCRYPT;
    }
    if (s.startsWith("$scrypt$")) {
      return LegacyAlgorithm.SCRYPT;
    }
    if (s.startsWith("$pbkdf2-sha256$") || s.startsWith("pbkdf2_sha256$")) {
      return LegacyAlgorithm.PBKDF2_SHA256;
    }
    return null;
  }

  static LegacyHash parse(String s) throws MalformedPasswordHashException {
    if (s.length() > MAX_LENGTH) {
      throw bad("hash", "longer than " + MAX_LENGTH + " characters");
    }
    LegacyAlgorithm a = detect(s);
    if (a == null) {
      throw bad("hash", "is not a bcrypt, scrypt or PBKDF2-SHA256 hash");
    }
    return switch (a) {
      case BCRYPT -> parseBcrypt(s);
      case SCRYPT -> parseScrypt(s);
      case PBKDF2_SHA256 -> s.startsWith("$") ? parsePasslibPbkdf2(s) : parseDjangoPbkdf2(s);
    };
  }

  private static LegacyHash parseBcrypt(String s) throws MalformedPasswordHashException {
    Matcher m = BCRYPT.matcher(s);
    if (!m.matches()) {
      throw bad("bcrypt", "must be $2a$, $2b$ or $2y$, a two-digit cost, then 53 characters of [./A-Za-z0-9]");
    }
    int cost = Integer.parseInt(m.group(1));
    if (cost < 4 || cost > MAX_BCRYPT_COST) {
      throw bad("bcrypt", "cost must be 4 to " + MAX_BCRYPT_COST + ", is " + cost);
    }
    return new LegacyHash(LegacyAlgorithm.BCRYPT, s, new byte[0], new byte[0], cost, 0, 0);
  }

  private static LegacyHash parseScrypt(String s) throws MalformedPasswordHashException {
    Matcher m = SCRYPT.matcher(s);
    if (!m.matches()) {
      throw bad("scrypt", "must be $scrypt$ln=<1-99>,r=<r>,p=<p>$<salt>$<hash> with unpadded Base64");
    }
    int ln = Integer.parseInt(m.group(1));
    int r = Integer.parseInt(m.group(2));
    int p = Integer.parseInt(m.group(3));
    if (ln > 30 || 128L * r * (1L << ln) > MAX_SCRYPT_MEMORY || p > 16) {
      throw bad("scrypt", "parameters exceed the limits (memory 128·r·2^ln at most 1 GiB, p at most 16)");
    }
    if (r == 1 && ln >= 16) {
      // scrypt (RFC 7914) requires N < 2^(128·r/8) = 2^16 when r = 1; Bouncy Castle refuses it.
      throw bad("scrypt", "ln must be below 16 when r=1 (RFC 7914: N < 2^(16·r))");
    }
    byte[] salt = adaptedBase64(m.group(4), "scrypt salt");
    byte[] hash = adaptedBase64(m.group(5), "scrypt hash");
    if (hash.length < 16 || hash.length > 64) {
      throw bad("scrypt", "hash must be 16 to 64 bytes, is " + hash.length);
    }
    return new LegacyHash(LegacyAlgorithm.SCRYPT, "", salt, hash, 1 << ln, r, p);
  }

  private static LegacyHash parsePasslibPbkdf2(String s) throws MalformedPasswordHashException {
    Matcher m = PASSLIB_PBKDF2.matcher(s);
    if (!m.matches()) {
      throw bad("passlib PBKDF2-SHA256", "must be $pbkdf2-sha256$<rounds>$<salt>$<hash> in adapted Base64");
    }
    int rounds = iterations(m.group(1));
    byte[] salt = adaptedBase64(m.group(2), "PBKDF2 salt");
    byte[] hash = adaptedBase64(m.group(3), "PBKDF2 hash");
    if (hash.length != 32) {
      throw bad("passlib PBKDF2-SHA256", "hash must be 32 bytes, is " + hash.length);
    }
    return new LegacyHash(LegacyAlgorithm.PBKDF2_SHA256, "", salt, hash, rounds, 0, 0);
  }

  private static LegacyHash parseDjangoPbkdf2(String s) throws MalformedPasswordHashException {
    Matcher m = DJANGO_PBKDF2.matcher(s);
    if (!m.matches()) {
      throw bad("Django PBKDF2-SHA256", "must be pbkdf2_sha256$<iterations>$<salt>$<Base64 hash>");
    }
    int rounds = iterations(m.group(1));
    byte[] hash;
    try {
      hash = Base64.getDecoder().decode(m.group(3));
    } catch (IllegalArgumentException e) {
      throw bad("Django PBKDF2-SHA256", "hash is not valid Base64");
    }
    if (hash.length != 32 || !Base64.getEncoder().encodeToString(hash).equals(m.group(3))) {
      throw bad("Django PBKDF2-SHA256", "hash must be 32 bytes in canonical padded Base64");
    }
    byte[] salt = m.group(2).getBytes(StandardCharsets.UTF_8);
    return new LegacyHash(LegacyAlgorithm.PBKDF2_SHA256, "", salt, hash, rounds, 0, 0);
  }

  private static int iterations(String digits) throws MalformedPasswordHashException {
    int n = Integer.parseInt(digits); // the patterns allow at most 8 digits
    if (n > MAX_PBKDF2_ITERATIONS) {
      throw bad("PBKDF2-SHA256", "iterations exceed " + MAX_PBKDF2_ITERATIONS);
    }
    return n;
  }

  /** Unpadded Base64, standard or passlib's adapted alphabet ('.' for '+'), canonical. */
  private static byte[] adaptedBase64(String field, String name) throws MalformedPasswordHashException {
    String std = field.replace('.', '+');
    if (std.length() % 4 == 1) {
      throw bad(name, "is not valid unpadded Base64");
    }
    byte[] bytes = Base64.getDecoder().decode(std);
    if (!Base64.getEncoder().withoutPadding().encodeToString(bytes).equals(std)) {
      throw bad(name, "is not canonical Base64 (non-zero trailing bits)");
    }
    return bytes;
  }

  private static MalformedPasswordHashException bad(String what, String how) {
    return new MalformedPasswordHashException("malformed " + what + ": " + how);
  }

  /** Memory one verification needs, in KiB, for the hashing budget. */
  int memoryKiB() {
    return switch (algorithm) {
      case SCRYPT -> (int) Math.max(1, 128L * blockSize * cost / 1024);
      case BCRYPT -> 5; // the 4 KiB of S-boxes plus state
      case PBKDF2_SHA256 -> 1;
    };
  }

  /** Verifies UTF-8 password bytes; the caller wipes them. */
  boolean verify(byte[] password) {
    return switch (algorithm) {
      case BCRYPT -> verifyBcrypt(password);
      case SCRYPT -> verifyScrypt(password);
      case PBKDF2_SHA256 -> verifyPbkdf2(password);
    };
  }

  private boolean verifyBcrypt(byte[] password) {
    // bcrypt uses at most 72 bytes; Bouncy Castle refuses longer input instead of truncating.
    byte[] pw = password.length > 72 ? Arrays.copyOf(password, 72) : password;
    try {
      return OpenBSDBCrypt.checkPassword(encoded, pw);
    } finally {
      if (pw != password) {
        PasswordText.wipe(pw);
      }
    }
  }

  private boolean verifyScrypt(byte[] password) {
    byte[] out = SCrypt.generate(password, salt, cost, blockSize, parallelism, hash.length);
    try {
      return ConstantTime.equal(out, hash);
    } finally {
      PasswordText.wipe(out);
    }
  }

  private boolean verifyPbkdf2(byte[] password) {
    PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
    gen.init(password, salt, cost); // keeps a reference to the caller's array, which the caller wipes
    byte[] out = ((KeyParameter) gen.generateDerivedParameters(256)).getKey();
    try {
      return ConstantTime.equal(out, hash);
    } finally {
      PasswordText.wipe(out);
    }
  }

  @Override
  public String toString() {
    return "LegacyHash{" + algorithm + '}';
  }
}
