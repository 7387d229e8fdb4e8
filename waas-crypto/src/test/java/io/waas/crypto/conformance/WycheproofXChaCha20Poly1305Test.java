package io.waas.crypto.conformance;

import static io.waas.crypto.conformance.Wycheproof.concat;
import static io.waas.crypto.conformance.Wycheproof.hex;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.aead.XChaCha20Poly1305Key;
import com.google.crypto.tink.aead.internal.XChaCha20Poly1305Jce;
import com.google.crypto.tink.subtle.XChaCha20Poly1305;
import com.google.crypto.tink.util.SecretBytes;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof XChaCha20-Poly1305 vectors through the primitive {@code AeadEngine} uses: {@link
 * XChaCha20Poly1305Jce} built from a prefix-less {@link XChaCha20Poly1305Key}, and Tink's pure-Java
 * {@link XChaCha20Poly1305}, the engine's fallback when the JCE has no ChaCha20-Poly1305.
 */
class WycheproofXChaCha20Poly1305Test {
  private static final String FILE = "xchacha20_poly1305_test.json";

  /** Interface for building the primitive under test from a raw key. */
  @FunctionalInterface
  private interface AeadFactory {
    Aead create(byte[] key) throws GeneralSecurityException;
  }

  @AccessesPartialKey // the SDK builds this key from raw derived bytes in the same way
  private static Aead jce(byte[] key) throws GeneralSecurityException {
    return XChaCha20Poly1305Jce.create(
        XChaCha20Poly1305Key.create(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get())));
  }

  @Test
  void xChaCha20Poly1305_jce_passesAllApplicableVectors() throws IOException {
    JsonNode vectors = Wycheproof.load(FILE);
    // Tink refuses JCE ChaCha20-Poly1305 implementations that fail its self-check (some JDK 17
    // builds); AeadEngine then uses the pure-Java class, which the next test covers.
    assumeTrue(
        XChaCha20Poly1305Jce.isSupported(),
        "Tink does not use this JDK's ChaCha20-Poly1305; AeadEngine falls back to pure Java");
    run(vectors, "XChaCha20Poly1305Jce", WycheproofXChaCha20Poly1305Test::jce);
  }

  @Test
  void xChaCha20Poly1305_pureJavaFallback_passesAllApplicableVectors() throws IOException {
    run(Wycheproof.load(FILE), "XChaCha20Poly1305 (pure-Java fallback)", XChaCha20Poly1305::new);
  }

  private static void run(JsonNode vectors, String primitive, AeadFactory factory) {
    Wycheproof.Tally tally = new Wycheproof.Tally(FILE, primitive, vectors);
    for (JsonNode group : vectors.path("testGroups")) {
      // The primitive takes a 24-byte nonce in front of the ciphertext and nothing else: vectors
      // with other nonce sizes test an interface it does not have.
      boolean applicable =
          group.path("ivSize").asInt() == 192
              && group.path("keySize").asInt() == 256
              && group.path("tagSize").asInt() == 128;
      for (JsonNode test : group.path("tests")) {
        if (!applicable) {
          tally.notApplicable();
          continue;
        }
        byte[] input = concat(hex(test, "iv"), concat(hex(test, "ct"), hex(test, "tag")));
        String detail;
        boolean accepted;
        try {
          byte[] decrypted = factory.create(hex(test, "key")).decrypt(input, hex(test, "aad"));
          accepted = Arrays.equals(hex(test, "msg"), decrypted);
          detail = accepted ? "accepted" : "decrypted to a different message";
        } catch (GeneralSecurityException e) {
          accepted = false;
          detail = "rejected: " + e;
        }
        tally.record(test, accepted, detail);
      }
    }
    tally.finish();
  }
}
