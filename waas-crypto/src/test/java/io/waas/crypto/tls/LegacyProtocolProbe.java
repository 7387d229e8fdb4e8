package io.waas.crypto.tls;

import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * Run in a child JVM by {@link LegacyProtocolRefusalTest}, with {@code jdk.tls.disabledAlgorithms}
 * relaxed so that the JDK itself would speak TLS 1.1. A plain JDK client offering only TLS 1.1
 * connects to a plain JDK server (the control) and to a server of an intermediate policy; one line
 * per server on stdout says what happened on the server's side.
 */
public final class LegacyProtocolProbe {
  private LegacyProtocolProbe() {}

  public static void main(String[] args) throws Exception {
    TestPki pki = TestPki.create(Path.of(args[0]));
    SSLContext plainServer =
        TestPki.plainJdkContext(pki.server.key(), List.of(pki.server.certificate()), pki.ca.certificate());
    SSLContext plainClient =
        TestPki.plainJdkContext(pki.client.key(), List.of(pki.client.certificate()), pki.ca.certificate());
    TlsPolicy policy = TlsPolicy.intermediate().identity(pki.server.identity()).build();
    System.out.println("control: " + probe(plainServer.getServerSocketFactory(), plainClient.getSocketFactory()));
    System.out.println("policy: " + probe(policy.serverSocketFactory(), plainClient.getSocketFactory()));
  }

  private static String probe(SSLServerSocketFactory server, SSLSocketFactory client) throws Exception {
    try (LoopbackServer s = LoopbackServer.start(server)) {
      try {
        TlsTestClient.exchange(client, "localhost", s.port(), sock -> {
          sock.setEnabledProtocols(new String[] {"TLSv1.1"});
          sock.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"});
        });
      } catch (Exception clientSide) {
        // the server's view below is what the test asserts
      }
      LoopbackServer.Outcome o = s.next();
      Exception failure = o.failure();
      return failure == null
          ? "accepted " + o.protocol() + " " + o.cipherSuite()
          : "refused " + failure.getClass().getName() + ": " + failure.getMessage();
    }
  }
}
