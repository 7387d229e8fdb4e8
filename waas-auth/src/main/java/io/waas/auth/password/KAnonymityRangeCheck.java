package io.waas.auth.password;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** HIBP-style k-anonymity lookup: SHA-1 prefix out, suffix matched locally. */
final class KAnonymityRangeCheck implements BreachedPasswordCheck {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final RangeSource source;

  KAnonymityRangeCheck(RangeSource source) {
    this.source = source;
  }

  @Override
  public boolean isBreached(char[] password) throws IOException {
    char[] hex = sha1Hex(password);
    try {
      String prefix = new String(hex, 0, 5);
      List<String> lines = source.fetch(prefix);
      for (String line : lines) {
        if (matches(line, hex)) {
          return true;
        }
      }
      return false;
    } finally {
      PasswordText.wipe(hex);
    }
  }

  /** Whether a range line names {@code hex}'s suffix with a positive (or absent) count. */
  private static boolean matches(String line, char[] hex) {
    String l = line.strip();
    int colon = l.indexOf(':');
    String suffix = colon < 0 ? l : l.substring(0, colon);
    if (suffix.length() != 35) {
      return false;
    }
    for (int i = 0; i < 35; i++) {
      if (Character.toUpperCase(suffix.charAt(i)) != hex[5 + i]) {
        return false;
      }
    }
    if (colon < 0) {
      return true;
    }
    String count = l.substring(colon + 1).strip();
    return !count.isEmpty() && !count.chars().allMatch(c -> c == '0');
  }

  static char[] sha1Hex(char[] password) {
    byte[] utf8 = PasswordText.utf8(password);
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-1").digest(utf8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    } finally {
      PasswordText.wipe(utf8);
    }
    char[] out = new char[40];
    for (int i = 0; i < 20; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    PasswordText.wipe(digest);
    return out;
  }

  @Override
  public String toString() {
    return "BreachedPasswordCheck.kAnonymityRange";
  }
}
