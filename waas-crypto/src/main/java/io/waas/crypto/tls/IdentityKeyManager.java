package io.waas.crypto.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;

/**
 * A key manager with exactly one identity, offered whenever its key type fits.
 *
 * <p>Design: the JDK's key managers pick among several entries by key type, issuer list and
 * validity; with a single identity that only adds ways to silently send no certificate. Here the
 * identity is offered if the key type matches (JSSE then checks curves and signature schemes
 * itself) and the peer decides, which gives clear errors on the side that rejects it.
 */
final class IdentityKeyManager extends X509ExtendedKeyManager {
  private static final String ALIAS = "waas-tls-identity";

  private final TlsIdentity identity;
  private final String keyType;

  IdentityKeyManager(TlsIdentity identity) {
    this.identity = identity;
    this.keyType = identity.privateKey().getAlgorithm();
  }

  private String @Nullable [] aliases(String type) {
    return keyType.equals(type) ? new String[] {ALIAS} : null;
  }

  private @Nullable String alias(String @Nullable [] types) {
    if (types != null) {
      for (String type : types) {
        if (keyType.equals(type)) {
          return ALIAS;
        }
      }
    }
    return null;
  }

  @Override
  public String @Nullable [] getClientAliases(String type, Principal @Nullable [] issuers) {
    return aliases(type);
  }

  @Override
  public @Nullable String chooseClientAlias(String[] types, Principal @Nullable [] issuers, @Nullable Socket socket) {
    return alias(types);
  }

  @Override
  public @Nullable String chooseEngineClientAlias(
      String[] types, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
    return alias(types);
  }

  @Override
  public String @Nullable [] getServerAliases(String type, Principal @Nullable [] issuers) {
    return aliases(type);
  }

  @Override
  public @Nullable String chooseServerAlias(String type, Principal @Nullable [] issuers, @Nullable Socket socket) {
    return keyType.equals(type) ? ALIAS : null;
  }

  @Override
  public @Nullable String chooseEngineServerAlias(
      String type, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
    return keyType.equals(type) ? ALIAS : null;
  }

  @Override
  public X509Certificate @Nullable [] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? identity.certificateChain().toArray(new X509Certificate[0]) : null;
  }

  @Override
  public @Nullable PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? identity.privateKey() : null;
  }

  @Override
  public String toString() {
    return "IdentityKeyManager[" + identity + "]";
  }
}
