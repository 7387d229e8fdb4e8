package io.waas.crypto.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The trust manager of a {@link TlsPolicy}'s contexts: the JDK's PKIX validation (plus pins, for
 * server certificates) and a second check of the policy on the connection being verified.
 *
 * <p>Design: the policy's protocols, suites and hostname verification are applied through {@code
 * SSLParameters}, which application code can still overwrite on a socket or engine. The trust
 * manager is part of the context and runs during every handshake that verifies a certificate
 * (every client handshake, and server handshakes with client certificates), so it re-checks
 * there that the negotiated protocol and suite are the policy's and, on clients, that hostname
 * verification is on and there is a host name to verify. A weakened connection then fails instead
 * of silently running below the policy. The two-argument {@code check...Trusted} methods, which get
 * no connection to check, are refused; JSSE never calls them on an {@link X509ExtendedTrustManager}.
 */
final class PolicyTrustManager extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager serverCertificates;
  private final X509ExtendedTrustManager clientCertificates;
  private final Set<String> protocols;
  private final Set<String> cipherSuites;
  private final boolean verifyHostnames;

  PolicyTrustManager(
      X509ExtendedTrustManager serverCertificates,
      X509ExtendedTrustManager clientCertificates,
      Set<String> protocols,
      Set<String> cipherSuites,
      boolean verifyHostnames) {
    this.serverCertificates = serverCertificates;
    this.clientCertificates = clientCertificates;
    this.protocols = Set.copyOf(protocols);
    this.cipherSuites = Set.copyOf(cipherSuites);
    this.verifyHostnames = verifyHostnames;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    if (!(socket instanceof SSLSocket ssl)) {
      throw new CertificateException("TLS policy: not an SSLSocket");
    }
    checkConnection(ssl.getHandshakeSession(), ssl.getSSLParameters(), true);
    serverCertificates.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkConnection(engine.getHandshakeSession(), engine.getSSLParameters(), true);
    serverCertificates.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    if (!(socket instanceof SSLSocket ssl)) {
      throw new CertificateException("TLS policy: not an SSLSocket");
    }
    checkConnection(ssl.getHandshakeSession(), ssl.getSSLParameters(), false);
    clientCertificates.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkConnection(engine.getHandshakeSession(), engine.getSSLParameters(), false);
    clientCertificates.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("TLS policy: certificates are only checked on a connection (SSLSocket or SSLEngine)");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw new CertificateException("TLS policy: certificates are only checked on a connection (SSLSocket or SSLEngine)");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return clientCertificates.getAcceptedIssuers();
  }

  private void checkConnection(@Nullable SSLSession session, SSLParameters parameters, boolean verifyingServer)
      throws CertificateException {
    if (session == null) {
      throw new CertificateException("TLS policy: no handshake in progress");
    }
    if (!protocols.contains(session.getProtocol())) {
      throw new CertificateException("TLS policy: protocol " + session.getProtocol() + " is not allowed " + protocols);
    }
    if (!cipherSuites.contains(session.getCipherSuite())) {
      throw new CertificateException("TLS policy: cipher suite " + session.getCipherSuite() + " is not allowed");
    }
    if (verifyingServer && verifyHostnames) {
      if (parameters.getEndpointIdentificationAlgorithm() == null) {
        throw new CertificateException(
            "TLS policy: hostname verification was switched off on this connection"
                + " (SSLParameters.setEndpointIdentificationAlgorithm(null)); the policy requires it");
      }
      if (session.getPeerHost() == null) {
        throw new CertificateException(
            "TLS policy: no peer host name to verify; create the client engine with TlsPolicy.newClientEngine(host,"
                + " port) or connect the socket to a host name");
      }
    }
  }

  @Override
  public String toString() {
    return "PolicyTrustManager[protocols=" + protocols + ", hostnameVerification=" + verifyHostnames + "]";
  }
}
