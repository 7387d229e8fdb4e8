package io.waas.auth.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** The client address parser on arbitrary text: an address or {@link MalformedClientAddressException}. */
class ClientAddressFuzzTest {
  @FuzzTest
  void parse_arbitraryText_throwsOnlyMalformedClientAddress(byte[] bytes) {
    String input = new String(bytes, StandardCharsets.UTF_8);
    ClientAddress a;
    try {
      a = ClientAddress.parse(input);
    } catch (MalformedClientAddressException e) {
      return; // the only allowed failure; any RuntimeException (or a DNS lookup's delay) fails the test
    }
    String key = a.key();
    assertTrue(key.matches("ip4:(\\d{1,3}\\.){3}\\d{1,3}|ip6:([0-9a-f]{1,4}:){4}:/64"), key);
    assertTrue(input.contains(":") || input.contains("."), "a literal has separators");
    // The key is canonical: parsing the address part again gives the same key.
    String again = a.isIpv6() ? key.substring(4, key.length() - 3) + "1" : key.substring(4);
    try {
      assertEquals(key, ClientAddress.parse(again).key());
    } catch (MalformedClientAddressException e) {
      throw new AssertionError("canonical form did not parse: " + again, e);
    }
  }
}
