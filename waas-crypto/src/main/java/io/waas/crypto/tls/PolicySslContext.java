package io.waas.crypto.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * An {@link SSLContext} whose engines, sockets and default parameters follow a {@link TlsPolicy},
 * so that code that only receives the context (a web server, an HTTP client library) gets the
 * policy without calling {@code setSSLParameters} itself.
 *
 * <p>Design: a JSSE context is configured in {@code init} and afterwards only hands out engines and
 * factories, which start from the JDK's defaults. This context wraps an initialised JSSE context:
 * each engine is put in the context's role and given the policy's parameters, the factories do the
 * same for each socket, and {@code getDefaultSSLParameters} returns the policy's. {@code init} is
 * refused, so the key material cannot be swapped after the policy was built.
 */
final class PolicySslContext extends SSLContext {
  PolicySslContext(SSLContext base, TlsRole role, Supplier<SSLParameters> parameters) {
    super(new Spi(base, role, parameters), base.getProvider(), base.getProtocol());
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext base;
    private final TlsRole role;
    private final Supplier<SSLParameters> parameters;

    Spi(SSLContext base, TlsRole role, Supplier<SSLParameters> parameters) {
      this.base = base;
      this.role = role;
      this.parameters = parameters;
    }

    @Override
    protected void engineInit(
        KeyManager @Nullable [] km, TrustManager @Nullable [] tm, @Nullable SecureRandom random)
        throws KeyManagementException {
      throw new KeyManagementException("this SSLContext is configured by its TlsPolicy and cannot be re-initialised");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return new PolicySocketFactory(base.getSocketFactory(), role, parameters);
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      if (role != TlsRole.SERVER) {
        throw new UnsupportedOperationException(
            "this is a TLS client context; use TlsPolicy.serverContext() for server sockets");
      }
      return new PolicyServerSocketFactory(base.getServerSocketFactory(), parameters);
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return configure(base.createSSLEngine());
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(@Nullable String host, int port) {
      return configure(base.createSSLEngine(host, port));
    }

    private SSLEngine configure(SSLEngine engine) {
      engine.setUseClientMode(role == TlsRole.CLIENT);
      engine.setSSLParameters(parameters.get());
      return engine;
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return base.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return base.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return parameters.get();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return base.getSupportedSSLParameters();
    }
  }
}
