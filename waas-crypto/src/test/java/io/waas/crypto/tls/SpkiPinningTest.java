package io.waas.crypto.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.crypto.tls.TestPki.Issued;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Public-key pinning in real handshakes: pins add to chain validation and cannot be faked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SpkiPinningTest {
  private static TestPki pki() throws Exception {
    return TestPki.shared();
  }

  private static LoopbackServer policyServer(Issued identity) throws Exception {
    TlsPolicy server = TlsPolicy.intermediate().identity(identity.identity()).build();
    return LoopbackServer.start(server.serverSocketFactory());
  }

  private static TlsPolicy pinningClient(TlsTrustAnchors anchors, SpkiPin current, SpkiPin backup) throws Exception {
    return TlsPolicy.intermediate().trustAnchors(anchors).pinPublicKeys(current, backup).build();
  }

  @Test
  void client_pinnedLeafKey_connects() throws Exception {
    TlsPolicy client = pinningClient(TlsTrustAnchors.fromPem(pki().ca.certFile()), pki().server.pin(), pki().spareKey.pin());
    try (LoopbackServer s = policyServer(pki().server)) {
      assertEquals("echo:ping", TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port()).reply());
    }
  }

  @Test
  void client_pinnedCaKeyNotSentByServer_connects() throws Exception {
    TlsPolicy client = pinningClient(TlsTrustAnchors.fromPem(pki().ca.certFile()), pki().spareKey.pin(), pki().ca.pin());
    try (LoopbackServer s = policyServer(pki().server)) {
      assertEquals("echo:ping", TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port()).reply());
    }
  }

  @Test
  void client_wrongPins_refusedWithPinMismatch() throws Exception {
    TlsPolicy client =
        pinningClient(TlsTrustAnchors.fromPem(pki().ca.certFile()), pki().spareKey.pin(), pki().otherCa.pin());
    try (LoopbackServer s = policyServer(pki().server)) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port()));
      SpkiPinMismatchException mismatch = Causes.find(e, SpkiPinMismatchException.class);
      assertTrue(String.valueOf(mismatch.getMessage()).contains(pki().server.pin().toString()), mismatch.toString());
    }
  }

  @Test
  void client_pinnedKeyButUntrustedChain_refusedByValidation() throws Exception {
    // the pin matches the server's key, but its CA is not trusted: a pin never replaces validation
    TlsPolicy client = pinningClient(
        TlsTrustAnchors.fromPem(pki().ca.certFile()), pki().untrustedServer.pin(), pki().otherCa.pin());
    try (LoopbackServer s = policyServer(pki().untrustedServer)) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> TlsTestClient.exchange(client.clientSocketFactory(), "localhost", s.port()));
      Causes.find(e, java.security.cert.CertPathBuilderException.class);
      assertFalse(Causes.has(e, SpkiPinMismatchException.class));
    }
  }

  @Test
  void client_pinnedCertificateAppendedToForeignChain_refused() throws Exception {
    // The client trusts two CAs (like public roots) and pins the key of one. A server holding a
    // valid certificate from the other CA appends the pinned (public) CA certificate to its chain.
    X509Certificate[] anchors = {pki().ca.certificate(), pki().otherCa.certificate()};
    TlsTrustAnchors both = TlsTrustAnchors.of(List.of(anchors));
    Issued foreign = pki().untrustedServer;
    SSLContext attacker = TestPki.rawChainContext(foreign.key(), foreign.certificate(), pki().ca.certificate());
    TlsPolicy unpinned = TlsPolicy.intermediate().trustAnchors(both).build();
    TlsPolicy pinned = pinningClient(both, pki().ca.pin(), pki().spareKey.pin());
    try (LoopbackServer s = LoopbackServer.start(attacker.getServerSocketFactory())) {
      // control: the chain itself is valid (through the other CA)
      assertEquals("echo:ping", TlsTestClient.exchange(unpinned.clientSocketFactory(), "localhost", s.port()).reply());
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> TlsTestClient.exchange(pinned.clientSocketFactory(), "localhost", s.port()));
      Causes.find(e, SpkiPinMismatchException.class);
    }
  }

  @Test
  void spkiPinningTrustManager_standalone_wrapsPlainJdkContext() throws Exception {
    SpkiPinningTrustManager tm = SpkiPinningTrustManager.wrap(
        TlsTrustAnchors.fromPem(pki().ca.certFile()).pkixTrustManager(), List.of(pki().otherCa.pin()));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {tm}, null);
    try (LoopbackServer s = policyServer(pki().server)) {
      SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
          () -> TlsTestClient.exchange(ctx.getSocketFactory(), "localhost", s.port()));
      Causes.find(e, SpkiPinMismatchException.class);
    }
    SpkiPinningTrustManager ok = SpkiPinningTrustManager.wrap(
        TlsTrustAnchors.fromPem(pki().ca.certFile()).pkixTrustManager(), List.of(pki().ca.pin()));
    SSLContext ctx2 = SSLContext.getInstance("TLS");
    ctx2.init(null, new TrustManager[] {ok}, null);
    try (LoopbackServer s = policyServer(pki().server)) {
      assertEquals("echo:ping", TlsTestClient.exchange(ctx2.getSocketFactory(), "localhost", s.port()).reply());
    }
  }

  @Test
  void signaturePath_followsSignaturesNotPresentedOrder() throws Exception {
    X509Certificate[] chain = {pki().untrustedServer.certificate(), pki().ca.certificate()};
    X509Certificate[] anchors = {pki().otherCa.certificate()};
    List<X509Certificate> path = SpkiPinningTrustManager.signaturePath(chain, anchors);
    assertEquals(List.of(pki().untrustedServer.certificate(), pki().otherCa.certificate()), path);
  }
}
