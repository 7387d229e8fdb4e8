package io.waas.auth.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.SecretBytes;
import io.waas.core.SecurityEventListener;
import io.waas.core.WaasSecurityException;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.MasterKeySource;
import io.waas.crypto.MessageAuthenticator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API key hashes made with HMAC under a key ring key instead of SHA-256. */
class ApiKeysHashingKeyTest {
  private static final KeyScope SCOPE = KeyScope.tenant("platform");

  @TempDir
  @SuppressWarnings("NullAway.Init")
  Path dir;

  @SuppressWarnings("NullAway.Init")
  KeyRing keyRing;

  final InMemoryApiKeyStore store = new InMemoryApiKeyStore();

  @BeforeEach
  void openKeyRing() throws Exception {
    keyRing = KeyRing.builder().directory(dir).masterKey(MasterKeySource.keyMaterial(SecretBytes.random(32)))
        .eventListener(SecurityEventListener.none()).build();
  }

  @AfterEach
  void closeKeyRing() {
    keyRing.close();
  }

  ApiKeys withHashingKey() {
    MessageAuthenticator mac = keyRing.messageAuthenticator(SCOPE, "api-key-hash");
    return ApiKeys.builder(ApiKeyEnvironment.LIVE).store(store).hashingKey(mac)
        .eventListener(SecurityEventListener.none()).build();
  }

  ApiKeys plain() {
    return ApiKeys.builder(ApiKeyEnvironment.LIVE).store(store).eventListener(SecurityEventListener.none()).build();
  }

  @Test
  void issue_withHashingKey_storesHmacThatPlainSha256CannotConfirm() throws Exception {
    IssuedApiKey k = withHashingKey().issue(ApiKeyRequest.builder("acme", "k").build());
    byte[] stored = store.find(k.keyId()).orElseThrow().keyHash();
    assertEquals(1 + MessageAuthenticator.TAG_LENGTH, stored.length);
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(k.plaintext().getBytes(StandardCharsets.US_ASCII));
    assertFalse(Arrays.equals(sha, Arrays.copyOfRange(stored, stored.length - 32, stored.length)),
        "a stolen table alone does not confirm a guessed key");
    assertTrue(withHashingKey().verify(k.plaintext()).isValid());
  }

  @Test
  void verify_afterKeyRingRotation_oldHashesStillVerify() throws Exception {
    IssuedApiKey before = withHashingKey().issue(ApiKeyRequest.builder("acme", "k").build());
    keyRing.rotate(SCOPE);
    IssuedApiKey after = withHashingKey().issue(ApiKeyRequest.builder("acme", "k2").build());
    assertTrue(withHashingKey().verify(before.plaintext()).isValid());
    assertTrue(withHashingKey().verify(after.plaintext()).isValid());
    long beforeKey = MessageAuthenticator.keyIdOf(tail(store.find(before.keyId()).orElseThrow().keyHash()));
    long afterKey = MessageAuthenticator.keyIdOf(tail(store.find(after.keyId()).orElseThrow().keyHash()));
    assertTrue(beforeKey != afterKey, "new keys hash under the new primary");
  }

  @Test
  void verify_sha256KeysIssuedBeforeHashingKeyWasConfigured_stillVerify() throws Exception {
    IssuedApiKey old = plain().issue(ApiKeyRequest.builder("acme", "k").build());
    assertTrue(withHashingKey().verify(old.plaintext()).isValid());
  }

  @Test
  void verify_hmacHashWithoutHashingKey_throws() throws Exception {
    IssuedApiKey k = withHashingKey().issue(ApiKeyRequest.builder("acme", "k").build());
    WaasSecurityException e = assertThrows(WaasSecurityException.class, () -> plain().verify(k.plaintext()));
    assertFalse(String.valueOf(e.getMessage()).contains(k.plaintext()));
  }

  private static byte[] tail(byte[] stored) {
    return Arrays.copyOfRange(stored, 1, stored.length);
  }
}
