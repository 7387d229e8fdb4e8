package io.waas.crypto.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;

/** Creates JSSE server sockets with the policy's parameters; accepted sockets inherit them. */
final class PolicyServerSocketFactory extends SSLServerSocketFactory {
  private final SSLServerSocketFactory base;
  private final Supplier<SSLParameters> parameters;

  PolicyServerSocketFactory(SSLServerSocketFactory base, Supplier<SSLParameters> parameters) {
    this.base = base;
    this.parameters = parameters;
  }

  private ServerSocket configure(ServerSocket socket) {
    ((SSLServerSocket) socket).setSSLParameters(parameters.get());
    return socket;
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
  public ServerSocket createServerSocket() throws IOException {
    return configure(base.createServerSocket());
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    return configure(base.createServerSocket(port));
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    return configure(base.createServerSocket(port, backlog));
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
    return configure(base.createServerSocket(port, backlog, ifAddress));
  }
}
