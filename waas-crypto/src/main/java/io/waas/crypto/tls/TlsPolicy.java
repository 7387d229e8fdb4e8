package io.waas.crypto.tls;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A TLS configuration for servers and clients: which protocol versions, cipher suites, groups and
 * signature algorithms are allowed, who the endpoint is ({@link TlsIdentity}), whom it trusts
 * ({@link TlsTrustAnchors}), whether servers require client certificates, and optional public-key
 * pins.
 *
 * <pre>{@code
 * TlsPolicy server = TlsPolicy.intermediate()
 *     .identity(TlsIdentity.fromPem(Path.of("server.pem"), Path.of("server.key")))
 *     .trustAnchors(TlsTrustAnchors.fromPem(Path.of("internal-ca.pem")))
 *     .requireClientCertificates()
 *     .build();
 * SSLServerSocket listener = (SSLServerSocket) server.serverSocketFactory().createServerSocket(8443);
 *
 * TlsPolicy client = TlsPolicy.modern()
 *     .identity(TlsIdentity.fromPem(Path.of("client.pem"), Path.of("client.key")))
 *     .trustAnchors(TlsTrustAnchors.fromPem(Path.of("internal-ca.pem")))
 *     .build();
 * HttpClient http = client.newHttpClientBuilder().build();
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Only the profile's protocols ({@link TlsProfile}): never SSL 3.0, TLS 1.0 or 1.1; {@link
 *       #modern()} also refuses TLS 1.2. A peer offering nothing else fails the handshake.
 *   <li>Only forward-secret AEAD cipher suites (ECDHE with AES-GCM or ChaCha20-Poly1305; the TLS 1.3
 *       suites). No CBC, RSA key transport, 3DES, RC4, NULL or anonymous suites. Servers choose by
 *       their own order of preference.
 *   <li>Key exchange only over x25519, secp256r1 and secp384r1; no finite-field groups.
 *   <li>No SHA-1, MD5, SHA-224 or DSA signatures, in the handshake or in certificate chains; RSA
 *       keys of at least 2048 bits, EC keys of at least 256 bits (own and peers').
 *   <li>Clients validate the server's chain to the trust anchors and verify its host name (HTTPS
 *       rules, RFC 2818/6125) unless built with {@link Builder#insecureSkipHostnameVerification()}.
 *   <li>With {@link Builder#requireClientCertificates()}, servers refuse clients without a
 *       certificate chaining to the trust anchors (mutual TLS); only explicit anchors are allowed,
 *       never the JDK's public CAs.
 *   <li>With pins, clients additionally require a pinned key on the server's path; a pin never
 *       replaces validation.
 *   <li>The contexts apply all of this to every engine and socket they create; their trust manager
 *       re-checks protocol, suite and hostname verification on each handshake that verifies a
 *       certificate, so a connection whose parameters were later weakened fails closed.
 * </ul>
 *
 * <p>Limits: revocation is not checked (use short-lived certificates); the JDK's own limits also
 * apply ({@code jdk.tls.disabledAlgorithms} can only remove more); renegotiation and session
 * tickets follow the JDK's defaults; the server side re-checks the negotiated protocol only when it
 * verifies a client certificate, so a server engine whose parameters the application overwrites
 * after creation is the application's responsibility.
 *
 * <p>Instances are immutable and thread-safe; the contexts, factories and parameters they hand out
 * may be shared between threads (each {@code SSLParameters} is a fresh copy; engines and sockets,
 * as always, belong to one connection).
 */
public final class TlsPolicy {
  private static final String HOSTNAME_VERIFICATION = "HTTPS";

  private final TlsProfile profile;
  private final @Nullable TlsIdentity identity;
  private final TlsTrustAnchors trustAnchors;
  private final boolean clientCertificatesRequired;
  private final boolean hostnameVerification;
  private final Set<SpkiPin> pins;
  private final List<String> protocols;
  private final List<String> cipherSuites;
  private final PolicyAlgorithmConstraints constraints;
  private final SSLContext clientContext;
  private final @Nullable SSLContext serverContext;

  private TlsPolicy(Builder b) throws TlsConfigurationException {
    this.profile = b.profile;
    this.identity = b.identity;
    this.trustAnchors = b.trustAnchors;
    this.clientCertificatesRequired = b.clientCertificatesRequired;
    this.hostnameVerification = b.hostnameVerification;
    this.pins = Set.copyOf(b.pins);
    this.constraints = new PolicyAlgorithmConstraints(Set.copyOf(profile.namedGroups()));

    X509ExtendedTrustManager pkix = trustAnchors.pkixTrustManager();
    X509ExtendedTrustManager serverCertificates = pins.isEmpty() ? pkix : SpkiPinningTrustManager.wrap(pkix, pins);
    SSLContext base;
    try {
      TrustManager tm =
          new PolicyTrustManager(
              serverCertificates,
              pkix,
              Set.copyOf(profile.protocols()),
              Set.copyOf(profile.cipherSuites()),
              hostnameVerification);
      KeyManager[] km = identity == null ? new KeyManager[0] : new KeyManager[] {new IdentityKeyManager(identity)};
      base = SSLContext.getInstance("TLS");
      base.init(km, new TrustManager[] {tm}, null);
      SSLParameters supported = base.getSupportedSSLParameters();
      this.protocols = supportedSubset(profile.protocols(), supported.getProtocols(), "protocols");
      this.cipherSuites = supportedSubset(profile.cipherSuites(), supported.getCipherSuites(), "cipher suites");
    } catch (TlsConfigurationException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException("cannot initialise a JSSE TLS context: " + e.getClass().getSimpleName(), e);
    }
    this.clientContext = new PolicySslContext(base, TlsRole.CLIENT, this::clientParameters);
    this.serverContext =
        identity == null ? null : new PolicySslContext(base, TlsRole.SERVER, this::serverParameters);
  }

  private static List<String> supportedSubset(List<String> wanted, String[] supported, String what)
      throws TlsConfigurationException {
    Set<String> available = Set.of(supported);
    List<String> result = new ArrayList<>();
    for (String w : wanted) {
      if (available.contains(w)) {
        result.add(w);
      }
    }
    if (result.isEmpty()) {
      throw new TlsConfigurationException("the JSSE provider supports none of the policy's " + what + " " + wanted);
    }
    return List.copyOf(result);
  }

  /**
   * Starts a policy with the {@link TlsProfile#MODERN} profile: TLS 1.3 only.
   *
   * @return a builder
   */
  public static Builder modern() {
    return new Builder(TlsProfile.MODERN);
  }

  /**
   * Starts a policy with the {@link TlsProfile#INTERMEDIATE} profile: TLS 1.3 and TLS 1.2 with
   * ECDHE and AEAD suites only. The choice when some peers may not speak TLS 1.3.
   *
   * @return a builder
   */
  public static Builder intermediate() {
    return new Builder(TlsProfile.INTERMEDIATE);
  }

  /**
   * Starts a policy with a profile.
   *
   * @param profile the protocol and cipher suite profile
   * @return a builder
   */
  public static Builder builder(TlsProfile profile) {
    return new Builder(profile);
  }

  /**
   * The profile.
   *
   * @return the profile this policy was built from
   */
  public TlsProfile profile() {
    return profile;
  }

  /**
   * The protocol versions enabled (the profile's, as supported by the running JDK).
   *
   * @return an immutable list
   */
  public List<String> protocols() {
    return protocols;
  }

  /**
   * The cipher suites enabled, in the server's order of preference.
   *
   * @return an immutable list
   */
  public List<String> cipherSuites() {
    return cipherSuites;
  }

  /**
   * Whether servers of this policy require client certificates.
   *
   * @return {@code true} if built with {@link Builder#requireClientCertificates()}
   */
  public boolean requiresClientCertificates() {
    return clientCertificatesRequired;
  }

  /**
   * Whether clients of this policy verify the server's host name.
   *
   * @return {@code false} only if built with {@link Builder#insecureSkipHostnameVerification()}
   */
  public boolean verifiesHostnames() {
    return hostnameVerification;
  }

  /**
   * The pinned server keys.
   *
   * @return an immutable set; empty if nothing is pinned
   */
  public Set<SpkiPin> pins() {
    return pins;
  }

  /**
   * The parameters for a server connection: the profile's protocols and suites in server order,
   * the groups and signature restrictions, and client certificates if required.
   *
   * @return a fresh, mutable copy
   */
  public SSLParameters serverParameters() {
    SSLParameters p = common();
    if (clientCertificatesRequired) {
      p.setNeedClientAuth(true);
    }
    return p;
  }

  /**
   * The parameters for a client connection: the profile's protocols and suites, the groups and
   * signature restrictions, and hostname verification ({@code "HTTPS"} endpoint identification).
   *
   * @return a fresh, mutable copy
   */
  public SSLParameters clientParameters() {
    SSLParameters p = common();
    if (hostnameVerification) {
      p.setEndpointIdentificationAlgorithm(HOSTNAME_VERIFICATION);
    }
    return p;
  }

  private SSLParameters common() {
    SSLParameters p = new SSLParameters(cipherSuites.toArray(new String[0]), protocols.toArray(new String[0]));
    p.setUseCipherSuitesOrder(true);
    p.setAlgorithmConstraints(constraints);
    return p;
  }

  /**
   * The context for client connections. Its engines are in client mode with {@link
   * #clientParameters()}, its socket factory is {@link #clientSocketFactory()}; it presents the
   * identity, if any, when a server asks for a client certificate. It cannot be re-initialised.
   *
   * @return the shared, thread-safe context
   */
  public SSLContext clientContext() {
    return clientContext;
  }

  /**
   * The context for server connections. Its engines are in server mode with {@link
   * #serverParameters()}; it cannot be re-initialised.
   *
   * @return the shared, thread-safe context
   * @throws IllegalStateException if the policy has no {@link Builder#identity(TlsIdentity)}
   */
  public SSLContext serverContext() {
    if (serverContext == null) {
      throw new IllegalStateException("this TLS policy has no identity; a server needs Builder.identity(...)");
    }
    return serverContext;
  }

  /**
   * A socket factory for clients. {@code createSocket(host, port)} and {@code createSocket(socket,
   * host, port, autoClose)} verify the server's certificate against {@code host}.
   *
   * @return a thread-safe factory
   */
  public SSLSocketFactory clientSocketFactory() {
    return clientContext.getSocketFactory();
  }

  /**
   * A server socket factory; accepted connections follow {@link #serverParameters()}.
   *
   * @return a thread-safe factory
   * @throws IllegalStateException if the policy has no identity
   */
  public SSLServerSocketFactory serverSocketFactory() {
    return serverContext().getServerSocketFactory();
  }

  /**
   * A client engine for a connection to {@code host}, which is sent as SNI and verified against the
   * server's certificate.
   *
   * @param host the server's host name (or IP address literal)
   * @param port the server's port, used for session resumption
   * @return a new engine in client mode with {@link #clientParameters()}
   */
  public SSLEngine newClientEngine(String host, int port) {
    return clientContext.createSSLEngine(host, port);
  }

  /**
   * A server engine for one accepted connection.
   *
   * @return a new engine in server mode with {@link #serverParameters()}
   * @throws IllegalStateException if the policy has no identity
   */
  public SSLEngine newServerEngine() {
    return serverContext().createSSLEngine();
  }

  /**
   * An {@link HttpClient} builder using {@link #clientContext()} and {@link #clientParameters()}.
   * The HTTP client verifies host names itself as well; do not replace its SSL parameters.
   *
   * @return a new builder
   */
  public HttpClient.Builder newHttpClientBuilder() {
    return HttpClient.newBuilder().sslContext(clientContext).sslParameters(clientParameters());
  }

  /** Names the profile, identity subject, anchors and options; never key material. */
  @Override
  public String toString() {
    return "TlsPolicy[" + profile + ", protocols=" + protocols + ", identity=" + identity + ", trust=" + trustAnchors
        + ", clientCertificates=" + (clientCertificatesRequired ? "required" : "not requested")
        + ", hostnameVerification=" + (hostnameVerification ? "on" : "OFF (insecure)") + ", pins=" + pins.size() + "]";
  }

  /**
   * Collects the settings of a {@link TlsPolicy}. Not thread-safe; {@link #build()} validates and
   * returns an immutable policy.
   */
  public static final class Builder {
    private final TlsProfile profile;
    private @Nullable TlsIdentity identity;
    private TlsTrustAnchors trustAnchors = TlsTrustAnchors.jdkDefault();
    private boolean clientCertificatesRequired;
    private boolean hostnameVerification = true;
    private final Set<SpkiPin> pins = new LinkedHashSet<>();

    private Builder(TlsProfile profile) {
      this.profile = profile;
    }

    /**
     * Sets the certificate and key this endpoint presents: required for servers, and for clients
     * of servers that require client certificates.
     *
     * @param identity the identity
     * @return this builder
     */
    public Builder identity(TlsIdentity identity) {
      this.identity = identity;
      return this;
    }

    /**
     * Sets whom this endpoint trusts: the CAs for server certificates (clients) and client
     * certificates (servers). Default: {@link TlsTrustAnchors#jdkDefault()}.
     *
     * @param anchors the trust anchors
     * @return this builder
     */
    public Builder trustAnchors(TlsTrustAnchors anchors) {
      this.trustAnchors = anchors;
      return this;
    }

    /**
     * Makes servers require a client certificate that chains to the trust anchors (mutual TLS). The
     * anchors must be explicit, see {@link #build()}.
     *
     * @return this builder
     */
    public Builder requireClientCertificates() {
      this.clientCertificatesRequired = true;
      return this;
    }

    /**
     * Pins the server's public key: clients accept a server only if its chain is valid <em>and</em>
     * one of the keys on its path (leaf, intermediate or root) is pinned. Two pins at least: the
     * key in use and a backup key that is not deployed yet, so that losing or replacing one key
     * does not lock every client out. Pins apply only to server certificates, not to client ones.
     *
     * @param current the pin of a key in use
     * @param backup the pin of a backup key (kept offline, or the next CA's)
     * @param more further pins
     * @return this builder
     * @throws IllegalArgumentException if {@code current} and {@code backup} are the same pin
     */
    public Builder pinPublicKeys(SpkiPin current, SpkiPin backup, SpkiPin... more) {
      if (current.equals(backup)) {
        throw new IllegalArgumentException("the backup pin must differ from the current one: " + current);
      }
      pins.add(current);
      pins.add(backup);
      pins.addAll(Arrays.asList(more));
      return this;
    }

    /**
     * INSECURE: clients accept a valid certificate for any host name, so any holder of a
     * certificate from the trust anchors can impersonate any server. Only for peers addressed by
     * names their certificates cannot carry, combined with a private CA or pins. The chain is still
     * validated.
     *
     * @return this builder
     */
    public Builder insecureSkipHostnameVerification() {
      this.hostnameVerification = false;
      return this;
    }

    /**
     * Validates the settings and builds the policy, with its JSSE contexts.
     *
     * @return the immutable policy
     * @throws TlsConfigurationException if client certificates are required but the trust anchors
     *     are the JDK's public CAs, or the JSSE provider cannot support the profile
     */
    public TlsPolicy build() throws TlsConfigurationException {
      if (clientCertificatesRequired && trustAnchors.isJdkDefault()) {
        throw new TlsConfigurationException(
            "requireClientCertificates() needs explicit trust anchors (trustAnchors(...)): with the JDK's public CAs"
                + " anyone with a publicly issued certificate would be accepted as a client");
      }
      return new TlsPolicy(this);
    }
  }
}
