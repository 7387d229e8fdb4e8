package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waas.core.KeyNotFoundException;
import io.waas.core.MalformedDataException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Public key export (JWK Set, PEM), import (JWK Set) and verification without the key store,
 * cross-checked against the JDK's own Ed25519 and ECDSA implementations.
 */
class PublicKeySetTest {
  @TempDir @SuppressWarnings("NullAway.Init") Path dir;

  private static final byte[] DATA = "provenance of build 7".getBytes(UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

  // Valid coordinates for building test JWKs: a real Ed25519 key and a real P-256 key.
  private static final String ED_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
  private static final String EC_X = "KSexBRK64-3c_kZ4KBKLrSkDJpkZ9whgacjE32xzKDg";
  private static final String EC_Y = "x3h5ZOqsAOWSH7FJimD0YGdms9loUAFVjRqXTnNBUT4";

  private static String message(Throwable t) {
    return String.valueOf(t.getMessage());
  }

  private static String okp(String extra) {
    return "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + ED_X + "\",\"kid\":\"0000000a\"" + extra + "}]}";
  }

  private static String ec(String extra) {
    return "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + EC_X + "\",\"y\":\"" + EC_Y
        + "\",\"kid\":\"0000000b\"" + extra + "}]}";
  }

  private static byte[] raw(byte[] sdkSignature) {
    return Arrays.copyOfRange(sdkSignature, 6, sdkSignature.length);
  }

  // ------------------------------------------------------------ JWK export and import

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void jwkSet_exportImport_verifiesWithoutKeyStore(SignatureAlgorithm algorithm) throws Exception {
    String jwks;
    byte[] sig;
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createSigningKeys("audit", algorithm);
      ring.rotateSigningKey("audit");
      sig = ring.signer("audit").sign(DATA);
      PublicKeySet exported = ring.publicKeys("audit");
      assertEquals(2, exported.keys().size());
      jwks = exported.toJwkSetJson();
      assertEquals(exported, PublicKeySet.fromJwkSetJson(jwks));
    }
    // The key ring is closed: only the JSON text remains.
    SignatureVerifier v = PublicKeySet.fromJwkSetJson(jwks).verifier();
    v.verify(sig, DATA);
    assertThrows(VerificationFailedException.class, () -> v.verify(sig, "other".getBytes(UTF_8)));
    byte[] tampered = sig.clone();
    tampered[40] ^= 4;
    assertThrows(VerificationFailedException.class, () -> v.verify(tampered, DATA));
    assertThrows(MalformedDataException.class, () -> v.verify(Arrays.copyOf(sig, 12), DATA));
  }

  @Test
  void jwkSet_export_hasStandardMembersAndNoPrivateOnes() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createSigningKeys("audit", SignatureAlgorithm.ED25519);
      ring.rotateSigningKey("audit", SignatureAlgorithm.ECDSA_P256_SHA256);
      List<SigningKeyMetadata> meta = ring.signingKeys("audit");
      JsonNode keys = JSON.readTree(ring.publicKeys("audit").toJwkSetJson()).get("keys");
      assertEquals(2, keys.size());

      JsonNode ed = keys.get(0);
      assertEquals(List.of("kty", "crv", "x", "kid", "alg", "use"), fieldNames(ed));
      assertEquals("OKP", ed.get("kty").asText());
      assertEquals("Ed25519", ed.get("crv").asText());
      assertEquals("EdDSA", ed.get("alg").asText());
      assertEquals("sig", ed.get("use").asText());
      assertEquals(meta.get(0).kid(), ed.get("kid").asText());
      assertEquals(32, B64URL.decode(ed.get("x").asText()).length);

      JsonNode ec = keys.get(1);
      assertEquals(List.of("kty", "crv", "x", "y", "kid", "alg", "use"), fieldNames(ec));
      assertEquals("EC", ec.get("kty").asText());
      assertEquals("P-256", ec.get("crv").asText());
      assertEquals("ES256", ec.get("alg").asText());
      assertEquals(meta.get(1).kid(), ec.get("kid").asText());
      assertEquals(32, B64URL.decode(ec.get("x").asText()).length);
      assertEquals(32, B64URL.decode(ec.get("y").asText()).length);
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void jwkSet_ed25519_verifiesWithJdkEdDsa() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      byte[] sig = ring.signer("audit").sign(DATA);
      JsonNode jwk = JSON.readTree(ring.publicKeys("audit").toJwkSetJson()).get("keys").get(0);
      // RFC 8410 SubjectPublicKeyInfo around the JWK's x, parsed by the JDK (SunEC).
      byte[] spki =
          concat(HexFormat.of().parseHex("302a300506032b6570032100"), B64URL.decode(jwk.get("x").asText()));
      PublicKey pk = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      Signature jdk = Signature.getInstance("Ed25519");
      jdk.initVerify(pk);
      jdk.update(DATA);
      assertTrue(jdk.verify(raw(sig)), "JDK EdDSA accepts the SDK's Ed25519 signature");
      jdk.initVerify(pk);
      jdk.update("x".getBytes(UTF_8));
      assertFalse(jdk.verify(raw(sig)));
    }
  }

  @Test
  void jwkSet_es256_verifiesWithJdkEcdsaP1363() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createSigningKeys("audit", SignatureAlgorithm.ECDSA_P256_SHA256);
      byte[] sig = ring.signer("audit").sign(DATA);
      JsonNode jwk = JSON.readTree(ring.publicKeys("audit").toJwkSetJson()).get("keys").get(0);
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      ECPoint w =
          new ECPoint(
              new BigInteger(1, B64URL.decode(jwk.get("x").asText())),
              new BigInteger(1, B64URL.decode(jwk.get("y").asText())));
      PublicKey pk =
          KeyFactory.getInstance("EC")
              .generatePublic(new ECPublicKeySpec(w, params.getParameterSpec(ECParameterSpec.class)));
      Signature jdk = Signature.getInstance("SHA256withECDSAinP1363Format");
      jdk.initVerify(pk);
      jdk.update(DATA);
      assertTrue(jdk.verify(raw(sig)), "JDK ES256 (P1363) accepts the SDK's ECDSA signature");
    }
  }

  // ------------------------------------------------------------ PEM

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void pem_export_parsesWithJdkAndVerifies(SignatureAlgorithm algorithm) throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createSigningKeys("audit", algorithm);
      byte[] sig = ring.signer("audit").sign(DATA);
      PublicKeySet set = ring.publicKeys("audit");
      SigningPublicKey key = set.keys().get(0);
      String pem = key.toPem();
      assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n"), pem);
      assertTrue(pem.endsWith("\n-----END PUBLIC KEY-----\n"), pem);
      assertTrue(set.toPem().contains("kid: " + key.kid() + " alg: " + algorithm.jwsAlgorithm() + "\n" + pem));

      byte[] der = pemBody(pem);
      assertTrue(Arrays.equals(der, key.subjectPublicKeyInfo()));
      String jdkAlgorithm = algorithm == SignatureAlgorithm.ED25519 ? "Ed25519" : "EC";
      PublicKey pk = KeyFactory.getInstance(jdkAlgorithm).generatePublic(new X509EncodedKeySpec(der));
      Signature jdk =
          Signature.getInstance(algorithm == SignatureAlgorithm.ED25519 ? "Ed25519" : "SHA256withECDSAinP1363Format");
      jdk.initVerify(pk);
      jdk.update(DATA);
      assertTrue(jdk.verify(raw(sig)), "PEM key verifies the SDK signature in the JDK");
    }
  }

  private static byte[] pemBody(String pem) {
    Matcher m = Pattern.compile("-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=\n]+)-----END PUBLIC KEY-----").matcher(pem);
    assertTrue(m.find(), pem);
    return Base64.getMimeDecoder().decode(m.group(1));
  }

  // ------------------------------------------------------------ snapshots, lookups

  @Test
  void publicKeySet_isSnapshot_newerKeyIsNotFound() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createSigningKeys("audit", SignatureAlgorithm.ED25519);
      PublicKeySet before = ring.publicKeys("audit");
      ring.rotateSigningKey("audit");
      byte[] sig = ring.signer("audit").sign(DATA);
      KeyNotFoundException e = assertThrows(KeyNotFoundException.class, () -> before.verifier().verify(sig, DATA));
      assertEquals(ring.signingKeys("audit").get(1).keyId(), e.keyId());
      ring.publicKeys("audit").verifier().verify(sig, DATA);
      assertThrows(KeyNotFoundException.class, () -> before.key(12345));
      assertThrows(KeyNotFoundException.class, () -> ring.publicKeys("nobody"));
    }
  }

  @Test
  void toString_namesKidsOnly() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createSigningKeys("audit", SignatureAlgorithm.ED25519);
      PublicKeySet set = ring.publicKeys("audit");
      String kid = set.keys().get(0).kid();
      assertEquals("PublicKeySet[" + kid + " EdDSA]", set.toString());
      assertEquals("SigningPublicKey[kid=" + kid + ", EdDSA]", set.keys().get(0).toString());
    }
  }

  // ------------------------------------------------------------ raw signatures from other tools

  @Test
  void verifyRawSignature_jdkEcdsa_derAndP1363() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair pair = g.generateKeyPair();
    ECPoint w = ((ECPublicKey) pair.getPublic()).getW();
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    String jwks =
        "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"00c0ffee\",\"x\":\""
            + enc.encodeToString(fixed32(w.getAffineX()))
            + "\",\"y\":\""
            + enc.encodeToString(fixed32(w.getAffineY()))
            + "\"}]}";
    SigningPublicKey key = PublicKeySet.fromJwkSetJson(jwks).key(0xc0ffee);

    Signature der = Signature.getInstance("SHA256withECDSA");
    der.initSign(pair.getPrivate());
    der.update(DATA);
    byte[] derSig = der.sign();
    key.verifyRawSignature(derSig, DATA, RawSignatureEncoding.ECDSA_DER);
    assertThrows(
        VerificationFailedException.class,
        () -> key.verifyRawSignature(derSig, "x".getBytes(UTF_8), RawSignatureEncoding.ECDSA_DER));
    // DER is only accepted where asked for.
    assertThrows(VerificationFailedException.class, () -> key.verifyRawSignature(derSig, DATA, RawSignatureEncoding.JWS));

    Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
    p1363.initSign(pair.getPrivate());
    p1363.update(DATA);
    byte[] p1363Sig = p1363.sign();
    key.verifyRawSignature(p1363Sig, DATA, RawSignatureEncoding.JWS);
    assertThrows(
        VerificationFailedException.class,
        () -> key.verifyRawSignature(p1363Sig, DATA, RawSignatureEncoding.ECDSA_DER));
    // The SDK format wraps the same raw signature with version, algorithm and key id.
    byte[] sdk = new byte[70];
    sdk[0] = 1;
    sdk[1] = (byte) SignatureAlgorithm.ECDSA_P256_SHA256.id();
    sdk[3] = (byte) 0xc0;
    sdk[4] = (byte) 0xff;
    sdk[5] = (byte) 0xee;
    System.arraycopy(p1363Sig, 0, sdk, 6, 64);
    PublicKeySet.fromJwkSetJson(jwks).verifier().verify(sdk, DATA);
  }

  @Test
  void verifyRawSignature_derForEd25519_refused() throws Exception {
    SigningPublicKey key = PublicKeySet.fromJwkSetJson(okp("")).key(10);
    assertThrows(
        IllegalArgumentException.class, () -> key.verifyRawSignature(new byte[64], DATA, RawSignatureEncoding.ECDSA_DER));
    assertThrows(VerificationFailedException.class, () -> key.verifyRawSignature(new byte[64], DATA, RawSignatureEncoding.JWS));
  }

  private static byte[] fixed32(BigInteger v) {
    byte[] b = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(32, b.length);
    System.arraycopy(b, b.length - n, out, 32 - n, n);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // ------------------------------------------------------------ strict JWK parsing

  @Test
  void fromJwkSetJson_minimalKeys_accepted() throws Exception {
    assertEquals(SignatureAlgorithm.ED25519, PublicKeySet.fromJwkSetJson(okp("")).key(10).algorithm());
    assertEquals(SignatureAlgorithm.ECDSA_P256_SHA256, PublicKeySet.fromJwkSetJson(ec("")).key(11).algorithm());
    PublicKeySet.fromJwkSetJson(okp(",\"alg\":\"EdDSA\",\"use\":\"sig\",\"key_ops\":[\"verify\"]"));
    PublicKeySet.fromJwkSetJson(" \n" + ec(",\"alg\":\"ES256\"") + "\n");
  }

  static Stream<Arguments> invalidJwkSets() {
    String twoSameKid =
        "{\"keys\":[" + okp("").substring(9, okp("").length() - 2) + "," + okp("").substring(9, okp("").length() - 2) + "]}";
    return Stream.of(
        Arguments.of("private member d", okp(",\"d\":\"" + ED_X + "\""), "private key member 'd'"),
        Arguments.of("private member d on EC", ec(",\"d\":\"" + EC_X + "\""), "private key member 'd'"),
        Arguments.of("symmetric key k", "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\",\"kid\":\"00000001\"}]}", "private key member 'k'"),
        Arguments.of("RSA", "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"kid\":\"00000001\"}]}", "unsupported member 'n'"),
        Arguments.of("unknown kty", okp("").replace("\"OKP\"", "\"XYZ\""), "unsupported kty"),
        Arguments.of("X25519", okp("").replace("Ed25519", "X25519"), "unsupported OKP curve"),
        Arguments.of("Ed448", okp("").replace("Ed25519", "Ed448"), "unsupported OKP curve"),
        Arguments.of("P-384", ec("").replace("P-256", "P-384"), "unsupported EC curve"),
        Arguments.of("secp256k1", ec("").replace("P-256", "secp256k1"), "unsupported EC curve"),
        Arguments.of("x 31 bytes", okp("").replace(ED_X, ED_X.substring(0, 42)), "32 bytes"),
        Arguments.of("x 33 bytes", okp("").replace(ED_X, ED_X + "AA"), "32 bytes"),
        Arguments.of("padded base64", okp("").replace(ED_X, ED_X + "="), "32 bytes"),
        Arguments.of("standard base64 chars", ec("").replace(EC_X, EC_X.replace('-', '+')), "base64url"),
        Arguments.of("non-canonical trailing bits", okp("").replace(ED_X, ED_X.substring(0, 42) + "b"), "base64url"),
        Arguments.of("EC point off curve", ec("").replace(EC_Y, "x3h5ZOqsAOWSH7FJimD0YGdms9loUAFVjRqXTnNBUT8"), "not a point"),
        Arguments.of("EC y missing", ec("").replace(",\"y\":\"" + EC_Y + "\"", ""), "no 'y'"),
        Arguments.of("Ed25519 non-square", okp("").replace(ED_X, "AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), "not a point"),
        Arguments.of("Ed25519 y = p", okp("").replace(ED_X, "7f_______________________________________38"), "not a point"),
        Arguments.of("Ed25519 x = 0 with sign", okp("").replace(ED_X, "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIA"), "not a point"),
        Arguments.of("OKP with y", okp(",\"y\":\"" + EC_Y + "\""), "no 'y' member"),
        Arguments.of("alg mismatch", okp(",\"alg\":\"ES256\""), "alg must be \"EdDSA\""),
        Arguments.of("alg none", ec(",\"alg\":\"none\""), "alg must be \"ES256\""),
        Arguments.of("use enc", okp(",\"use\":\"enc\""), "use must be \"sig\""),
        Arguments.of("key_ops sign", okp(",\"key_ops\":[\"sign\"]"), "key_ops"),
        Arguments.of("unknown member", okp(",\"x5c\":[]"), "unsupported member 'x5c'"),
        Arguments.of("kid missing", okp("").replace(",\"kid\":\"0000000a\"", ""), "no 'kid'"),
        Arguments.of("kid upper case", okp("").replace("0000000a", "0000000A"), "8 lower-case hex"),
        Arguments.of("kid zero", okp("").replace("0000000a", "00000000"), "not a key id"),
        Arguments.of("kid short", okp("").replace("0000000a", "000000a"), "8 lower-case hex"),
        Arguments.of("kid number", okp("").replace("\"0000000a\"", "10"), "must be a string"),
        Arguments.of("x number", okp("").replace("\"" + ED_X + "\"", "1"), "must be a string"),
        Arguments.of("duplicate kid", twoSameKid, "twice"),
        Arguments.of("duplicate member", okp(",\"kid\":\"0000000c\""), "not valid JSON"),
        Arguments.of("trailing data", okp("") + "{}", "not valid JSON"),
        Arguments.of("not JSON", "keys", "not valid JSON"),
        Arguments.of("empty text", "", "JSON object"),
        Arguments.of("array root", "[]", "JSON object"),
        Arguments.of("keys not array", "{\"keys\":{}}", "\"keys\" array"),
        Arguments.of("no keys", "{\"keys\":[]}", "no keys"),
        Arguments.of("extra top-level member", "{\"keys\":[],\"x\":1}", "unsupported member 'x'"),
        Arguments.of("key not object", "{\"keys\":[\"a\"]}", "not a JSON object"),
        Arguments.of("comment", "/* */" + okp(""), "not valid JSON"),
        Arguments.of("deep nesting", "{\"keys\":[[[[[[[[[[[]]]]]]]]]]]}", "not valid JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidJwkSets")
  void fromJwkSetJson_invalid_throwsMalformedData(String what, String json, String expectedMessage) {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> PublicKeySet.fromJwkSetJson(json));
    assertTrue(message(e).contains(expectedMessage), what + ": " + message(e));
  }

  @Test
  void fromJwkSetJson_privateMemberMessage_doesNotEchoTheSecret() {
    String secret = "c2VjcmV0LXByaXZhdGUta2V5LWJ5dGVzLTEyMzQ1Njc";
    MalformedDataException e =
        assertThrows(MalformedDataException.class, () -> PublicKeySet.fromJwkSetJson(okp(",\"d\":\"" + secret + "\"")));
    assertFalse(message(e).contains(secret), message(e));
  }

  @Test
  void fromJwkSetJson_tooLong_refusedBeforeParsing() {
    String huge = " ".repeat(4 * 1024 * 1024 + 1);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> PublicKeySet.fromJwkSetJson(huge));
    assertTrue(message(e).contains("too long"), message(e));
  }
}
