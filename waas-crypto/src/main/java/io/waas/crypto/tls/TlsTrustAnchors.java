package io.waas.crypto.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The certificates a TLS endpoint trusts to vouch for its peer: either explicit CA certificates
 * (PEM or a key store), typically a private CA for internal services, or the JDK's default trust
 * store for public servers.
 *
 * <p>There is deliberately no "trust everything" option. Revocation (CRL, OCSP) is not checked, as
 * in the JDK's default; keep certificate lifetimes short.
 *
 * <p>Immutable and thread-safe.
 */
public final class TlsTrustAnchors {
  private static final TlsTrustAnchors JDK_DEFAULT = new TlsTrustAnchors(null);

  private final @Nullable List<X509Certificate> certificates;

  private TlsTrustAnchors(@Nullable List<X509Certificate> certificates) {
    this.certificates = certificates;
  }

  /**
   * The JDK's trust store: {@code cacerts} of the running JDK, or the store named by the {@code
   * javax.net.ssl.trustStore} system property. For clients of public servers; servers checking
   * client certificates need explicit anchors.
   *
   * @return the default anchors
   */
  public static TlsTrustAnchors jdkDefault() {
    return JDK_DEFAULT;
  }

  /**
   * Trusts the CA certificates of a PEM file.
   *
   * @param file one or more {@code CERTIFICATE} blocks
   * @return the anchors
   * @throws MalformedPemException if the file is not PEM certificates
   * @throws TlsConfigurationException if the file cannot be read
   */
  public static TlsTrustAnchors fromPem(Path file) throws MalformedPemException, TlsConfigurationException {
    return new TlsTrustAnchors(List.copyOf(Pem.certificates(Pem.readFile(file, "trust anchor file"), file.toString())));
  }

  /**
   * Trusts the CA certificates of PEM text.
   *
   * @param pem one or more {@code CERTIFICATE} blocks
   * @return the anchors
   * @throws MalformedPemException if the text is not PEM certificates
   */
  public static TlsTrustAnchors fromPem(byte[] pem) throws MalformedPemException {
    return new TlsTrustAnchors(List.copyOf(Pem.certificates(pem, "trust anchor PEM")));
  }

  /**
   * Trusts the certificate entries of a loaded key store (a PKCS#12 or JKS trust store).
   *
   * @param keyStore a loaded key store
   * @return the anchors
   * @throws TlsConfigurationException if the store cannot be read or has no certificate entries
   */
  public static TlsTrustAnchors fromKeyStore(KeyStore keyStore) throws TlsConfigurationException {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      for (String alias : Collections.list(keyStore.aliases())) {
        Certificate cert = keyStore.getCertificate(alias);
        if (keyStore.isCertificateEntry(alias) && cert instanceof X509Certificate x509) {
          certs.add(x509);
        }
      }
    } catch (KeyStoreException e) {
      throw new TlsConfigurationException("cannot read the trust store (not loaded?)", e);
    }
    if (certs.isEmpty()) {
      throw new TlsConfigurationException("the trust store has no trusted certificate entries");
    }
    return new TlsTrustAnchors(List.copyOf(certs));
  }

  /**
   * Trusts the given CA certificates.
   *
   * @param certificates at least one certificate
   * @return the anchors
   * @throws IllegalArgumentException if {@code certificates} is empty
   */
  public static TlsTrustAnchors of(List<X509Certificate> certificates) {
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("at least one trust anchor is needed");
    }
    return new TlsTrustAnchors(List.copyOf(certificates));
  }

  /**
   * Whether these are the JDK's default anchors.
   *
   * @return {@code true} for {@link #jdkDefault()}
   */
  public boolean isJdkDefault() {
    return certificates == null;
  }

  /**
   * The explicit anchors.
   *
   * @return an immutable list; empty for {@link #jdkDefault()}
   */
  public List<X509Certificate> certificates() {
    return certificates == null ? List.of() : certificates;
  }

  /** The JDK's PKIX trust manager over these anchors. */
  X509ExtendedTrustManager pkixTrustManager() throws TlsConfigurationException {
    try {
      KeyStore store = null;
      if (certificates != null) {
        store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < certificates.size(); i++) {
          store.setCertificateEntry("anchor-" + i, certificates.get(i));
        }
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      for (TrustManager tm : factory.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager extended) {
          return extended;
        }
      }
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsConfigurationException("cannot initialise the trust manager: " + e.getClass().getSimpleName(), e);
    }
    throw new TlsConfigurationException("the PKIX trust manager factory returned no X509ExtendedTrustManager");
  }

  @Override
  public String toString() {
    return certificates == null ? "TlsTrustAnchors[JDK default]" : "TlsTrustAnchors[" + certificates.size() + " certificates]";
  }
}
