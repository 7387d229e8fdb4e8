package io.waas.crypto.tls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.crypto.tls.LoopbackServer.Outcome;
import io.waas.crypto.tls.OpenSsl.Result;
import io.waas.crypto.tls.TestPki.Issued;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interoperability with OpenSSL 3 in both directions: SDK clients against {@code openssl s_server},
 * {@code openssl s_client} against SDK servers, and OpenSSL clients offering what the policy
 * refuses. Where the refusal could also come from the JDK's own defaults, a plain JDK server with
 * the same certificate is the control that accepts it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OpenSslInteropTest {
  private static TestPki pki() throws Exception {
    return TestPki.shared();
  }

  @BeforeEach
  void requireOpenSsl() {
    OpenSsl.binary();
  }

  private static TlsPolicy sdkServer(TlsPolicy.Builder b, Issued identity, boolean mutualTls) throws Exception {
    b.identity(identity.identity()).trustAnchors(TlsTrustAnchors.fromPem(pki().ca.certFile()));
    if (mutualTls) {
      b.requireClientCertificates();
    }
    return b.build();
  }

  private static TlsPolicy sdkClient(TlsPolicy.Builder b, @Nullable Issued identity) throws Exception {
    if (identity != null) {
      b.identity(identity.identity());
    }
    return b.trustAnchors(TlsTrustAnchors.fromPem(pki().ca.certFile())).build();
  }

  private static String[] serverCert(Issued id) {
    return new String[] {"-cert", id.certFile().toString(), "-key", id.keyFile().toString()};
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  /** GET / over TLS from {@code openssl s_server -www}, returning the page with the session details. */
  private static String getPage(SSLSocketFactory factory, int port) throws IOException {
    Socket tcp = new Socket();
    tcp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
    tcp.setSoTimeout(10_000);
    try (SSLSocket s = (SSLSocket) factory.createSocket(tcp, "localhost", port, true)) {
      s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(UTF_8));
      s.getOutputStream().flush();
      ByteArrayOutputStream page = new ByteArrayOutputStream();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          page.write(buf, 0, n);
        }
      } catch (javax.net.ssl.SSLException closedWithoutNotify) {
        // s_server -www may close without close_notify after the page
      }
      return page.toString(UTF_8) + "\nCLIENT-SIDE: " + s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
    }
  }

  // ---- SDK client -> openssl s_server

  @Test
  void sdkClientModern_toOpenSslServer_mutualTls() throws Exception {
    TlsPolicy client = sdkClient(TlsPolicy.modern(), pki().client);
    try (OpenSsl.Server server = OpenSsl.sServer(concat(serverCert(pki().server),
        "-CAfile", pki().ca.certFile().toString(), "-Verify", "1", "-verify_return_error"))) {
      String page = getPage(client.clientSocketFactory(), server.port());
      assertTrue(page.contains("CLIENT-SIDE: TLSv1.3 TLS_AES_"), page);
      assertTrue(page.contains("Protocol  : TLSv1.3"), page);
      assertTrue(page.contains("CN = billing-service") || page.contains("CN=billing-service"), page);
    }
  }

  @Test
  void sdkClientIntermediate_toOpenSslTls12Server_negotiatesEcdheAead() throws Exception {
    TlsPolicy client = sdkClient(TlsPolicy.intermediate(), null);
    try (OpenSsl.Server server = OpenSsl.sServer(concat(serverCert(pki().serverRsa), "-tls1_2"))) {
      String page = getPage(client.clientSocketFactory(), server.port());
      assertTrue(page.contains("CLIENT-SIDE: TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), page);
    }
  }

  @Test
  void sdkClientModern_toOpenSslTls12Server_refused() throws Exception {
    TlsPolicy client = sdkClient(TlsPolicy.modern(), null);
    try (OpenSsl.Server server = OpenSsl.sServer(concat(serverCert(pki().server), "-tls1_2"))) {
      assertThrows(SSLHandshakeException.class, () -> getPage(client.clientSocketFactory(), server.port()));
    }
  }

  @Test
  void sdkClient_toOpenSslServerOfferingOnlyCbc_refused() throws Exception {
    TlsPolicy client = sdkClient(TlsPolicy.intermediate(), null);
    try (OpenSsl.Server server =
        OpenSsl.sServer(concat(serverCert(pki().server), "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA"))) {
      assertThrows(SSLHandshakeException.class, () -> getPage(client.clientSocketFactory(), server.port()));
    }
  }

  @Test
  void sdkClient_toOpenSslServerWithSha1SignedCertificate_refused() throws Exception {
    TlsPolicy client = sdkClient(TlsPolicy.intermediate(), null);
    SSLContext plain = TestPki.plainJdkContext(pki().client.key(), List.of(pki().client.certificate()),
        pki().ca.certificate());
    // OpenSSL 3 itself refuses to serve a SHA-1-signed certificate unless the security level is 0
    try (OpenSsl.Server server =
        OpenSsl.sServer(concat(serverCert(pki().sha1SignedServer), "-cipher", "DEFAULT@SECLEVEL=0"))) {
      // control: a client with the JDK's defaults accepts the certificate
      assertTrue(getPage(plain.getSocketFactory(), server.port()).contains("CLIENT-SIDE: TLSv1.3"));
      // the policy client does not list SHA-1 in signature_algorithms_cert, so OpenSSL has no
      // certificate to offer; were one sent anyway, validation refuses it (PolicyAlgorithmConstraints)
      assertThrows(SSLHandshakeException.class, () -> getPage(client.clientSocketFactory(), server.port()));
    }
  }

  @Test
  void sdkClient_toOpenSslServerWithWrongPin_refused() throws Exception {
    TlsPolicy client = TlsPolicy.modern().trustAnchors(TlsTrustAnchors.fromPem(pki().ca.certFile()))
        .pinPublicKeys(pki().spareKey.pin(), pki().otherCa.pin()).build();
    try (OpenSsl.Server server = OpenSsl.sServer(serverCert(pki().server))) {
      SSLHandshakeException e =
          assertThrows(SSLHandshakeException.class, () -> getPage(client.clientSocketFactory(), server.port()));
      Causes.find(e, SpkiPinMismatchException.class);
    }
  }

  // ---- openssl s_client -> SDK server

  private static String[] verifyingClient(String... more) throws Exception {
    return concat(new String[] {"-CAfile", pki().ca.certFile().toString(), "-verify_return_error",
        "-verify_hostname", "localhost", "-servername", "localhost"}, more);
  }

  @Test
  void openSslClient_toSdkModernServer_mutualTls() throws Exception {
    TlsPolicy server = sdkServer(TlsPolicy.modern(), pki().server, true);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      Result r = OpenSsl.sClient(s.port(), verifyingClient("-tls1_3",
          "-cert", pki().client.certFile().toString(), "-key", pki().client.keyFile().toString()));
      assertTrue(r.output().contains("Protocol version: TLSv1.3"), r.output());
      assertTrue(r.output().contains("Verification: OK"), r.output());
      assertTrue(r.output().contains("Server Temp Key: X25519"), r.output());
      assertTrue(r.output().contains("echo:hello"), r.output());
      Outcome o = s.next().successOrFail();
      assertEquals("TLSv1.3", o.protocol());
      assertEquals("CN=billing-service", o.clientPrincipal());
    }
  }

  @Test
  void openSslClient_toSdkIntermediateServer_tls12_serverCipherOrderWins() throws Exception {
    TlsPolicy server = sdkServer(TlsPolicy.intermediate(), pki().server, false);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      Result r = OpenSsl.sClient(s.port(), verifyingClient("-tls1_2",
          "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256"));
      assertTrue(r.output().contains("Protocol version: TLSv1.2"), r.output());
      assertTrue(r.output().contains("Ciphersuite: ECDHE-ECDSA-AES128-GCM-SHA256"), r.output());
      assertTrue(r.output().contains("echo:hello"), r.output());
      assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", s.next().successOrFail().cipherSuite());
    }
  }

  @Test
  void openSslClient_tls11_refusedByServer() throws Exception {
    TlsPolicy server = sdkServer(TlsPolicy.intermediate(), pki().server, false);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      Result r = OpenSsl.sClient(s.port(), verifyingClient("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"));
      assertNotEquals(0, r.exitCode(), r.output());
      assertFalse(r.output().contains("echo:hello"), r.output());
      Exception refused = s.next().failureOrFail();
      assertTrue(refused instanceof SSLHandshakeException, refused.toString());
      assertTrue(String.valueOf(refused.getMessage()).contains("TLSv1.1"), refused.toString());
    }
  }

  @Test
  void openSslClient_weakSuiteAes128Sha_refusedByServer() throws Exception {
    Issued rsa = pki().serverRsa;
    String[] weak = verifyingClient("-tls1_2", "-cipher", "AES128-SHA");
    SSLContext plain = TestPki.plainJdkContext(rsa.key(), List.of(rsa.certificate()), pki().ca.certificate());
    try (LoopbackServer control = LoopbackServer.start(plain.getServerSocketFactory())) {
      Result r = OpenSsl.sClient(control.port(), weak);
      assertTrue(r.output().contains("Ciphersuite: AES128-SHA"), "control: the JDK's defaults accept it\n" + r.output());
      control.next().successOrFail();
    }
    TlsPolicy server = sdkServer(TlsPolicy.intermediate(), rsa, false);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      Result r = OpenSsl.sClient(s.port(), weak);
      assertNotEquals(0, r.exitCode(), r.output());
      assertFalse(r.output().contains("echo:hello"), r.output());
      Exception refused = s.next().failureOrFail();
      assertTrue(refused instanceof SSLHandshakeException, refused.toString());
    }
  }

  @Test
  void openSslClient_groupsOutsidePolicy_refusedByServer() throws Exception {
    Issued id = pki().server;
    SSLContext plain = TestPki.plainJdkContext(id.key(), List.of(id.certificate()), pki().ca.certificate());
    TlsPolicy server = sdkServer(TlsPolicy.intermediate(), id, false);
    for (String group : new String[] {"secp521r1", "ffdhe2048"}) {
      String[] args = verifyingClient("-tls1_3", "-groups", group);
      try (LoopbackServer control = LoopbackServer.start(plain.getServerSocketFactory())) {
        Result r = OpenSsl.sClient(control.port(), args);
        assertTrue(r.output().contains("echo:hello"), "control: the JDK's defaults accept " + group + "\n" + r.output());
        control.next().successOrFail();
      }
      try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
        Result r = OpenSsl.sClient(s.port(), args);
        assertNotEquals(0, r.exitCode(), group + "\n" + r.output());
        assertFalse(r.output().contains("echo:hello"), r.output());
        Exception refused = s.next().failureOrFail();
        assertTrue(refused instanceof javax.net.ssl.SSLException, group + ": " + refused);
        assertTrue(String.valueOf(refused.getMessage()).contains("No common named group"), group + ": " + refused);
      }
    }
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      Result r = OpenSsl.sClient(s.port(), verifyingClient("-tls1_3", "-groups", "secp384r1"));
      assertTrue(r.output().contains("echo:hello"), "secp384r1 is allowed\n" + r.output());
      s.next().successOrFail();
    }
  }

  @Test
  void openSslClient_acceptingOnlySha1Signatures_refusedByServer() throws Exception {
    // a TLS 1.2 client that accepts only ECDSA-with-SHA-1 signatures, against a server whose
    // certificate is SHA-1-signed too (so that the JDK's defaults have something to offer)
    Issued id = pki().sha1SignedServer;
    String[] args = verifyingClient("-tls1_2", "-sigalgs", "ECDSA+SHA1", "-cipher", "DEFAULT@SECLEVEL=0");
    SSLContext plain = TestPki.plainJdkContext(id.key(), List.of(id.certificate()), pki().ca.certificate());
    try (LoopbackServer control = LoopbackServer.start(plain.getServerSocketFactory())) {
      Result r = OpenSsl.sClient(control.port(), args);
      assertTrue(r.output().contains("echo:hello"), "control: the JDK's defaults accept ECDSA+SHA1\n" + r.output());
      control.next().successOrFail();
    }
    TlsPolicy server = sdkServer(TlsPolicy.intermediate(), id, false);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      Result r = OpenSsl.sClient(s.port(), args);
      assertNotEquals(0, r.exitCode(), r.output());
      assertFalse(r.output().contains("echo:hello"), r.output());
      Exception refused = s.next().failureOrFail();
      assertTrue(refused instanceof SSLHandshakeException, refused.toString());
    }
  }

  @Test
  void openSslClient_withoutClientCertificate_refusedByMutualTlsServer() throws Exception {
    TlsPolicy server = sdkServer(TlsPolicy.intermediate(), pki().server, true);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      Result r = OpenSsl.sClient(s.port(), verifyingClient());
      assertFalse(r.output().contains("echo:hello"), r.output());
      Exception refused = s.next().failureOrFail();
      assertTrue(refused instanceof SSLHandshakeException, refused.toString());
      assertTrue(String.valueOf(refused.getMessage()).contains("Empty client certificate chain"), refused.toString());
    }
  }

  @Test
  void openSslClient_untrustedClientCertificate_refusedByMutualTlsServer() throws Exception {
    TlsPolicy server = sdkServer(TlsPolicy.intermediate(), pki().server, true);
    try (LoopbackServer s = LoopbackServer.start(server.serverSocketFactory())) {
      Result r = OpenSsl.sClient(s.port(), verifyingClient(
          "-cert", pki().untrustedClient.certFile().toString(), "-key", pki().untrustedClient.keyFile().toString()));
      assertFalse(r.output().contains("echo:hello"), r.output());
      Exception refused = s.next().failureOrFail();
      assertTrue(refused instanceof SSLHandshakeException, refused.toString());
      Causes.find(refused, java.security.cert.CertPathBuilderException.class);
    }
  }

  @Test
  void spkiPin_equalsOpenSslComputation() throws Exception {
    Path dir = Files.createTempDirectory("pin");
    try {
      Path pub = dir.resolve("pub.pem");
      Path der = dir.resolve("pub.der");
      Path hash = dir.resolve("hash.bin");
      for (Issued id : List.of(pki().server, pki().serverRsa)) {
        assertEquals(0, OpenSsl.run("", "x509", "-in", id.certFile().toString(), "-pubkey", "-noout", "-out",
            pub.toString()).exitCode());
        assertEquals(0, OpenSsl.run("", "pkey", "-pubin", "-in", pub.toString(), "-outform", "der", "-out",
            der.toString()).exitCode());
        assertEquals(0, OpenSsl.run("", "dgst", "-sha256", "-binary", "-out", hash.toString(), der.toString())
            .exitCode());
        assertEquals(Base64.getEncoder().encodeToString(Files.readAllBytes(hash)), id.pin().base64());
        assertEquals(SpkiPin.sha256(Base64.getEncoder().encodeToString(Files.readAllBytes(hash))),
            id.identity().publicKeyPin());
      }
    } finally {
      for (String f : new String[] {"pub.pem", "pub.der", "hash.bin"}) {
        Files.deleteIfExists(dir.resolve(f));
      }
      Files.deleteIfExists(dir);
    }
  }
}
