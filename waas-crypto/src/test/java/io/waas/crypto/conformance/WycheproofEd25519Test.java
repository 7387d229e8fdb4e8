package io.waas.crypto.conformance;

import static io.waas.crypto.conformance.Wycheproof.hex;

import com.fasterxml.jackson.databind.JsonNode;
import io.waas.core.MalformedDataException;
import io.waas.crypto.PublicKeySet;
import io.waas.crypto.SignatureAlgorithm;
import io.waas.crypto.SignatureVerifier;
import io.waas.crypto.VerificationFailedException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof Ed25519 vectors through the SDK's verification path: the group key imported as a JWK
 * Set, each signature wrapped in the SDK's detached format and checked by {@link
 * PublicKeySet#verifier()} (the same Tink verifier the key ring uses).
 */
class WycheproofEd25519Test {
  private static final String FILE = "ed25519_test.json";

  @Test
  void ed25519_publicKeySetVerifier_passesAllVectors() throws IOException, GeneralSecurityException {
    JsonNode vectors = Wycheproof.load(FILE);
    Wycheproof.Tally tally = new Wycheproof.Tally(FILE, "PublicKeySet verifier, Ed25519 (Tink)", vectors);
    for (JsonNode group : vectors.path("testGroups")) {
      SignatureVerifier verifier;
      try {
        verifier = WycheproofSignatures.importKey(group).verifier();
      } catch (MalformedDataException e) {
        for (JsonNode test : group.path("tests")) {
          tally.record(test, false, "public key refused on import: " + String.valueOf(e.getMessage()));
        }
        continue;
      }
      for (JsonNode test : group.path("tests")) {
        byte[] signature = WycheproofSignatures.sdkSignature(SignatureAlgorithm.ED25519, hex(test, "sig"));
        boolean accepted;
        String detail;
        try {
          verifier.verify(signature, hex(test, "msg"));
          accepted = true;
          detail = "verified";
        } catch (MalformedDataException | VerificationFailedException e) {
          accepted = false;
          detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        tally.record(test, accepted, detail);
      }
    }
    tally.finish();
  }
}
