package io.waas.auth.throttle;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The network address a login attempt came from, reduced to the unit the throttle counts: an IPv4
 * address on its own, an IPv6 address by its /64 network (one customer site or device usually holds a
 * whole /64, so counting single IPv6 addresses would let an attacker rotate through 2<sup>64</sup>
 * of them). IPv4-mapped IPv6 addresses ({@code ::ffff:192.0.2.1}) count as their IPv4 address.
 *
 * <p>Take the address from the connection, or from a proxy header only when the proxy is trusted to
 * set it; otherwise an attacker chooses their own key.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientAddress {
  private static final int MAX_LITERAL_LENGTH = 64;

  private final String key;

  private ClientAddress(String key) {
    this.key = key;
  }

  /**
   * Parses an IPv4 literal ({@code 192.0.2.1}, four decimal parts without leading zeros) or an IPv6
   * literal ({@code 2001:db8::1}, optionally in brackets; no zone id). Never resolves names.
   *
   * @param literal the address text
   * @return the address
   * @throws MalformedClientAddressException if {@code literal} is not such a literal
   */
  public static ClientAddress parse(String literal) throws MalformedClientAddressException {
    Objects.requireNonNull(literal, "literal");
    String s = literal;
    if (s.length() > MAX_LITERAL_LENGTH) {
      throw new MalformedClientAddressException(
          "client address is longer than " + MAX_LITERAL_LENGTH + " characters");
    }
    if (s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
      s = s.substring(1, s.length() - 1);
    }
    if (s.indexOf(':') < 0) {
      byte[] v4 = parseIpv4(s);
      if (v4 == null) {
        throw new MalformedClientAddressException("client address is not an IPv4 or IPv6 literal");
      }
      return fromBytes(v4);
    }
    if (s.charAt(0) == '.') {
      // InetAddress treats text not starting with a hex digit or ':' as a host name.
      throw new MalformedClientAddressException("client address is not an IPv6 literal");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
      if (!ok) {
        throw new MalformedClientAddressException(
            "client address is not an IPv6 literal: only hex digits, ':' and '.' are allowed");
      }
    }
    try {
      // With a ':' in it, InetAddress parses the text as an IPv6 literal and never queries DNS.
      return of(InetAddress.getByName(s));
    } catch (UnknownHostException e) {
      throw new MalformedClientAddressException("client address is not a valid IPv6 literal");
    }
  }

  /**
   * Returns the client address of an already resolved address, for example a socket's remote address.
   *
   * @param address the address
   * @return the client address
   */
  public static ClientAddress of(InetAddress address) {
    Objects.requireNonNull(address, "address");
    if (address instanceof Inet6Address v6 && isIpv4Mapped(v6.getAddress())) {
      byte[] b = v6.getAddress();
      return fromBytes(new byte[] {b[12], b[13], b[14], b[15]});
    }
    return fromBytes(address.getAddress());
  }

  private static ClientAddress fromBytes(byte[] b) {
    if (b.length == 4) {
      return new ClientAddress("ip4:" + (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff));
    }
    if (isIpv4Mapped(b)) {
      return fromBytes(new byte[] {b[12], b[13], b[14], b[15]});
    }
    StringBuilder sb = new StringBuilder("ip6:");
    for (int i = 0; i < 8; i += 2) {
      sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff))).append(':');
    }
    return new ClientAddress(sb.append(":/64").toString());
  }

  private static boolean isIpv4Mapped(byte[] b) {
    if (b.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  private static byte @Nullable [] parseIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /**
   * Returns whether this is an IPv6 network (rather than an IPv4 address).
   *
   * @return whether IPv6
   */
  public boolean isIpv6() {
    return key.startsWith("ip6:");
  }

  /**
   * Returns the normalized form the throttle counts under: {@code ip4:192.0.2.1} or {@code
   * ip6:2001:db8:0:1::/64}.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ClientAddress c && key.equals(c.key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  /** Returns {@link #key()}. */
  @Override
  public String toString() {
    return key;
  }
}
