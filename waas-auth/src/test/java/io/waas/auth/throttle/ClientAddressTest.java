package io.waas.auth.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
  @Test
  void parse_ipv4_keyIsTheAddress() throws Exception {
    ClientAddress a = ClientAddress.parse("203.0.113.45");
    assertEquals("ip4:203.0.113.45", a.key());
    assertFalse(a.isIpv6());
    assertNotEquals(a, ClientAddress.parse("203.0.113.46"), "IPv4 is counted per address");
  }

  @Test
  void parse_ipv6_groupsBySlash64() throws Exception {
    ClientAddress a = ClientAddress.parse("2001:db8:abcd:12::1");
    assertEquals("ip6:2001:db8:abcd:12::/64", a.key());
    assertTrue(a.isIpv6());
    assertEquals(a, ClientAddress.parse("2001:0DB8:ABCD:0012:ffff:ffff:ffff:ffff"));
    assertEquals(a, ClientAddress.parse("[2001:db8:abcd:12:1:2:3:4]"));
    assertNotEquals(a, ClientAddress.parse("2001:db8:abcd:13::1"));
  }

  @Test
  void parse_ipv4MappedIpv6_countsAsIpv4() throws Exception {
    assertEquals(ClientAddress.parse("192.0.2.1"), ClientAddress.parse("::ffff:192.0.2.1"));
    assertEquals(ClientAddress.parse("192.0.2.1"), ClientAddress.parse("::ffff:c000:201"));
  }

  @Test
  void of_inetAddress_matchesParse() throws Exception {
    InetAddress v6 = InetAddress.getByAddress(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9});
    assertEquals(ClientAddress.parse("2001:db8:0:1::9"), ClientAddress.of(v6));
    assertEquals(ClientAddress.parse("10.1.2.3"), ClientAddress.of(InetAddress.getByAddress(new byte[] {10, 1, 2, 3})));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", " 1.2.3.4",
    "0x7f.0.0.1", "2130706433", "fe80::1%eth0", "::g", "1:2:3:4:5:6:7:8:9", ".::1", "[::1", "[]", "1::2::3",
    "abcd", "a.b.c.d", "1.2.3.4:80", "[2001:db8::1]:443"
  })
  void parse_notALiteral_throwsTypedExceptionWithoutEchoingInput(String input) {
    MalformedClientAddressException e =
        assertThrows(MalformedClientAddressException.class, () -> ClientAddress.parse(input));
    if (input.length() > 3) {
      assertFalse(String.valueOf(e.getMessage()).contains(input), "message repeats input");
    }
  }
}
