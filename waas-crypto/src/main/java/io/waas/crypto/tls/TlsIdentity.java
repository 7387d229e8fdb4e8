package io.waas.crypto.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What a TLS endpoint proves itself with: a certificate chain (leaf first) and the leaf's private
 * key. Servers need one; clients need one for mutual TLS.
 *
 * <p>Loading checks what would otherwise fail later, during a handshake, with an obscure alert: the
 * private key must belong to the leaf certificate (checked by signing and verifying a random
 * challenge), each certificate must be issued by the next one, and keys must meet the policy's
 * minimum size (RSA 2048 bits, EC 256 bits).
 *
 * <p>Immutable and thread-safe. {@link #toString()} names the subject and key type, never key
 * material.
 */
public final class TlsIdentity {
  private static final int MIN_RSA_BITS = 2048;
  private static final int MIN_EC_BITS = 256;

  private final List<X509Certificate> chain;
  private final PrivateKey privateKey;

  private TlsIdentity(List<X509Certificate> chain, PrivateKey privateKey) {
    this.chain = chain;
    this.privateKey = privateKey;
  }

  /**
   * Loads an identity from PEM files, as written by {@code openssl} or a certificate authority.
   *
   * @param certificateChainFile {@code CERTIFICATE} blocks, the leaf first, then its intermediates
   *     (the root may be left out)
   * @param privateKeyFile one unencrypted PKCS#8 {@code PRIVATE KEY} block (RSA, EC, Ed25519)
   * @return the identity
   * @throws MalformedPemException if a file is not PEM of the expected kind
   * @throws TlsConfigurationException if a file cannot be read, the key does not match the leaf
   *     certificate, the chain is out of order, or a key is too small
   */
  public static TlsIdentity fromPem(Path certificateChainFile, Path privateKeyFile)
      throws MalformedPemException, TlsConfigurationException {
    byte[] certText = Pem.readFile(certificateChainFile, "certificate file");
    List<X509Certificate> chain = Pem.certificates(certText, certificateChainFile.toString());
    byte[] keyText = Pem.readFile(privateKeyFile, "private key file");
    try {
      return create(chain, Pem.privateKey(keyText, privateKeyFile.toString()), privateKeyFile.toString());
    } finally {
      Arrays.fill(keyText, (byte) 0);
    }
  }

  /**
   * Loads an identity from PEM text, for example fetched from a secrets manager. The caller may
   * zero {@code privateKeyPem} afterwards; this method keeps no reference to it.
   *
   * @param certificateChainPem {@code CERTIFICATE} blocks, the leaf first
   * @param privateKeyPem one unencrypted PKCS#8 {@code PRIVATE KEY} block
   * @return the identity
   * @throws MalformedPemException if the text is not PEM of the expected kind
   * @throws TlsConfigurationException if the key does not match the leaf certificate, the chain is
   *     out of order, or a key is too small
   */
  public static TlsIdentity fromPem(byte[] certificateChainPem, byte[] privateKeyPem)
      throws MalformedPemException, TlsConfigurationException {
    List<X509Certificate> chain = Pem.certificates(certificateChainPem, "certificate PEM");
    return create(chain, Pem.privateKey(privateKeyPem, "private key PEM"), "private key PEM");
  }

  /**
   * Loads the single private key entry of a PKCS#12 file (as made by {@code openssl pkcs12
   * -export}), whose key and store share one password.
   *
   * @param file the {@code .p12} / {@code .pfx} file
   * @param password the password; not retained, the caller may zero it afterwards
   * @return the identity
   * @throws TlsConfigurationException if the file cannot be read or decrypted (wrong password,
   *     corrupted), holds no or several key entries, or the entry fails the checks of this class
   */
  public static TlsIdentity fromPkcs12(Path file, char[] password) throws TlsConfigurationException {
    KeyStore store;
    try (InputStream in = Files.newInputStream(file)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new TlsConfigurationException("cannot open PKCS#12 file " + file + ": wrong password", null);
      }
      throw new TlsConfigurationException(
          "cannot read PKCS#12 file " + file + ": wrong password, corrupted or not PKCS#12 ("
              + e.getClass().getSimpleName() + ")",
          null);
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException("cannot open PKCS#12 file " + file + ": " + e.getClass().getSimpleName(), null);
    }
    List<String> keyAliases = new ArrayList<>();
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          keyAliases.add(alias);
        }
      }
    } catch (KeyStoreException e) {
      throw new TlsConfigurationException("cannot list PKCS#12 file " + file, e);
    }
    if (keyAliases.size() != 1) {
      throw new TlsConfigurationException(
          "PKCS#12 file " + file + " has " + keyAliases.size() + " private key entries " + keyAliases
              + "; exactly one is needed (or name one with TlsIdentity.fromKeyStore)");
    }
    return fromKeyStore(store, keyAliases.get(0), password);
  }

  /**
   * Takes a private key entry from a loaded key store.
   *
   * @param keyStore a loaded key store (PKCS#12, PKCS#11, ...)
   * @param alias the entry's alias
   * @param keyPassword the entry's password; not retained
   * @return the identity
   * @throws TlsConfigurationException if there is no private key entry under {@code alias}, it
   *     cannot be recovered with the password, or it fails the checks of this class
   */
  public static TlsIdentity fromKeyStore(KeyStore keyStore, String alias, char[] keyPassword)
      throws TlsConfigurationException {
    Key key;
    Certificate[] certs;
    try {
      if (!keyStore.isKeyEntry(alias)) {
        throw new TlsConfigurationException("key store has no private key entry '" + alias + "'");
      }
      key = keyStore.getKey(alias, keyPassword);
      certs = keyStore.getCertificateChain(alias);
    } catch (UnrecoverableKeyException e) {
      throw new TlsConfigurationException("cannot recover key entry '" + alias + "': wrong password", null);
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException(
          "cannot read key entry '" + alias + "': " + e.getClass().getSimpleName(), null);
    }
    if (!(key instanceof PrivateKey privateKey)) {
      throw new TlsConfigurationException("key store entry '" + alias + "' is not a private key");
    }
    if (certs == null || certs.length == 0) {
      throw new TlsConfigurationException("key store entry '" + alias + "' has no certificate chain");
    }
    List<X509Certificate> chain = new ArrayList<>(certs.length);
    for (Certificate c : certs) {
      if (!(c instanceof X509Certificate x509)) {
        throw new TlsConfigurationException("key store entry '" + alias + "' has a non-X.509 certificate");
      }
      chain.add(x509);
    }
    return create(chain, privateKey, "key store entry '" + alias + "'");
  }

  private static TlsIdentity create(List<X509Certificate> chain, PrivateKey key, String source)
      throws TlsConfigurationException {
    X509Certificate leaf = chain.get(0);
    for (int i = 0; i + 1 < chain.size(); i++) {
      if (!chain.get(i).getIssuerX500Principal().equals(chain.get(i + 1).getSubjectX500Principal())) {
        throw new TlsConfigurationException(
            "certificate chain out of order: certificate " + (i + 1) + " ('" + name(chain.get(i))
                + "') is not issued by certificate " + (i + 2) + " ('" + name(chain.get(i + 1))
                + "'); put the leaf first, then each issuer");
      }
    }
    for (X509Certificate cert : chain) {
      checkKeySize(cert.getPublicKey(), "certificate '" + name(cert) + "'");
    }
    PublicKey publicKey = leaf.getPublicKey();
    if (!publicKey.getAlgorithm().equals(key.getAlgorithm()) || !signsFor(key, publicKey)) {
      throw new TlsConfigurationException(
          "the private key (" + source + ", " + key.getAlgorithm() + ") does not belong to the leaf certificate '"
              + name(leaf) + "' (" + publicKey.getAlgorithm() + " key); the first certificate must be the key's own");
    }
    return new TlsIdentity(List.copyOf(chain), key);
  }

  private static void checkKeySize(PublicKey key, String what) throws TlsConfigurationException {
    if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
      throw new TlsConfigurationException(
          what + " has a " + rsa.getModulus().bitLength() + "-bit RSA key; at least " + MIN_RSA_BITS
              + " bits are required");
    }
    if (key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() < MIN_EC_BITS) {
      throw new TlsConfigurationException(
          what + " has an EC key on a " + ec.getParams().getCurve().getField().getFieldSize()
              + "-bit curve; at least " + MIN_EC_BITS + " bits are required");
    }
  }

  /** Signs a random challenge with the private key and verifies it with the certificate's key. */
  private static boolean signsFor(PrivateKey key, PublicKey publicKey) throws TlsConfigurationException {
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    try {
      Signature signer = signature(key.getAlgorithm());
      signer.initSign(key);
      signer.update(challenge);
      byte[] sig = signer.sign();
      Signature verifier = signature(key.getAlgorithm());
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(sig);
    } catch (java.security.InvalidKeyException | java.security.SignatureException e) {
      return false;
    }
  }

  private static Signature signature(String keyAlgorithm) throws TlsConfigurationException {
    String algorithm =
        switch (keyAlgorithm) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "EdDSA", "Ed25519", "Ed448", "RSASSA-PSS" -> keyAlgorithm;
          default -> throw new TlsConfigurationException("unsupported private key type " + keyAlgorithm);
        };
    try {
      Signature signature = Signature.getInstance(algorithm);
      if (algorithm.equals("RSASSA-PSS")) {
        signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      }
      return signature;
    } catch (GeneralSecurityException e) {
      throw new TlsConfigurationException("no signature implementation for " + keyAlgorithm + " keys", e);
    }
  }

  private static String name(X509Certificate cert) {
    return cert.getSubjectX500Principal().getName();
  }

  /**
   * The certificate chain, leaf first.
   *
   * @return an immutable list of at least one certificate
   */
  public List<X509Certificate> certificateChain() {
    return chain;
  }

  /**
   * The leaf certificate.
   *
   * @return the first certificate of the chain
   */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /**
   * The pin of the leaf's public key, for clients that pin this identity.
   *
   * @return the SHA-256 pin of the leaf's SubjectPublicKeyInfo
   */
  public SpkiPin publicKeyPin() {
    return SpkiPin.of(certificate());
  }

  PrivateKey privateKey() {
    return privateKey;
  }

  /** Names the subject, the key type and the chain length; never key material. */
  @Override
  public String toString() {
    return "TlsIdentity[" + name(certificate()) + ", " + privateKey.getAlgorithm() + ", chain of " + chain.size() + "]";
  }
}
