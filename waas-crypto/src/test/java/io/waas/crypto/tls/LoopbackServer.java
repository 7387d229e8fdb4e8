package io.waas.crypto.tls;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.Principal;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A TLS echo server on an ephemeral loopback port: per connection it completes the handshake,
 * reads one line, answers {@code echo:<line>} and closes. In HTTP mode it reads a request head
 * instead and answers {@code 200} with the body {@code <protocol> <cipher suite> <client>}. What happened on the server side of each
 * connection (negotiated parameters, client identity, or the exception) is queued for the test.
 * Every socket has a read timeout, so nothing blocks forever.
 */
final class LoopbackServer implements AutoCloseable {
  static final int TIMEOUT_MILLIS = 10_000;

  /** The server's view of one connection. */
  record Outcome(
      @Nullable String protocol, @Nullable String cipherSuite, @Nullable String clientPrincipal,
      @Nullable Exception failure) {
    Exception failureOrFail() {
      if (failure == null) {
        throw new AssertionError("expected the server to refuse the connection, but it negotiated " + protocol + " "
            + cipherSuite);
      }
      return failure;
    }

    Outcome successOrFail() {
      if (failure != null) {
        throw new AssertionError("server failed: " + failure, failure);
      }
      return this;
    }
  }

  private final SSLServerSocket socket;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "loopback-tls-server");
    t.setDaemon(true);
    return t;
  });
  private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
  private final boolean http;

  private LoopbackServer(SSLServerSocket socket, boolean http) {
    this.socket = socket;
    this.http = http;
    pool.execute(this::acceptLoop);
  }

  /** Listens on 127.0.0.1 with sockets from {@code factory} (a policy's, or a plain JDK one). */
  static LoopbackServer start(SSLServerSocketFactory factory) throws IOException {
    return start(factory, false);
  }

  /** As {@link #start(SSLServerSocketFactory)}, answering HTTP/1.1 requests. */
  static LoopbackServer startHttp(SSLServerSocketFactory factory) throws IOException {
    return start(factory, true);
  }

  private static LoopbackServer start(SSLServerSocketFactory factory, boolean http) throws IOException {
    SSLServerSocket s = (SSLServerSocket) factory.createServerSocket();
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    return new LoopbackServer(s, http);
  }

  int port() {
    return socket.getLocalPort();
  }

  SSLServerSocket serverSocket() {
    return socket;
  }

  /** The next connection's outcome; fails the test if none arrives in time. */
  Outcome next() throws InterruptedException {
    Outcome o = outcomes.poll(TIMEOUT_MILLIS * 2L, TimeUnit.MILLISECONDS);
    if (o == null) {
      throw new AssertionError("the server saw no connection within " + (TIMEOUT_MILLIS * 2) + " ms");
    }
    return o;
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        SSLSocket s = (SSLSocket) socket.accept();
        pool.execute(() -> handle(s));
      } catch (SocketException closed) {
        return;
      } catch (IOException | RuntimeException e) {
        outcomes.add(new Outcome(null, null, null, e));
      }
    }
  }

  private void handle(SSLSocket s) {
    try (s) {
      s.setSoTimeout(TIMEOUT_MILLIS);
      s.startHandshake();
      SSLSession session = s.getSession();
      String peer = null;
      try {
        Principal p = session.getPeerPrincipal();
        peer = p.getName();
      } catch (SSLPeerUnverifiedException noClientCertificate) {
        // allowed when client certificates are not required
      }
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8));
      String line = in.readLine();
      OutputStream out = s.getOutputStream();
      if (http) {
        while (line != null && !line.isEmpty()) {
          line = in.readLine();
        }
        byte[] body = (session.getProtocol() + " " + session.getCipherSuite() + " " + peer).getBytes(UTF_8);
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
            + "\r\nConnection: close\r\n\r\n").getBytes(UTF_8));
        out.write(body);
      } else {
        out.write(("echo:" + line + "\n").getBytes(UTF_8));
      }
      out.flush();
      outcomes.add(new Outcome(session.getProtocol(), session.getCipherSuite(), peer, null));
    } catch (IOException | RuntimeException e) {
      outcomes.add(new Outcome(null, null, null, e));
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    pool.shutdownNow();
  }
}
