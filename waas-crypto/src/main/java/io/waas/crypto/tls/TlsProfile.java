package io.waas.crypto.tls;

import java.util.List;

/**
 * The protocol versions and cipher suites of a {@link TlsPolicy}, after Mozilla's server-side TLS
 * guidelines (version 5.7), mapped to JDK (IANA) suite names.
 *
 * <p>Both profiles offer only forward-secret AEAD suites and the same key-exchange groups ({@link
 * #namedGroups()}); they differ in whether TLS 1.2 is allowed. Unlike Mozilla's intermediate
 * configuration, {@link #INTERMEDIATE} leaves out the finite-field {@code DHE} suites: every TLS 1.2
 * client that matters supports ECDHE, and DHE adds slow handshakes and weak-group risks.
 */
@SuppressWarnings("ImmutableEnumChecker") // the lists are List.of(...), immutable
public enum TlsProfile {
  /** TLS 1.3 only; for services whose clients are all current (Java 11+, OpenSSL 1.1.1+, browsers from 2020). */
  MODERN(List.of("TLSv1.3"), Suites.TLS13),

  /**
   * TLS 1.3 and TLS 1.2; TLS 1.2 only with ECDHE key exchange, ECDSA or RSA certificates and
   * AES-GCM or ChaCha20-Poly1305. The general-purpose choice.
   */
  INTERMEDIATE(List.of("TLSv1.3", "TLSv1.2"), Suites.INTERMEDIATE);

  private final List<String> protocols;
  private final List<String> cipherSuites;

  TlsProfile(List<String> protocols, List<String> cipherSuites) {
    this.protocols = protocols;
    this.cipherSuites = cipherSuites;
  }

  /**
   * The protocol versions allowed, in JDK names ({@code TLSv1.3}, {@code TLSv1.2}).
   *
   * @return an immutable list
   */
  public List<String> protocols() {
    return protocols;
  }

  /**
   * The cipher suites allowed, in the server's order of preference (JDK / IANA names).
   *
   * @return an immutable list
   */
  public List<String> cipherSuites() {
    return cipherSuites;
  }

  /**
   * The key-exchange groups allowed: {@code x25519}, {@code secp256r1}, {@code secp384r1}.
   *
   * @return an immutable list
   */
  public List<String> namedGroups() {
    return Suites.GROUPS;
  }

  private static final class Suites {
    static final List<String> TLS13 =
        List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
    static final List<String> INTERMEDIATE =
        List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    static final List<String> GROUPS = List.of("x25519", "secp256r1", "secp384r1");

    private Suites() {}
  }
}
