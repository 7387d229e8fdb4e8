package io.waas.crypto.tls;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** Connects to a {@link LoopbackServer} (or any echo-like TLS server) with timeouts. */
final class TlsTestClient {
  /** What the client negotiated and the server's answer. */
  record Exchange(String protocol, String cipherSuite, String reply) {}

  private TlsTestClient() {}

  /**
   * Connects TCP to 127.0.0.1:{@code port}, then layers TLS with {@code host} as the server name
   * (SNI and hostname verification), sends {@code ping} and reads one line.
   */
  static Exchange exchange(SSLSocketFactory factory, String host, int port) throws IOException {
    return exchange(factory, host, port, s -> {});
  }

  /** As {@link #exchange(SSLSocketFactory, String, int)}, with a hook to change the socket first. */
  static Exchange exchange(SSLSocketFactory factory, String host, int port, Consumer<SSLSocket> configure)
      throws IOException {
    Socket tcp = new Socket();
    try {
      tcp.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), LoopbackServer.TIMEOUT_MILLIS);
      tcp.setSoTimeout(LoopbackServer.TIMEOUT_MILLIS);
    } catch (IOException e) {
      tcp.close();
      throw e;
    }
    try (SSLSocket s = (SSLSocket) factory.createSocket(tcp, host, port, true)) {
      configure.accept(s);
      s.startHandshake();
      s.getOutputStream().write("ping\n".getBytes(UTF_8));
      s.getOutputStream().flush();
      String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8)).readLine();
      if (reply == null) {
        throw new IOException("server closed the connection without a reply");
      }
      return new Exchange(s.getSession().getProtocol(), s.getSession().getCipherSuite(), reply);
    }
  }
}
