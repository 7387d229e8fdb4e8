package io.waas.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.waas.core.KeyNotFoundException;
import io.waas.core.MalformedDataException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * The JWK Set parser and the public-key verifier on arbitrary input. A public key set decides whose
 * signatures are trusted, and often arrives over the network: anything but a valid set must fail
 * with {@link MalformedDataException}, and what is accepted must survive export and re-import
 * unchanged.
 */
class PublicKeySetFuzzTest {
  /** One Ed25519 key (kid 0000000a) and one P-256 key (kid 0000000b). */
  private static final String KEYS =
      "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\","
          + "\"kid\":\"0000000a\"},{\"kty\":\"EC\",\"crv\":\"P-256\","
          + "\"x\":\"KSexBRK64-3c_kZ4KBKLrSkDJpkZ9whgacjE32xzKDg\","
          + "\"y\":\"x3h5ZOqsAOWSH7FJimD0YGdms9loUAFVjRqXTnNBUT4\",\"kid\":\"0000000b\"}]}";

  @FuzzTest
  void fromJwkSetJson_arbitraryText_throwsOnlyMalformedData(byte[] input) throws MalformedDataException {
    String json = new String(input, StandardCharsets.UTF_8);
    PublicKeySet set;
    try {
      set = PublicKeySet.fromJwkSetJson(json);
    } catch (MalformedDataException e) {
      return; // the only allowed failure; any RuntimeException fails the test
    }
    assertFalse(set.keys().isEmpty());
    assertEquals(set, PublicKeySet.fromJwkSetJson(set.toJwkSetJson()));
  }

  @FuzzTest
  void verify_arbitrarySignature_throwsOnlyTypedFailures(byte[] signature) throws GeneralSecurityException {
    SignatureVerifier v = PublicKeySet.fromJwkSetJson(KEYS).verifier();
    try {
      v.verify(signature, new byte[] {1, 2, 3});
    } catch (MalformedDataException | KeyNotFoundException | VerificationFailedException e) {
      return;
    }
    throw new AssertionError("an arbitrary signature verified");
  }
}
