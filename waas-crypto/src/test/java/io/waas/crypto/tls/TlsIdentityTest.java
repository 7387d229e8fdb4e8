package io.waas.crypto.tls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.MalformedDataException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading identities and trust anchors: PEM and PKCS#12, and every way they can be wrong. */
class TlsIdentityTest {
  @TempDir @SuppressWarnings("NullAway.Init") Path dir;

  private static TestPki pki() throws Exception {
    return TestPki.shared();
  }

  private Path write(String name, String text) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, text, US_ASCII);
    return f;
  }

  private static String text(Path p) throws Exception {
    return Files.readString(p, US_ASCII);
  }

  /** No 12-character run of the key's base64 appears in {@code message}. */
  private static void assertNoKeyMaterial(String message, byte[] keyDer) {
    String key = Base64.getEncoder().encodeToString(keyDer);
    for (int i = 0; i + 12 <= key.length(); i += 6) {
      assertFalse(message.contains(key.substring(i, i + 12)), message);
    }
  }

  @Test
  void fromPem_validFiles_loadsChainAndPin() throws Exception {
    TlsIdentity id = TlsIdentity.fromPem(pki().server.certFile(), pki().server.keyFile());
    assertEquals(pki().server.certificate(), id.certificate());
    assertEquals(1, id.certificateChain().size());
    assertEquals(pki().server.pin(), id.publicKeyPin());
    assertEquals("TlsIdentity[CN=localhost, EC, chain of 1]", id.toString());
    TlsIdentity rsa = TlsIdentity.fromPem(pki().serverRsa.certFile(), pki().serverRsa.keyFile());
    assertEquals("RSA", rsa.certificate().getPublicKey().getAlgorithm());
  }

  @Test
  void fromPem_fullChainAndExplanatoryText_loads() throws Exception {
    Path chain = write("chain.pem", "subject=CN = localhost\n" + text(pki().server.certFile())
        + "Bag Attributes: none\n" + text(pki().ca.certFile()));
    Path key = write("key.pem", "some comment\n" + text(pki().server.keyFile()));
    TlsIdentity id = TlsIdentity.fromPem(chain, key);
    assertEquals(List.of(pki().server.certificate(), pki().ca.certificate()), id.certificateChain());
  }

  @Test
  void fromPem_keyOfAnotherCertificate_throwsMismatchWithoutKeyMaterial() throws Exception {
    TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
        () -> TlsIdentity.fromPem(pki().server.certFile(), pki().client.keyFile()));
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("does not belong to the leaf certificate 'CN=localhost'"), message);
    assertNoKeyMaterial(message, pki().client.key().getEncoded());
    TlsConfigurationException rsa = assertThrows(TlsConfigurationException.class,
        () -> TlsIdentity.fromPem(pki().server.certFile(), pki().serverRsa.keyFile()));
    assertTrue(String.valueOf(rsa.getMessage()).contains("RSA"), rsa.getMessage());
  }

  @Test
  void fromPem_chainOutOfOrder_refused() throws Exception {
    Path chain = write("chain.pem", text(pki().ca.certFile()) + text(pki().server.certFile()));
    TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
        () -> TlsIdentity.fromPem(chain, pki().server.keyFile()));
    assertTrue(String.valueOf(e.getMessage()).contains("out of order"), e.getMessage());
  }

  @Test
  void fromPem_rsa1024Key_refused() throws Exception {
    TestPki.Issued weak = pki().leaf("rsa1024", "CN=weak", TestPki.rsaKey(1024), pki().ca, true, "SHA256withECDSA",
        "localhost");
    TlsConfigurationException e =
        assertThrows(TlsConfigurationException.class, () -> TlsIdentity.fromPem(weak.certFile(), weak.keyFile()));
    assertTrue(String.valueOf(e.getMessage()).contains("1024-bit RSA key"), e.getMessage());
  }

  @Test
  void fromPem_notPem_throwsMalformedPem() throws Exception {
    Path garbage = write("garbage.pem", "this is not a certificate\n");
    MalformedPemException e = assertThrows(MalformedPemException.class,
        () -> TlsIdentity.fromPem(garbage, pki().server.keyFile()));
    assertTrue(String.valueOf(e.getMessage()).contains("no PEM block"), e.getMessage());
    MalformedDataException asCoreType = e;
    assertTrue(asCoreType.getMessage() != null);
  }

  @Test
  void fromPem_corruptedBase64InKey_throwsMalformedPemWithoutKeyMaterial() throws Exception {
    String pem = text(pki().server.keyFile());
    int body = pem.indexOf('\n') + 10;
    Path corrupt = write("corrupt.pem", pem.substring(0, body) + "*" + pem.substring(body + 1));
    MalformedPemException e = assertThrows(MalformedPemException.class,
        () -> TlsIdentity.fromPem(pki().server.certFile(), corrupt));
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("block 1 (PRIVATE KEY) is not valid base64"), message);
    assertNoKeyMaterial(message, pki().server.key().getEncoded());
  }

  @Test
  void fromPem_truncatedOrMislabelled_throwsMalformedPem() throws Exception {
    String cert = text(pki().server.certFile());
    Path truncated = write("truncated.pem", cert.substring(0, cert.indexOf("-----END")));
    assertTrue(String.valueOf(assertThrows(MalformedPemException.class,
        () -> TlsIdentity.fromPem(truncated, pki().server.keyFile())).getMessage()).contains("no END line"));
    Path mismatched = write("mismatched.pem", cert.replace("-----END CERTIFICATE-----", "-----END X509 CRL-----"));
    assertThrows(MalformedPemException.class, () -> TlsIdentity.fromPem(mismatched, pki().server.keyFile()));
    Path notDer = write("notder.pem", new String(TestPki.pem("CERTIFICATE", new byte[] {1, 2, 3, 4}), US_ASCII));
    assertTrue(String.valueOf(assertThrows(MalformedPemException.class,
        () -> TlsIdentity.fromPem(notDer, pki().server.keyFile())).getMessage()).contains("not a valid X.509"));
    Path keyInCertFile = write("key-as-cert.pem", text(pki().server.keyFile()));
    assertThrows(MalformedPemException.class, () -> TlsIdentity.fromPem(keyInCertFile, pki().server.keyFile()));
  }

  @Test
  void fromPem_legacyKeyFormats_refusedWithConversionHint() throws Exception {
    byte[] der = pki().server.key().getEncoded();
    Path pkcs1 = write("pkcs1.pem", new String(TestPki.pem("EC PRIVATE KEY", der), US_ASCII));
    MalformedPemException e = assertThrows(MalformedPemException.class,
        () -> TlsIdentity.fromPem(pki().server.certFile(), pkcs1));
    assertTrue(String.valueOf(e.getMessage()).contains("openssl pkcs8 -topk8"), e.getMessage());
    Path encrypted = write("enc.pem", new String(TestPki.pem("ENCRYPTED PRIVATE KEY", der), US_ASCII));
    assertTrue(String.valueOf(assertThrows(MalformedPemException.class,
        () -> TlsIdentity.fromPem(pki().server.certFile(), encrypted)).getMessage()).contains("PKCS#12"));
    Path legacy = write("legacy.pem", """
        -----BEGIN RSA PRIVATE KEY-----
        Proc-Type: 4,ENCRYPTED
        DEK-Info: AES-128-CBC,00

        AAAA
        -----END RSA PRIVATE KEY-----
        """);
    assertTrue(String.valueOf(assertThrows(MalformedPemException.class,
        () -> TlsIdentity.fromPem(pki().server.certFile(), legacy)).getMessage()).contains("RFC 1421 headers"));
    Path notAKey = write("notakey.pem", new String(TestPki.pem("PRIVATE KEY", new byte[] {48, 3, 2, 1, 0}), US_ASCII));
    assertTrue(String.valueOf(assertThrows(MalformedPemException.class,
        () -> TlsIdentity.fromPem(pki().server.certFile(), notAKey)).getMessage()).contains("not a PKCS#8"));
  }

  @Test
  void fromPem_missingFile_namesIt() throws Exception {
    Path missing = dir.resolve("missing.pem");
    TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
        () -> TlsIdentity.fromPem(missing, pki().server.keyFile()));
    assertTrue(String.valueOf(e.getMessage()).contains(missing.toString()), e.getMessage());
  }

  @Test
  void fromPemBytes_loads() throws Exception {
    byte[] key = Files.readAllBytes(pki().client.keyFile());
    TlsIdentity id = TlsIdentity.fromPem(Files.readAllBytes(pki().client.certFile()), key);
    assertEquals(pki().client.certificate(), id.certificate());
  }

  private Path pkcs12(String name, char[] password, TestPki.Issued... entries) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    for (TestPki.Issued e : entries) {
      ks.setKeyEntry(name + entries.length + e.certFile().getFileName(), e.key(), password,
          new X509Certificate[] {e.certificate(), pki().ca.certificate()});
    }
    Path f = dir.resolve(name + ".p12");
    try (OutputStream out = Files.newOutputStream(f)) {
      ks.store(out, password);
    }
    return f;
  }

  @Test
  void fromPkcs12_singleEntry_loads() throws Exception {
    Path p12 = pkcs12("one", "secret-pw".toCharArray(), pki().client);
    TlsIdentity id = TlsIdentity.fromPkcs12(p12, "secret-pw".toCharArray());
    assertEquals(List.of(pki().client.certificate(), pki().ca.certificate()), id.certificateChain());
  }

  @Test
  void fromPkcs12_wrongPassword_throwsWithoutThePassword() throws Exception {
    Path p12 = pkcs12("pw", "secret-pw".toCharArray(), pki().client);
    TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
        () -> TlsIdentity.fromPkcs12(p12, "guess-pw".toCharArray()));
    String message = String.valueOf(e.getMessage());
    assertTrue(message.contains("password"), message);
    assertFalse(message.contains("guess-pw") || message.contains("secret-pw"), message);
  }

  @Test
  void fromPkcs12_twoKeyEntries_refused() throws Exception {
    Path p12 = pkcs12("two", "pw".toCharArray(), pki().client, pki().server);
    TlsConfigurationException e =
        assertThrows(TlsConfigurationException.class, () -> TlsIdentity.fromPkcs12(p12, "pw".toCharArray()));
    assertTrue(String.valueOf(e.getMessage()).contains("2 private key entries"), e.getMessage());
  }

  @Test
  void trustAnchors_fromPemAndKeyStore() throws Exception {
    Path both = write("anchors.pem", text(pki().ca.certFile()) + text(pki().otherCa.certFile()));
    TlsTrustAnchors anchors = TlsTrustAnchors.fromPem(both);
    assertEquals(List.of(pki().ca.certificate(), pki().otherCa.certificate()), anchors.certificates());
    assertFalse(anchors.isJdkDefault());
    assertTrue(TlsTrustAnchors.jdkDefault().isJdkDefault());
    KeyStore empty = KeyStore.getInstance("PKCS12");
    empty.load(null, null);
    assertThrows(TlsConfigurationException.class, () -> TlsTrustAnchors.fromKeyStore(empty));
    empty.setCertificateEntry("ca", pki().ca.certificate());
    assertEquals(List.of(pki().ca.certificate()), TlsTrustAnchors.fromKeyStore(empty).certificates());
    assertThrows(MalformedPemException.class, () -> TlsTrustAnchors.fromPem(pki().ca.keyFile()));
  }
}
