package io.waas.crypto.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.net.Socket;
import java.security.Principal;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * A throw-away PKI for the TLS tests, made in-process with Bouncy Castle's certificate builder
 * (signing and key generation use the JDK's providers): two CAs, of which clients and servers
 * trust only {@link #ca}, and the leaf certificates the tests need, written as PEM files.
 *
 * <p>Built once per JVM ({@link #shared()}); the files live in a temporary directory deleted on
 * exit.
 */
final class TestPki {
  /** A certificate, its key, and both as PEM files (PKCS#8 for the key). */
  record Issued(X509Certificate certificate, PrivateKey key, Path certFile, Path keyFile) {
    TlsIdentity identity() throws Exception {
      return TlsIdentity.fromPem(certFile, keyFile);
    }

    SpkiPin pin() {
      return SpkiPin.of(certificate);
    }
  }

  private static final AtomicLong SERIAL = new AtomicLong(1000);
  private static @Nullable TestPki shared;

  final Path dir;
  final Issued ca;
  final Issued otherCa;
  final Issued server;
  final Issued serverRsa;
  final Issued client;
  final Issued untrustedServer;
  final Issued untrustedClient;
  final Issued wrongHostServer;
  final Issued sha1SignedServer;
  final Issued spareKey;

  private TestPki(Path dir) throws Exception {
    this.dir = dir;
    ca = selfSigned("ca", "CN=WaaS Test CA", ecKey());
    otherCa = selfSigned("other-ca", "CN=Untrusted Test CA", ecKey());
    server = leaf("server", "CN=localhost", ecKey(), ca, true, "SHA256withECDSA", "localhost", "127.0.0.1");
    serverRsa = leaf("server-rsa", "CN=localhost", rsaKey(), ca, true, "SHA256withECDSA", "localhost", "127.0.0.1");
    client = leaf("client", "CN=billing-service", ecKey(), ca, false, "SHA256withECDSA");
    untrustedServer = leaf("untrusted-server", "CN=localhost", ecKey(), otherCa, true, "SHA256withECDSA", "localhost");
    untrustedClient = leaf("untrusted-client", "CN=intruder", ecKey(), otherCa, false, "SHA256withECDSA");
    wrongHostServer = leaf("wrong-host", "CN=other.example", ecKey(), ca, true, "SHA256withECDSA", "other.example");
    sha1SignedServer = leaf("sha1-server", "CN=localhost", ecKey(), ca, true, "SHA1withECDSA", "localhost");
    spareKey = leaf("spare", "CN=spare", ecKey(), ca, false, "SHA256withECDSA");
  }

  static synchronized TestPki shared() throws Exception {
    TestPki pki = shared;
    if (pki == null) {
      Path dir = Files.createTempDirectory("waas-tls-pki");
      dir.toFile().deleteOnExit();
      pki = new TestPki(dir);
      shared = pki;
    }
    return pki;
  }

  /** A fresh CA-signed PKI in {@code dir}, for a child JVM. */
  static TestPki create(Path dir) throws Exception {
    return new TestPki(dir);
  }

  static KeyPair ecKey() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static KeyPair rsaKey(int bits) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    return g.generateKeyPair();
  }

  private static KeyPair rsaKey() throws GeneralSecurityException {
    return rsaKey(2048);
  }

  private Issued selfSigned(String name, String subject, KeyPair key) throws Exception {
    X500Principal dn = new X500Principal(subject);
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder b = builder(dn, dn, key);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
    X509Certificate cert = sign(b, key.getPrivate(), "SHA256withECDSA");
    return write(name, cert, key.getPrivate());
  }

  /** A leaf for a server (serverAuth, SANs) or a client (clientAuth). */
  Issued leaf(String name, String subject, KeyPair key, Issued issuer, boolean server, String signatureAlgorithm,
      String... sans) throws Exception {
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder b =
        builder(issuer.certificate().getSubjectX500Principal(), new X500Principal(subject), key);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    int usage = KeyUsage.digitalSignature | (key.getPublic().getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : 0);
    b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
    b.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
    b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
    b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer.certificate()));
    if (sans.length > 0) {
      GeneralName[] names = new GeneralName[sans.length];
      for (int i = 0; i < sans.length; i++) {
        boolean ip = Character.isDigit(sans[i].charAt(0));
        names[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, sans[i]);
      }
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    X509Certificate cert = sign(b, issuer.key(), signatureAlgorithm);
    return write(name, cert, key.getPrivate());
  }

  private static X509v3CertificateBuilder builder(X500Principal issuer, X500Principal subject, KeyPair key) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(2))),
        subject,
        key.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey, String algorithm)
      throws Exception {
    return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
  }

  private Issued write(String name, X509Certificate cert, PrivateKey key) throws Exception {
    Path certFile = dir.resolve(name + ".pem");
    Path keyFile = dir.resolve(name + "-key.pem");
    Files.write(certFile, pem("CERTIFICATE", cert.getEncoded()));
    Files.write(keyFile, pem("PRIVATE KEY", key.getEncoded()));
    certFile.toFile().deleteOnExit();
    keyFile.toFile().deleteOnExit();
    return new Issued(cert, key, certFile, keyFile);
  }

  static byte[] pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n").getBytes(US_ASCII);
  }

  /** Writes several certificates into one PEM file. */
  Path writeChain(String name, X509Certificate... certs) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate c : certs) {
      sb.append(new String(pem("CERTIFICATE", c.getEncoded()), US_ASCII));
    }
    Path file = dir.resolve(name + ".pem");
    Files.writeString(file, sb.toString(), US_ASCII);
    file.toFile().deleteOnExit();
    return file;
  }

  /**
   * A plain JSSE context with the JDK's defaults (no policy) presenting {@code chain}, trusting
   * {@code anchors}: the control in tests that show a refusal comes from the policy.
   */
  static SSLContext plainJdkContext(PrivateKey key, List<X509Certificate> chain, X509Certificate... anchors)
      throws GeneralSecurityException, IOException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    char[] password = "test".toCharArray();
    keys.setKeyEntry("key", key, password, chain.toArray(new X509Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
    kmf.init(keys, password);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    for (int i = 0; i < anchors.length; i++) {
      trust.setCertificateEntry("anchor" + i, anchors[i]);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  /**
   * A plain JSSE context presenting exactly {@code chain} (in any order, unlike a key store, which
   * insists on a valid chain): for tests where the server misbehaves.
   */
  static SSLContext rawChainContext(PrivateKey key, X509Certificate... chain) throws GeneralSecurityException {
    X509ExtendedKeyManager km = new X509ExtendedKeyManager() {
      @Override
      public String[] getClientAliases(String keyType, Principal @Nullable [] issuers) {
        return new String[] {"raw"};
      }

      @Override
      public String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
        return "raw";
      }

      @Override
      public String[] getServerAliases(String keyType, Principal @Nullable [] issuers) {
        return new String[] {"raw"};
      }

      @Override
      public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
        return keyType.equals(key.getAlgorithm()) ? "raw" : null;
      }

      @Override
      public @Nullable String chooseEngineServerAlias(
          String keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
        return keyType.equals(key.getAlgorithm()) ? "raw" : null;
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return chain.clone();
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return key;
      }
    };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(new KeyManager[] {km}, null, null);
    return ctx;
  }
}
