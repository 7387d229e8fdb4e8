package io.waas.auth.password;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The range-response parser on arbitrary text from the (untrusted, remote) range source: it never
 * throws, and it reports a breach exactly when a line names the password's SHA-1 suffix with a
 * positive or absent count.
 */
class KAnonymityRangeFuzzTest {
  private static final char[] PASSWORD = "password".toCharArray();
  // SHA-1("password") = 5BAA6 1E4C9B93F3F0682250B6CF8331B7EE68FD8
  private static final String SUFFIX = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";

  @FuzzTest
  void isBreached_arbitraryRangeResponse_neverThrowsAndMatchesOnlyTheSuffix(byte[] input) throws IOException {
    String body = new String(input, StandardCharsets.ISO_8859_1);
    List<String> lines = body.lines().toList();
    boolean breached = BreachedPasswordCheck.kAnonymityRange(prefix -> lines).isBreached(PASSWORD.clone());
    assertEquals(expected(lines), breached);
  }

  /** An independent statement of the rule. */
  private static boolean expected(List<String> lines) {
    for (String raw : lines) {
      String line = raw.strip();
      String[] parts = line.split(":", 2);
      if (!parts[0].equalsIgnoreCase(SUFFIX)) {
        continue;
      }
      if (parts.length == 1) {
        return true;
      }
      String count = parts[1].strip();
      if (!count.isEmpty() && !count.chars().allMatch(c -> c == '0')) {
        return true;
      }
    }
    return false;
  }
}
