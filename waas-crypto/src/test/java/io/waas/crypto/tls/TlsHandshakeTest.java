package io.waas.crypto.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.crypto.tls.LoopbackServer.Outcome;
import io.waas.crypto.tls.TestPki.Issued;
import io.waas.crypto.tls.TlsTestClient.Exchange;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real handshakes on loopback between SDK clients and SDK servers (and plain JDK peers as
 * controls), for both profiles, with mutual TLS, pins, and every refusal the policy promises.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TlsHandshakeTest {
  private static final String ECDHE_ECDSA_AES128 = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

  static TestPki pki() throws Exception {
    return TestPki.shared();
  }

  static TlsTrustAnchors ca() throws Exception {
    return TlsTrustAnchors.fromPem(pki().ca.certFile());
  }

  static TlsPolicy server(TlsPolicy.Builder b, Issued identity, boolean mutualTls) throws Exception {
    b.identity(identity.identity()).trustAnchors(ca());
    if (mutualTls) {
      b.requireClientCertificates();
    }
    return b.build();
  }

  static TlsPolicy client(TlsPolicy.Builder b, @Nullable Issued identity) throws Exception {
    if (identity != null) {
      b.identity(identity.identity());
    }
    return b.trustAnchors(ca()).build();
  }

  @Test
  void modern_mutualTls_negotiatesTls13AndAuthenticatesBothSides() throws Exception {
    TlsPolicy server = server(TlsPolicy.modern(), pki().server, true);
    TlsPolicy client = client(TlsPolicy.modern(), pki().client);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      Exchange x = TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port());
      assertEquals("TLSv1.3", x.protocol());
      assertTrue(TlsProfile.MODERN.cipherSuites().contains(x.cipherSuite()), x.cipherSuite());
      assertEquals("echo:ping", x.reply());
      Outcome o = s.next().successOrFail();
      assertEquals("TLSv1.3", o.protocol());
      assertEquals("CN=billing-service", o.clientPrincipal());
    }
  }

  @Test
  void intermediate_mutualTls_negotiatesTls13() throws Exception {
    TlsPolicy server = server(TlsPolicy.intermediate(), pki().server, true);
    TlsPolicy client = client(TlsPolicy.intermediate(), pki().client);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      Exchange x = TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port());
      assertEquals("TLSv1.3", x.protocol());
      assertEquals("TLS_AES_128_GCM_SHA256", x.cipherSuite(), "server order: AES-128-GCM first");
      assertEquals("CN=billing-service", s.next().successOrFail().clientPrincipal());
    }
  }

  @Test
  void intermediate_tls12MutualTls_serverCipherOrderWins() throws Exception {
    TlsPolicy server = server(TlsPolicy.intermediate(), pki().server, true);
    TlsPolicy client = client(TlsPolicy.intermediate(), pki().client);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      Exchange x =
          TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port(), sock -> {
            sock.setEnabledProtocols(new String[] {"TLSv1.2"});
            // the client prefers ChaCha20, then AES-256; the server's order puts AES-128-GCM first
            sock.setEnabledCipherSuites(new String[] {
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                ECDHE_ECDSA_AES128});
          });
      assertEquals("TLSv1.2", x.protocol());
      assertEquals(ECDHE_ECDSA_AES128, x.cipherSuite());
      Outcome o = s.next().successOrFail();
      assertEquals("TLSv1.2", o.protocol());
      assertEquals("CN=billing-service", o.clientPrincipal());
    }
  }

  @Test
  void intermediate_rsaCertificateOverTls12_usesEcdheRsaAead() throws Exception {
    TlsPolicy server = server(TlsPolicy.intermediate(), pki().serverRsa, false);
    TlsPolicy client = client(TlsPolicy.intermediate(), null);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      Exchange x = TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port(),
          sock -> sock.setEnabledProtocols(new String[] {"TLSv1.2"}));
      assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", x.cipherSuite());
      s.next().successOrFail();
    }
  }

  @Test
  void modernServer_tls12OnlyClient_refused() throws Exception {
    TlsPolicy server = server(TlsPolicy.modern(), pki().server, false);
    TlsPolicy client = client(TlsPolicy.intermediate(), null);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      assertThrows(SSLHandshakeException.class, () -> TlsTestClient.exchange(client.clientSocketFactory(),
          "localhost", s.port(), sock -> sock.setEnabledProtocols(new String[] {"TLSv1.2"})));
      Exception refused = s.next().failureOrFail();
      assertTrue(refused instanceof SSLHandshakeException, refused.toString());
      assertTrue(String.valueOf(refused.getMessage()).contains("TLSv1.2"), refused.toString());
    }
  }

  @Test
  void server_clientOfferingOnlyRsaCbcSuite_refused() throws Exception {
    Issued rsa = pki().serverRsa;
    SSLContext plainClient = TestPki.plainJdkContext(pki().client.key(), List.of(pki().client.certificate()),
        pki().ca.certificate());
    String weak = "TLS_RSA_WITH_AES_128_CBC_SHA";
    // control: the JDK's defaults accept this suite, so the refusal below is the policy's
    SSLContext plainServer = TestPki.plainJdkContext(rsa.key(), List.of(rsa.certificate()), pki().ca.certificate());
    try (LoopbackServer s = LoopbackServer.start(plainServer.getServerSocketFactory())) {
      Exchange x = TlsTestClient.exchange(plainClient.getSocketFactory(), "localhost", s.port(), sock -> {
        sock.setEnabledProtocols(new String[] {"TLSv1.2"});
        sock.setEnabledCipherSuites(new String[] {weak});
      });
      assertEquals(weak, x.cipherSuite());
    }
    TlsPolicy server = server(TlsPolicy.intermediate(), rsa, false);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      assertThrows(SSLHandshakeException.class, () ->
          TlsTestClient.exchange(plainClient.getSocketFactory(), "localhost", s.port(), sock -> {
            sock.setEnabledProtocols(new String[] {"TLSv1.2"});
            sock.setEnabledCipherSuites(new String[] {weak});
          }));
      Exception refused = s.next().failureOrFail();
      assertTrue(refused instanceof SSLHandshakeException, refused.toString());
      assertTrue(String.valueOf(refused.getMessage()).contains("cipher suites in common"), refused.toString());
    }
  }

  @Test
  void client_untrustedServerCertificate_refused() throws Exception {
    TlsPolicy server = server(TlsPolicy.intermediate(), pki().untrustedServer, false);
    TlsPolicy client = client(TlsPolicy.intermediate(), null);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port()));
      assertTrue(String.valueOf(e.getMessage()).contains("PKIX path building failed"), e.toString());
      Causes.find(e, java.security.cert.CertPathBuilderException.class);
    }
  }

  @Test
  void client_hostnameMismatch_refused() throws Exception {
    TlsPolicy server = server(TlsPolicy.intermediate(), pki().wrongHostServer, false);
    TlsPolicy client = client(TlsPolicy.intermediate(), null);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port()));
      CertificateException cause = Causes.find(e, CertificateException.class);
      assertTrue(String.valueOf(cause.getMessage()).contains("localhost"), cause.toString());
      // the same certificate is accepted for the name it was issued to
      assertEquals("echo:ping", TlsTestClient.exchange(client.clientSocketFactory(), "other.example", s.port()).reply());
    }
  }

  @Test
  void insecureSkipHostnameVerification_acceptsWrongHostButStillValidatesChain() throws Exception {
    TlsPolicy client = TlsPolicy.intermediate().trustAnchors(ca()).insecureSkipHostnameVerification().build();
    assertFalse(client.verifiesHostnames());
    try (LoopbackServer s = LoopbackServer.start(
        server(TlsPolicy.intermediate(), pki().wrongHostServer, false).serverSocketFactory())) {
      assertEquals("echo:ping", TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port()).reply());
    }
    try (LoopbackServer s = LoopbackServer.start(
        server(TlsPolicy.intermediate(), pki().untrustedServer, false).serverSocketFactory())) {
      assertThrows(SSLHandshakeException.class,
          () -> TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port()));
    }
  }

  @Test
  void client_hostnameVerificationSwitchedOffOnSocket_stillVerifies() throws Exception {
    TlsPolicy server = server(TlsPolicy.intermediate(), pki().wrongHostServer, false);
    TlsPolicy client = client(TlsPolicy.intermediate(), null);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port(), sock -> {
            SSLParameters p = sock.getSSLParameters();
            p.setEndpointIdentificationAlgorithm(null);
            sock.setSSLParameters(p);
          }));
      CertificateException cause = Causes.find(e, CertificateException.class);
      assertTrue(String.valueOf(cause.getMessage()).contains("matching localhost"), cause.toString());
    }
  }

  @Test
  void policyTrustManager_connectionWithoutHostnameVerification_refused() throws Exception {
    // a context that does not apply the policy's parameters, only its trust manager (as a
    // provider or library that builds engines itself would): the trust manager still refuses
    TlsPolicy server = server(TlsPolicy.intermediate(), pki().server, false);
    X509ExtendedTrustManager pkix = ca().pkixTrustManager();
    PolicyTrustManager tm = new PolicyTrustManager(pkix, pkix, Set.copyOf(TlsProfile.INTERMEDIATE.protocols()),
        Set.copyOf(TlsProfile.INTERMEDIATE.cipherSuites()), true);
    SSLContext bare = SSLContext.getInstance("TLS");
    bare.init(null, new TrustManager[] {tm}, null);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> TlsTestClient.exchange(bare.getSocketFactory(), "localhost", s.port()));
      CertificateException cause = Causes.find(e, CertificateException.class);
      assertTrue(String.valueOf(cause.getMessage()).contains("hostname verification was switched off"), cause.toString());
    }
  }

  @Test
  void client_cbcSuiteEnabledOnSocket_refusedByTrustManager() throws Exception {
    String cbc = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
    Issued id = pki().server;
    SSLContext plainServer = TestPki.plainJdkContext(id.key(), List.of(id.certificate()), pki().ca.certificate());
    TlsPolicy client = client(TlsPolicy.intermediate(), null);
    try (LoopbackServer s = LoopbackServer.start(plainServer.getServerSocketFactory())) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port(), sock -> {
            sock.setEnabledProtocols(new String[] {"TLSv1.2"});
            sock.setEnabledCipherSuites(new String[] {cbc});
          }));
      CertificateException cause = Causes.find(e, CertificateException.class);
      assertTrue(String.valueOf(cause.getMessage()).contains("cipher suite " + cbc + " is not allowed"), cause.toString());
    }
  }

  @Test
  void client_sha1SignedServerCertificate_refused() throws Exception {
    Issued sha1 = pki().sha1SignedServer;
    SSLContext plainServer = TestPki.plainJdkContext(sha1.key(), List.of(sha1.certificate()), pki().ca.certificate());
    SSLContext plainClient = TestPki.plainJdkContext(pki().client.key(), List.of(pki().client.certificate()),
        pki().ca.certificate());
    TlsPolicy client = client(TlsPolicy.intermediate(), null);
    try (LoopbackServer s = LoopbackServer.start(plainServer.getServerSocketFactory())) {
      // control: the JDK's defaults accept a SHA-1 signature from a private CA
      assertEquals("echo:ping", TlsTestClient.exchange(plainClient.getSocketFactory(), "localhost", s.port(), sock -> {
        SSLParameters p = sock.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        sock.setSSLParameters(p);
      }).reply());
      // the policy client does not advertise SHA-1 in signature_algorithms_cert, so the JDK server
      // has no acceptable certificate; OpenSslInteropTest shows validation refusing one sent anyway
      assertThrows(SSLHandshakeException.class,
          () -> TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port()));
    }
  }

  @Test
  void server_mutualTlsWithoutClientCertificate_refused() throws Exception {
    TlsPolicy server = server(TlsPolicy.intermediate(), pki().server, true);
    TlsPolicy client = client(TlsPolicy.intermediate(), null);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      assertThrows(IOException.class,
          () -> TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port()));
      Exception refused = s.next().failureOrFail();
      assertTrue(refused instanceof SSLHandshakeException, refused.toString());
      assertTrue(String.valueOf(refused.getMessage()).contains("Empty client certificate chain"), refused.toString());
    }
  }

  @Test
  void server_mutualTlsUntrustedClientCertificate_refused() throws Exception {
    TlsPolicy server = server(TlsPolicy.intermediate(), pki().server, true);
    TlsPolicy client = client(TlsPolicy.intermediate(), pki().untrustedClient);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      assertThrows(IOException.class,
          () -> TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port()));
      Exception refused = s.next().failureOrFail();
      assertTrue(refused instanceof SSLHandshakeException, refused.toString());
      Causes.find(refused, java.security.cert.CertPathBuilderException.class);
    }
  }

  @Test
  void httpClient_mutualTls_overClientEngines() throws Exception {
    TlsPolicy server = server(TlsPolicy.modern(), pki().server, true);
    TlsPolicy client = client(TlsPolicy.modern(), pki().client);
    try (LoopbackServer s = LoopbackServer.startHttp(server.serverSocketFactory())) {
      HttpClient http = client.newHttpClientBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("https://localhost:" + s.port() + "/")).timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertEquals("TLSv1.3 TLS_AES_128_GCM_SHA256 CN=billing-service", response.body());
      assertEquals("CN=billing-service", s.next().successOrFail().clientPrincipal());
    }
  }

  @Test
  void httpClient_untrustedServer_refused() throws Exception {
    TlsPolicy server = server(TlsPolicy.modern(), pki().untrustedServer, false);
    TlsPolicy client = client(TlsPolicy.modern(), null);
    try (LoopbackServer s = LoopbackServer.startHttp(server.serverSocketFactory())) {
      HttpClient http = client.newHttpClientBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("https://localhost:" + s.port() + "/")).timeout(Duration.ofSeconds(10)).build();
      IOException e = assertThrows(IOException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
      Causes.find(e, java.security.cert.CertPathBuilderException.class);
    }
  }

  @Test
  void engines_clientAndServer_handshakeInMemory() throws Exception {
    TlsPolicy server = server(TlsPolicy.intermediate(), pki().server, true);
    TlsPolicy client = client(TlsPolicy.intermediate(), pki().client);
    SSLEngine serverEngine = server.newServerEngine();
    SSLEngine clientEngine = client.newClientEngine("localhost", 443);
    assertTrue(serverEngine.getNeedClientAuth());
    assertEquals("HTTPS", clientEngine.getSSLParameters().getEndpointIdentificationAlgorithm());
    EngineHandshake.run(clientEngine, serverEngine);
    assertEquals("TLSv1.3", clientEngine.getSession().getProtocol());
    assertEquals("CN=billing-service", serverEngine.getSession().getPeerPrincipal().getName());
    assertEquals("CN=localhost", clientEngine.getSession().getPeerPrincipal().getName());
  }

  @Test
  void engines_clientEngineWithoutHost_refused() throws Exception {
    TlsPolicy server = server(TlsPolicy.intermediate(), pki().server, false);
    TlsPolicy client = client(TlsPolicy.intermediate(), null);
    SSLEngine clientEngine = client.clientContext().createSSLEngine();
    SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
        () -> EngineHandshake.run(clientEngine, server.newServerEngine()));
    CertificateException cause = Causes.find(e, CertificateException.class);
    assertTrue(String.valueOf(cause.getMessage()).contains("no peer host name"), cause.toString());
  }

  @Test
  void handshake_concurrentClientsSharingOnePolicy_allSucceed() throws Exception {
    TlsPolicy server = server(TlsPolicy.intermediate(), pki().server, true);
    // pins too, so the pinning trust manager is shared between the threads as well
    TlsPolicy client =
        client(TlsPolicy.intermediate().pinPublicKeys(pki().ca.pin(), pki().spareKey.pin()), pki().client);
    SSLSocketFactory shared = client.clientSocketFactory();
    int threads = 8;
    int perThread = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        boolean tls12 = t % 2 == 0;
        results.add(pool.submit(() -> {
          List<String> protocols = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            SSLSocketFactory f = i % 2 == 0 ? shared : client.clientSocketFactory();
            Exchange x = TlsTestClient.exchange(f, "localhost", s.port(), sock -> {
              if (tls12) {
                sock.setEnabledProtocols(new String[] {"TLSv1.2"});
              }
            });
            assertEquals("echo:ping", x.reply());
            protocols.add(x.protocol());
          }
          return protocols;
        }));
      }
      int tls12 = 0;
      for (Future<List<String>> f : results) {
        for (String protocol : f.get(40, TimeUnit.SECONDS)) {
          tls12 += protocol.equals("TLSv1.2") ? 1 : 0;
        }
      }
      assertEquals(threads * perThread / 2, tls12);
      for (int i = 0; i < threads * perThread; i++) {
        assertEquals("CN=billing-service", s.next().successOrFail().clientPrincipal());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
