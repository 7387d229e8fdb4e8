package io.waas.crypto.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.CryptoPrimitive;
import java.security.KeyManagementException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/** The policy's configuration: profiles, parameters, contexts and the settings it refuses. */
class TlsPolicyTest {
  private static TlsPolicy serverPolicy(TlsPolicy.Builder b) throws Exception {
    TestPki pki = TestPki.shared();
    return b.identity(pki.server.identity()).trustAnchors(TlsTrustAnchors.fromPem(pki.ca.certFile()))
        .requireClientCertificates().build();
  }

  @Test
  void modern_isTls13Only() throws Exception {
    TlsPolicy p = TlsPolicy.modern().build();
    assertEquals(List.of("TLSv1.3"), p.protocols());
    assertEquals(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"),
        p.cipherSuites());
    assertArrayEquals(new String[] {"TLSv1.3"}, p.clientParameters().getProtocols());
  }

  @Test
  void intermediate_isTls12And13WithEcdheAeadSuitesOnly() throws Exception {
    TlsPolicy p = TlsPolicy.intermediate().build();
    assertEquals(Set.of("TLSv1.3", "TLSv1.2"), Set.copyOf(p.protocols()));
    assertEquals(9, p.cipherSuites().size());
    for (String suite : p.cipherSuites()) {
      boolean tls13 = !suite.contains("_WITH_");
      assertTrue(tls13 || suite.startsWith("TLS_ECDHE_ECDSA_WITH_") || suite.startsWith("TLS_ECDHE_RSA_WITH_"), suite);
      assertTrue(suite.contains("_GCM_") || suite.contains("CHACHA20_POLY1305"), suite);
      assertFalse(suite.contains("CBC") || suite.endsWith("_SHA"), suite);
    }
    assertEquals(List.of("x25519", "secp256r1", "secp384r1"), p.profile().namedGroups());
  }

  @Test
  void clientParameters_verifyHostnamesAndCarryTheConstraints() throws Exception {
    SSLParameters c = TlsPolicy.intermediate().build().clientParameters();
    assertEquals("HTTPS", c.getEndpointIdentificationAlgorithm());
    assertTrue(c.getAlgorithmConstraints() instanceof PolicyAlgorithmConstraints);
    assertFalse(c.getNeedClientAuth());
  }

  @Test
  void serverParameters_requireClientCertificatesAndServerOrder() throws Exception {
    TlsPolicy p = serverPolicy(TlsPolicy.intermediate());
    SSLParameters s = p.serverParameters();
    assertTrue(s.getNeedClientAuth());
    assertTrue(s.getUseCipherSuitesOrder());
    assertNull(s.getEndpointIdentificationAlgorithm());
    assertArrayEquals(p.cipherSuites().toArray(new String[0]), s.getCipherSuites());
  }

  @Test
  void parameters_areFreshCopies() throws Exception {
    TlsPolicy p = TlsPolicy.intermediate().build();
    SSLParameters first = p.clientParameters();
    first.setProtocols(new String[] {"TLSv1"});
    first.setEndpointIdentificationAlgorithm(null);
    assertEquals("HTTPS", p.clientParameters().getEndpointIdentificationAlgorithm());
    assertEquals(Set.of("TLSv1.3", "TLSv1.2"), Set.of(p.clientParameters().getProtocols()));
  }

  @Test
  void contexts_applyThePolicyToEverythingTheyCreate() throws Exception {
    TlsPolicy p = serverPolicy(TlsPolicy.modern());
    SSLEngine client = p.clientContext().createSSLEngine("localhost", 443);
    assertTrue(client.getUseClientMode());
    assertArrayEquals(new String[] {"TLSv1.3"}, client.getEnabledProtocols());
    assertEquals("HTTPS", client.getSSLParameters().getEndpointIdentificationAlgorithm());
    SSLEngine server = p.serverContext().createSSLEngine();
    assertFalse(server.getUseClientMode());
    assertTrue(server.getNeedClientAuth());
    assertArrayEquals(new String[] {"TLSv1.3"}, p.serverContext().getDefaultSSLParameters().getProtocols());
    try (SSLServerSocket ss = (SSLServerSocket) p.serverSocketFactory().createServerSocket()) {
      assertArrayEquals(new String[] {"TLSv1.3"}, ss.getEnabledProtocols());
      assertTrue(ss.getNeedClientAuth());
      assertTrue(ss.getSSLParameters().getUseCipherSuitesOrder());
    }
    try (SSLSocket s = (SSLSocket) p.clientSocketFactory().createSocket()) {
      assertArrayEquals(new String[] {"TLSv1.3"}, s.getEnabledProtocols());
      assertEquals("HTTPS", s.getSSLParameters().getEndpointIdentificationAlgorithm());
    }
    assertArrayEquals(p.cipherSuites().toArray(new String[0]), p.clientSocketFactory().getDefaultCipherSuites());
  }

  @Test
  void contexts_cannotBeReinitialised() throws Exception {
    TlsPolicy p = serverPolicy(TlsPolicy.intermediate());
    assertThrows(KeyManagementException.class, () -> p.clientContext().init(null, null, null));
    assertThrows(KeyManagementException.class, () -> p.serverContext().init(null, null, null));
    assertThrows(UnsupportedOperationException.class, () -> p.clientContext().getServerSocketFactory());
  }

  @Test
  void serverContext_withoutIdentity_throwsIllegalState() throws Exception {
    TlsPolicy p = TlsPolicy.intermediate().build();
    assertThrows(IllegalStateException.class, p::serverContext);
    assertThrows(IllegalStateException.class, p::serverSocketFactory);
    assertThrows(IllegalStateException.class, p::newServerEngine);
  }

  @Test
  void requireClientCertificates_withJdkDefaultAnchors_refused() throws Exception {
    TlsIdentity id = TestPki.shared().server.identity();
    TlsConfigurationException e = assertThrows(TlsConfigurationException.class,
        () -> TlsPolicy.intermediate().identity(id).requireClientCertificates().build());
    assertTrue(String.valueOf(e.getMessage()).contains("explicit trust anchors"), e.getMessage());
  }

  @Test
  void pinPublicKeys_backupEqualToCurrent_refused() throws Exception {
    SpkiPin pin = TestPki.shared().server.pin();
    assertThrows(IllegalArgumentException.class, () -> TlsPolicy.intermediate().pinPublicKeys(pin, pin));
  }

  @Test
  void toString_namesSettingsButNoKeyMaterial() throws Exception {
    TestPki pki = TestPki.shared();
    TlsPolicy p = serverPolicy(TlsPolicy.intermediate());
    String text = p + " " + pki.server.identity();
    assertTrue(text.contains("INTERMEDIATE") && text.contains("CN=localhost") && text.contains("required"), text);
    String key = Base64.getEncoder().encodeToString(pki.server.key().getEncoded());
    for (int i = 0; i + 12 <= key.length(); i += 12) {
      assertFalse(text.contains(key.substring(i, i + 12)), text);
    }
    assertTrue(TlsPolicy.intermediate().insecureSkipHostnameVerification().build().toString().contains("OFF"));
  }

  @Test
  void algorithmConstraints_refuseGroupsAndSignaturesOutsidePolicy() throws Exception {
    PolicyAlgorithmConstraints c = new PolicyAlgorithmConstraints(Set.copyOf(TlsProfile.MODERN.namedGroups()));
    Set<CryptoPrimitive> ka = EnumSet.of(CryptoPrimitive.KEY_AGREEMENT);
    Set<CryptoPrimitive> sig = EnumSet.of(CryptoPrimitive.SIGNATURE);
    for (String allowed : List.of("x25519", "secp256r1", "secp384r1", "EC", "XDH", "TLS_AES_128_GCM_SHA256")) {
      assertTrue(c.permits(ka, allowed, null), allowed);
    }
    for (String refused : List.of("secp521r1", "x448", "ffdhe2048", "ffdhe8192", "secp256k1", "brainpoolP256r1")) {
      assertFalse(c.permits(ka, refused, null), refused);
    }
    for (String allowed : List.of("ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256", "ed25519", "SHA256withECDSA",
        "SHA384withRSA", "RSASSA-PSS")) {
      assertTrue(c.permits(sig, allowed, null), allowed);
    }
    for (String refused : List.of("rsa_pkcs1_sha1", "ecdsa_sha1", "dsa_sha256", "SHA1withRSA", "SHA1withECDSA",
        "MD5withRSA", "ecdsa_sha224", "SHA256withDSA")) {
      assertFalse(c.permits(sig, refused, null), refused);
    }
    assertFalse(c.permits(sig, TestPki.rsaKey(1024).getPublic()));
    assertTrue(c.permits(sig, TestPki.shared().serverRsa.certificate().getPublicKey()));
    assertTrue(c.permits(sig, TestPki.ecKey().getPublic()));
  }

  @Test
  void policy_usedFromManyThreads_handsOutIndependentObjects() throws Exception {
    TlsPolicy p = serverPolicy(TlsPolicy.intermediate());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int n = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < 200; i++) {
            SSLParameters mine = p.clientParameters();
            mine.setProtocols(new String[] {n % 2 == 0 ? "TLSv1.2" : "TLSv1.3"});
            SSLEngine e = n % 2 == 0 ? p.newClientEngine("localhost", 443) : p.newServerEngine();
            if (e.getEnabledProtocols().length != 2 || p.serverParameters().getProtocols().length != 2) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertTrue(f.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
