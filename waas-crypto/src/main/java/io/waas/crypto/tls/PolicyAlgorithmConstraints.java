package io.waas.crypto.tls;

import java.security.AlgorithmConstraints;
import java.security.AlgorithmParameters;
import java.security.CryptoPrimitive;
import java.security.Key;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The policy's restrictions on key-exchange groups, signature algorithms and key sizes, in the one
 * form JSSE on Java 17 accepts per connection: {@link javax.net.ssl.SSLParameters#setAlgorithmConstraints}
 * ({@code setNamedGroups} and {@code setSignatureSchemes} only exist from Java 20 and 19).
 *
 * <p>Design: JSSE checks every candidate named group, signature scheme, certificate signature and
 * certificate key against these constraints <em>and</em> the JDK's {@code jdk.tls.disabledAlgorithms}
 * / {@code jdk.certpath.disabledAlgorithms}, so this can only remove algorithms, never re-enable
 * one. It is also used for certificate path validation, so SHA-1-signed certificates and small keys
 * are refused in the chain too. Key-exchange checks arrive with {@link CryptoPrimitive#KEY_AGREEMENT}
 * and the group's name ({@code "secp521r1"}); cipher suite and key-exchange names arrive the same
 * way, so groups are refused by a name pattern rather than by an allow-list.
 */
final class PolicyAlgorithmConstraints implements AlgorithmConstraints {
  /** Names of TLS named groups (RFC 8446 / 7919 / 8422 and the JDK's legacy curves). */
  private static final Pattern GROUP_NAME =
      Pattern.compile("sec[pt]\\d+[rk]\\d|x25519|x448|ffdhe\\d+|brainpoolp\\d+r1(tls13)?|arbitrary_explicit_.*");

  private static final int MIN_RSA_BITS = 2048;
  private static final int MIN_EC_BITS = 256;

  private final Set<String> allowedGroups;

  PolicyAlgorithmConstraints(Set<String> allowedGroups) {
    this.allowedGroups = Set.copyOf(allowedGroups);
  }

  @Override
  public boolean permits(Set<CryptoPrimitive> primitives, String algorithm, @Nullable AlgorithmParameters parameters) {
    String name = algorithm.toLowerCase(Locale.ROOT);
    if (primitives.contains(CryptoPrimitive.KEY_AGREEMENT)
        && GROUP_NAME.matcher(name).matches()
        && !allowedGroups.contains(name)) {
      return false;
    }
    if (primitives.contains(CryptoPrimitive.SIGNATURE) && !name.startsWith("tls_")) {
      return !weakSignature(name);
    }
    return true;
  }

  @Override
  public boolean permits(Set<CryptoPrimitive> primitives, Key key) {
    if (key instanceof RSAKey rsa) {
      return rsa.getModulus().bitLength() >= MIN_RSA_BITS;
    }
    if (key instanceof ECKey ec) {
      return ec.getParams().getCurve().getField().getFieldSize() >= MIN_EC_BITS;
    }
    return !(key instanceof DSAKey);
  }

  @Override
  public boolean permits(
      Set<CryptoPrimitive> primitives, String algorithm, Key key, @Nullable AlgorithmParameters parameters) {
    return permits(primitives, algorithm, parameters) && permits(primitives, key);
  }

  /** SHA-1, MD5 and SHA-224 digests, and DSA, in TLS scheme names and JCA signature names. */
  private static boolean weakSignature(String name) {
    return name.contains("sha1")
        || name.contains("md5")
        || name.contains("sha224")
        || name.startsWith("dsa")
        || name.endsWith("withdsa")
        || name.equals("dsa");
  }

  @Override
  public String toString() {
    return "PolicyAlgorithmConstraints[groups=" + allowedGroups + "]";
  }
}
