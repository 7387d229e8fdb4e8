package io.waas.auth.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The PHC parser on arbitrary text: a hash or {@link MalformedPasswordHashException}, and every
 * accepted string is canonical ({@code encode(parse(s)) == s}).
 */
class Argon2PhcHashFuzzTest {
  @FuzzTest
  void parse_arbitraryString_throwsOnlyMalformedOrRoundTrips(byte[] input) {
    String s = new String(input, StandardCharsets.ISO_8859_1);
    Argon2PhcHash h;
    try {
      h = Argon2PhcHash.parse(s);
    } catch (MalformedPasswordHashException e) {
      String msg = String.valueOf(e.getMessage());
      assertTrue(msg.startsWith("malformed Argon2id PHC hash: "), msg);
      return; // the only allowed failure; any RuntimeException fails the test
    }
    assertEquals(s, h.encode());
    assertTrue(h.saltLength() >= 8 && h.saltLength() <= 64);
    assertTrue(h.hashLength() >= 16 && h.hashLength() <= 64);
  }
}
