package io.waas.crypto.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Creates JSSE sockets in the factory's role with the policy's parameters applied before the
 * handshake. The host name a client socket is created for becomes its SNI name and the name its
 * certificate is verified against.
 */
final class PolicySocketFactory extends SSLSocketFactory {
  private final SSLSocketFactory base;
  private final TlsRole role;
  private final Supplier<SSLParameters> parameters;

  PolicySocketFactory(SSLSocketFactory base, TlsRole role, Supplier<SSLParameters> parameters) {
    this.base = base;
    this.role = role;
    this.parameters = parameters;
  }

  private Socket configure(Socket socket) {
    SSLSocket ssl = (SSLSocket) socket;
    ssl.setUseClientMode(role == TlsRole.CLIENT);
    ssl.setSSLParameters(parameters.get());
    return ssl;
  }

  @Override
  public String[] getDefaultCipherSuites() {
    return parameters.get().getCipherSuites();
  }

  @Override
  public String[] getSupportedCipherSuites() {
    return parameters.get().getCipherSuites();
  }

  @Override
  public Socket createSocket() throws IOException {
    return configure(base.createSocket());
  }

  @Override
  public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
    return configure(base.createSocket(s, host, port, autoClose));
  }

  @Override
  public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
    return configure(base.createSocket(s, consumed, autoClose));
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return configure(base.createSocket(host, port));
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
    return configure(base.createSocket(host, port, localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return configure(base.createSocket(host, port));
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return configure(base.createSocket(address, port, localAddress, localPort));
  }
}
