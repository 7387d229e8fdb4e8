package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyDisabledException;
import io.waas.core.KeyNotFoundException;
import io.waas.core.MalformedDataException;
import io.waas.core.SecurityEvent;
import io.waas.crypto.internal.SigningKey;
import io.waas.crypto.internal.SigningKeyset;
import io.waas.crypto.internal.SigningKeysetCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Signing keys in the key ring: signing, verification, rotation, status changes, storage. */
class SignatureTest {
  @TempDir @SuppressWarnings("NullAway.Init") Path dir;

  private static final byte[] DATA = "audit record 42".getBytes(UTF_8);

  private static String message(Throwable t) {
    return String.valueOf(t.getMessage());
  }

  private static long keyIdOf(byte[] signature) {
    return ((signature[2] & 0xffL) << 24) | ((signature[3] & 0xff) << 16) | ((signature[4] & 0xff) << 8)
        | (signature[5] & 0xff);
  }

  /** The signing keyset as stored, unwrapped with the test store's KEK through the internal codec. */
  private static SigningKeyset stored(TestKeyStore ks, String name) throws Exception {
    String blob = SigningKeyRing.storageName(name);
    byte[] file = Files.readAllBytes(ks.dir.resolve(blob));
    SigningKeysetCodec.WrappedSigningKeyset w = SigningKeysetCodec.decodeFile(file, blob);
    byte[] payload = ks.kek().unwrap(w.wrapped, SigningKeysetCodec.wrapAssociatedData(blob));
    return SigningKeysetCodec.decodePayload(payload);
  }

  // ------------------------------------------------------------ sign and verify

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_roundTrip_succeeds(SignatureAlgorithm algorithm) throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      SigningKeyMetadata key = ring.createSigningKeys("audit", algorithm);
      byte[] sig = ring.signer("audit").sign(DATA);
      assertEquals(70, sig.length);
      assertEquals(1, sig[0], "format version");
      assertEquals(algorithm.id(), sig[1]);
      assertEquals(key.keyId(), keyIdOf(sig));
      ring.signatureVerifier("audit").verify(sig, DATA);
      ring.signatureVerifier("audit").verify(ring.signer("audit").sign(new byte[0]), new byte[0]);
    }
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_modifiedData_fails(SignatureAlgorithm algorithm) throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createSigningKeys("audit", algorithm);
      byte[] sig = ring.signer("audit").sign(DATA);
      byte[] other = DATA.clone();
      other[3] ^= 1;
      SignatureVerifier v = ring.signatureVerifier("audit");
      assertThrows(VerificationFailedException.class, () -> v.verify(sig, other));
      assertThrows(VerificationFailedException.class, () -> v.verify(sig, new byte[0]));
    }
  }

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void verify_tamperedSignature_fails(SignatureAlgorithm algorithm) throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createSigningKeys("audit", algorithm);
      byte[] sig = ring.signer("audit").sign(DATA);
      SignatureVerifier v = ring.signatureVerifier("audit");
      for (int i = 6; i < sig.length; i += 7) {
        byte[] bad = sig.clone();
        bad[i] ^= 0x10;
        assertThrows(VerificationFailedException.class, () -> v.verify(bad, DATA), "byte " + i);
      }
    }
  }

  @Test
  void verify_headerNamesOtherAlgorithm_fails() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createSigningKeys("audit", SignatureAlgorithm.ED25519);
      byte[] sig = ring.signer("audit").sign(DATA);
      sig[1] = (byte) SignatureAlgorithm.ECDSA_P256_SHA256.id();
      VerificationFailedException e =
          assertThrows(VerificationFailedException.class, () -> ring.signatureVerifier("audit").verify(sig, DATA));
      assertTrue(message(e).contains("names algorithm"), message(e));
    }
  }

  @Test
  void verify_unknownKeyId_throwsKeyNotFound() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      byte[] sig = ring.signer("audit").sign(DATA);
      long id = keyIdOf(sig);
      long other = id == 0xffffffffL ? 1 : id + 1;
      sig[2] = (byte) (other >>> 24);
      sig[3] = (byte) (other >>> 16);
      sig[4] = (byte) (other >>> 8);
      sig[5] = (byte) other;
      KeyNotFoundException e =
          assertThrows(KeyNotFoundException.class, () -> ring.signatureVerifier("audit").verify(sig, DATA));
      assertEquals(other, e.keyId());
    }
  }

  @Test
  void verify_otherKeyset_throwsKeyNotFound() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      byte[] sig = ring.signer("audit").sign(DATA);
      ring.createSigningKeys("provenance", SignatureAlgorithm.ED25519);
      assertThrows(KeyNotFoundException.class, () -> ring.signatureVerifier("provenance").verify(sig, DATA));
      // A keyset that does not exist is not created by verifying.
      assertThrows(KeyNotFoundException.class, () -> ring.signatureVerifier("nobody").verify(sig, DATA));
      assertEquals(List.of("audit", "provenance"), ring.signingKeyNames());
    }
  }

  @Test
  void verify_malformedSignature_throwsMalformedData() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      byte[] sig = ring.signer("audit").sign(DATA);
      SignatureVerifier v = ring.signatureVerifier("audit");
      assertThrows(MalformedDataException.class, () -> v.verify(new byte[0], DATA));
      assertThrows(MalformedDataException.class, () -> v.verify(java.util.Arrays.copyOf(sig, 69), DATA));
      assertThrows(MalformedDataException.class, () -> v.verify(java.util.Arrays.copyOf(sig, 71), DATA));
      byte[] version = sig.clone();
      version[0] = 2;
      assertThrows(MalformedDataException.class, () -> v.verify(version, DATA));
      byte[] algorithm = sig.clone();
      algorithm[1] = 9;
      assertThrows(MalformedDataException.class, () -> v.verify(algorithm, DATA));
      byte[] zeroId = sig.clone();
      zeroId[2] = zeroId[3] = zeroId[4] = zeroId[5] = 0;
      assertThrows(MalformedDataException.class, () -> v.verify(zeroId, DATA));
      // A MAC tag is not a signature.
      byte[] tag = ring.messageAuthenticator(KeyScope.tenant("acme"), "p").computeTag(DATA);
      assertThrows(MalformedDataException.class, () -> v.verify(tag, DATA));
    }
  }

  @Test
  void verify_failure_raisesEvent() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    try (KeyRing ring = ks.open()) {
      byte[] sig = ring.signer("audit").sign(DATA);
      assertThrows(VerificationFailedException.class, () -> ring.signatureVerifier("audit").verify(sig, new byte[1]));
      List<SecurityEvent> failed = ks.events.ofType(SignatureEvents.VERIFY_FAILED);
      assertEquals(1, failed.size());
      assertEquals(SecurityEvent.Outcome.FAILURE, failed.get(0).outcome());
      assertEquals("VerificationFailedException", failed.get(0).attributes().get("reason"));
      assertEquals("audit", failed.get(0).attributes().get("signingKey"));
      assertEquals(SigningPublicKey.kid(keyIdOf(sig)), failed.get(0).attributes().get("keyId"));
    }
  }

  @Test
  void sign_ed25519_isDeterministic_ecdsaIsRandomized() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createSigningKeys("ed", SignatureAlgorithm.ED25519);
      ring.createSigningKeys("ec", SignatureAlgorithm.ECDSA_P256_SHA256);
      assertArrayEquals(ring.signer("ed").sign(DATA), ring.signer("ed").sign(DATA));
      assertFalse(java.util.Arrays.equals(ring.signer("ec").sign(DATA), ring.signer("ec").sign(DATA)));
    }
  }

  // ------------------------------------------------------------ creation and names

  @Test
  void sign_firstUse_createsEd25519Keyset() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    try (KeyRing ring = ks.open()) {
      assertEquals(List.of(), ring.signingKeys("audit"));
      ring.signer("audit").sign(DATA);
      List<SigningKeyMetadata> keys = ring.signingKeys("audit");
      assertEquals(1, keys.size());
      SigningKeyMetadata k = keys.get(0);
      assertEquals("audit", k.keyName());
      assertEquals(SignatureAlgorithm.ED25519, k.algorithm());
      assertEquals(KeyStatus.ENABLED, k.status());
      assertTrue(k.primary());
      assertEquals(TestKeyStore.START, k.createdAt());
      assertEquals(8, k.kid().length());
      assertEquals(1, ks.events.ofType(SignatureEvents.SIGNING_KEY_CREATED).size());
    }
  }

  @Test
  void sign_withoutCreateOnFirstUse_throwsKeyNotFoundUntilCreated() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    try (KeyRing ring = ks.builder().createKeysOnFirstUse(false).build()) {
      Signer signer = ring.signer("audit");
      assertThrows(KeyNotFoundException.class, () -> signer.sign(DATA));
      assertEquals(List.of(), ring.signingKeyNames());
      ring.createSigningKeys("audit", SignatureAlgorithm.ECDSA_P256_SHA256);
      ring.signatureVerifier("audit").verify(signer.sign(DATA), DATA);
    }
  }

  @Test
  void createSigningKeys_isIdempotent_andRefusesOtherAlgorithm() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      SigningKeyMetadata a = ring.createSigningKeys("audit", SignatureAlgorithm.ECDSA_P256_SHA256);
      SigningKeyMetadata b = ring.createSigningKeys("audit", SignatureAlgorithm.ECDSA_P256_SHA256);
      assertEquals(a.keyId(), b.keyId());
      assertEquals(1, ring.signingKeys("audit").size());
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> ring.createSigningKeys("audit", SignatureAlgorithm.ED25519));
      assertTrue(message(e).contains("ECDSA_P256_SHA256"), message(e));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Audit", "a b", "-audit", "audit/x", "ä", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
  void signer_malformedName_refused(String name) throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      assertThrows(IllegalArgumentException.class, () -> ring.signer(name));
      assertThrows(IllegalArgumentException.class, () -> ring.signatureVerifier(name));
      assertThrows(IllegalArgumentException.class, () -> ring.rotateSigningKey(name));
      assertThrows(IllegalArgumentException.class, () -> ring.publicKeys(name));
    }
  }

  @Test
  void storage_usesOwnBlobNames_notTenants() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    String longest = "z".repeat(64);
    try (KeyRing ring = ks.open()) {
      ring.signer("audit").sign(DATA);
      ring.signer("provenance.v2_x-y").sign(DATA);
      ring.signer(longest).sign(DATA);
      ring.encryptor().encrypt(DATA, EncryptionContext.of("acme", "p", "r"));
      assertEquals("sig-mf2wi2lu", SigningKeyRing.storageName("audit"));
      assertTrue(Files.isRegularFile(dir.resolve("sig-mf2wi2lu")));
      assertTrue(SigningKeyRing.storageName(longest).length() <= 200);
      assertEquals(List.of(KeyScope.tenant("acme")), ring.tenants());
      assertEquals(List.of("audit", "provenance.v2_x-y", longest), ring.signingKeyNames());
    }
  }

  @Test
  void closedKeyRing_refusesSigning() throws Exception {
    KeyRing ring = new TestKeyStore(dir).open();
    Signer signer = ring.signer("audit");
    byte[] sig = signer.sign(DATA);
    SignatureVerifier v = ring.signatureVerifier("audit");
    ring.close();
    assertThrows(IllegalStateException.class, () -> signer.sign(DATA));
    assertThrows(IllegalStateException.class, () -> v.verify(sig, DATA));
    assertThrows(IllegalStateException.class, () -> ring.signer("audit"));
  }

  // ------------------------------------------------------------ rotation and status

  @Test
  void rotateSigningKey_oldSignaturesStillVerify() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    try (KeyRing ring = ks.open()) {
      Signer signer = ring.signer("audit");
      SignatureVerifier v = ring.signatureVerifier("audit");
      byte[] old = signer.sign(DATA);
      ks.clock.advance(Duration.ofDays(1));
      SigningKeyMetadata second = ring.rotateSigningKey("audit");
      assertEquals(SignatureAlgorithm.ED25519, second.algorithm(), "keeps the primary's algorithm");
      byte[] fresh = signer.sign(DATA);
      assertEquals(second.keyId(), keyIdOf(fresh));
      assertNotEquals(keyIdOf(old), keyIdOf(fresh));
      SigningKeyMetadata third = ring.rotateSigningKey("audit", SignatureAlgorithm.ECDSA_P256_SHA256);
      byte[] ecdsa = signer.sign(DATA);
      assertEquals(SignatureAlgorithm.ECDSA_P256_SHA256.id(), ecdsa[1]);
      assertEquals(third.keyId(), keyIdOf(ecdsa));
      v.verify(old, DATA);
      v.verify(fresh, DATA);
      v.verify(ecdsa, DATA);

      List<SigningKeyMetadata> keys = ring.signingKeys("audit");
      assertEquals(3, keys.size());
      assertEquals(List.of(false, false, true), keys.stream().map(SigningKeyMetadata::primary).toList());
      assertEquals(TestKeyStore.START, keys.get(0).createdAt());
      assertEquals(TestKeyStore.START.plus(Duration.ofDays(1)), keys.get(1).createdAt());
      assertEquals(2, ks.events.ofType(SignatureEvents.SIGNING_KEY_ROTATED).size());
    }
  }

  @Test
  void rotateSigningKey_byAnotherKeyRing_verifiesAtOnce() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    try (KeyRing a = ks.open();
        KeyRing b = ks.open()) {
      SignatureVerifier v = a.signatureVerifier("audit");
      v.verify(a.signer("audit").sign(DATA), DATA); // a caches the keyset
      b.rotateSigningKey("audit");
      byte[] byB = b.signer("audit").sign(DATA);
      v.verify(byB, DATA); // unknown key id in a's cache: re-read once
    }
  }

  @Test
  void disableSigningKey_refusesItsSignatures_untilEnabled() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    try (KeyRing ring = ks.open()) {
      byte[] old = ring.signer("audit").sign(DATA);
      long oldId = keyIdOf(old);
      SigningKeyMetadata primary = ring.rotateSigningKey("audit");
      IllegalStateException primaryRefused =
          assertThrows(IllegalStateException.class, () -> ring.disableSigningKey("audit", primary.keyId()));
      assertTrue(message(primaryRefused).contains("primary"), message(primaryRefused));

      ring.disableSigningKey("audit", oldId);
      SignatureVerifier v = ring.signatureVerifier("audit");
      KeyDisabledException e = assertThrows(KeyDisabledException.class, () -> v.verify(old, DATA));
      assertEquals(oldId, e.keyId());
      assertEquals(KeyStatus.DISABLED, ring.signingKeys("audit").get(0).status());
      assertEquals(List.of(primary.keyId()), ring.publicKeys("audit").keys().stream().map(SigningPublicKey::keyId).toList());

      ring.enableSigningKey("audit", oldId);
      v.verify(old, DATA);
      assertEquals(1, ks.events.ofType(SignatureEvents.SIGNING_KEY_DISABLED).size());
      assertEquals(1, ks.events.ofType(SignatureEvents.SIGNING_KEY_ENABLED).size());
      assertThrows(KeyNotFoundException.class, () -> ring.disableSigningKey("audit", 12345));
      assertThrows(KeyNotFoundException.class, () -> ring.disableSigningKey("nobody", oldId));
    }
  }

  @Test
  void destroySigningKey_refusesItsSignatures_andErasesMaterial() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    try (KeyRing ring = ks.open()) {
      ring.createSigningKeys("audit", SignatureAlgorithm.ECDSA_P256_SHA256);
      byte[] old = ring.signer("audit").sign(DATA);
      long oldId = keyIdOf(old);
      byte[] oldPublic = ring.publicKeys("audit").key(oldId).subjectPublicKeyInfo();
      byte[] oldRawPublic = java.util.Arrays.copyOfRange(oldPublic, oldPublic.length - 64, oldPublic.length);
      SigningKeyMetadata primary = ring.rotateSigningKey("audit");
      assertThrows(IllegalStateException.class, () -> ring.destroySigningKey("audit", primary.keyId()));

      ring.destroySigningKey("audit", oldId);
      KeyDestroyedException e =
          assertThrows(KeyDestroyedException.class, () -> ring.signatureVerifier("audit").verify(old, DATA));
      assertEquals(oldId, e.keyId());
      assertThrows(KeyDestroyedException.class, () -> ring.destroySigningKey("audit", oldId));
      assertThrows(KeyDestroyedException.class, () -> ring.enableSigningKey("audit", oldId));
      assertEquals(KeyStatus.DESTROYED, ring.signingKeys("audit").get(0).status());
      assertEquals(1, ring.publicKeys("audit").keys().size());

      SigningKey destroyed = Objects.requireNonNull(stored(ks, "audit").find(oldId));
      assertEquals(KeyStatus.DESTROYED, destroyed.status());
      assertEquals(null, destroyed.publicKey());
      assertFalse(TestKeyStore.contains(Files.readAllBytes(dir.resolve(SigningKeyRing.storageName("audit"))), oldRawPublic));
      ring.signatureVerifier("audit").verify(ring.signer("audit").sign(DATA), DATA);
    }
    // A fresh key ring reads the same state from the store.
    try (KeyRing ring = ks.open()) {
      assertEquals(KeyStatus.DESTROYED, ring.signingKeys("audit").get(0).status());
    }
  }

  @Test
  void privateKey_neverInStoreInClear() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    try (KeyRing ring = ks.open()) {
      ring.signer("audit").sign(DATA);
      byte[] file = Files.readAllBytes(dir.resolve(SigningKeyRing.storageName("audit")));
      // The unwrapped payload holds the private key; the file on disk must not.
      byte[] payload = payload(ks, "audit");
      // One Ed25519 key: the payload ends with u8 32 | private (32) | u8 32 | public (32).
      int end = payload.length - 32 - 1;
      assertEquals(32, payload[end]);
      assertEquals(32, payload[end - 32 - 1]);
      byte[] seed = java.util.Arrays.copyOfRange(payload, end - 32, end);
      assertEquals(32, seed.length);
      assertFalse(TestKeyStore.contains(file, seed));
      assertFalse(ring.signer("audit").toString().contains("sig-"), "toString names no storage or keys");
    }
  }

  private static byte[] payload(TestKeyStore ks, String name) throws Exception {
    String blob = SigningKeyRing.storageName(name);
    SigningKeysetCodec.WrappedSigningKeyset w =
        SigningKeysetCodec.decodeFile(Files.readAllBytes(ks.dir.resolve(blob)), blob);
    return ks.kek().unwrap(w.wrapped, SigningKeysetCodec.wrapAssociatedData(blob));
  }

  // ------------------------------------------------------------ damaged and moved files

  @Test
  void storeFile_corrupted_failsTyped() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    try (KeyRing ring = ks.open()) {
      ring.signer("audit").sign(DATA);
    }
    Path file = dir.resolve(SigningKeyRing.storageName("audit"));
    byte[] content = Files.readAllBytes(file);
    content[content.length / 2] ^= 1;
    Files.write(file, content);
    try (KeyRing ring = ks.open()) {
      KeyStoreAccessException e = assertThrows(KeyStoreAccessException.class, () -> ring.signer("audit").sign(DATA));
      assertTrue(message(e).contains("corrupted"), message(e));
      assertThrows(KeyStoreAccessException.class, () -> ring.signingKeys("audit"));
      assertThrows(KeyStoreAccessException.class, () -> ring.rotateSigningKey("audit"));
    }
    assertArrayEquals(content, Files.readAllBytes(file), "a failed rotation must not overwrite the file");
  }

  @Test
  void storeFile_forgedWithValidChecksum_failsAuthentication() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    byte[] sig;
    try (KeyRing ring = ks.open()) {
      sig = ring.signer("audit").sign(DATA);
    }
    String blob = SigningKeyRing.storageName("audit");
    Path file = dir.resolve(blob);
    SigningKeysetCodec.WrappedSigningKeyset w = SigningKeysetCodec.decodeFile(Files.readAllBytes(file), blob);
    byte[] wrapped = w.wrapped.clone();
    wrapped[wrapped.length - 5] ^= 1;
    Files.write(file, SigningKeysetCodec.encodeFile(w.kekId, wrapped));
    try (KeyRing ring = ks.open()) {
      KeyStoreAccessException e =
          assertThrows(KeyStoreAccessException.class, () -> ring.signatureVerifier("audit").verify(sig, DATA));
      assertTrue(message(e).contains("failed authentication"), message(e));
    }
  }

  @Test
  void storeFile_movedToAnotherName_failsTyped() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    byte[] sig;
    try (KeyRing ring = ks.open()) {
      sig = ring.signer("audit").sign(DATA);
      ring.createSigningKeys("provenance", SignatureAlgorithm.ED25519);
    }
    // Replace provenance's keyset with audit's: whoever holds audit's key would sign "provenance".
    Files.copy(
        dir.resolve(SigningKeyRing.storageName("audit")),
        dir.resolve(SigningKeyRing.storageName("provenance")),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (KeyRing ring = ks.open()) {
      KeyStoreAccessException e =
          assertThrows(KeyStoreAccessException.class, () -> ring.signatureVerifier("provenance").verify(sig, DATA));
      assertTrue(message(e).contains("modified or moved"), message(e));
      assertThrows(KeyStoreAccessException.class, () -> ring.publicKeys("provenance"));
      ring.signatureVerifier("audit").verify(sig, DATA);
    }
  }

  @Test
  void storeFile_dataKeysetUnderSigningName_failsTyped() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    try (KeyRing ring = ks.open()) {
      ring.encryptor().encrypt(DATA, EncryptionContext.of("acme", "p", "r"));
      Files.copy(dir.resolve(ring.storageName(KeyScope.tenant("acme"))), dir.resolve(SigningKeyRing.storageName("audit")));
    }
    try (KeyRing ring = ks.open()) {
      KeyStoreAccessException e = assertThrows(KeyStoreAccessException.class, () -> ring.signer("audit").sign(DATA));
      assertTrue(message(e).contains("not a signing keyset file"), message(e));
    }
  }

  @Test
  void storeFile_signingKeysetUnderTenantName_failsTyped() throws Exception {
    TestKeyStore ks = new TestKeyStore(dir);
    String tenantBlob;
    try (KeyRing ring = ks.open()) {
      ring.signer("audit").sign(DATA);
      tenantBlob = ring.storageName(KeyScope.tenant("acme"));
    }
    Files.copy(dir.resolve(SigningKeyRing.storageName("audit")), dir.resolve(tenantBlob));
    try (KeyRing ring = ks.open()) {
      assertThrows(
          KeyStoreAccessException.class, () -> ring.encryptor().encrypt(DATA, EncryptionContext.of("acme", "p", "r")));
    }
  }
}
