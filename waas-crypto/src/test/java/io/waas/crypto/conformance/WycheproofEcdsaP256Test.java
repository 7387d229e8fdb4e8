package io.waas.crypto.conformance;

import static io.waas.crypto.conformance.Wycheproof.hex;

import com.fasterxml.jackson.databind.JsonNode;
import io.waas.core.MalformedDataException;
import io.waas.crypto.PublicKeySet;
import io.waas.crypto.RawSignatureEncoding;
import io.waas.crypto.SignatureAlgorithm;
import io.waas.crypto.SignatureVerifier;
import io.waas.crypto.SigningPublicKey;
import io.waas.crypto.VerificationFailedException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof ECDSA P-256/SHA-256 vectors through the SDK's verification paths: IEEE P1363
 * signatures in the SDK's detached format via {@link PublicKeySet#verifier()}, and DER signatures
 * via the documented interoperability option {@link SigningPublicKey#verifyRawSignature} with
 * {@link RawSignatureEncoding#ECDSA_DER}.
 */
class WycheproofEcdsaP256Test {
  private static final String P1363_FILE = "ecdsa_secp256r1_sha256_p1363_test.json";
  private static final String DER_FILE = "ecdsa_secp256r1_sha256_test.json";

  @Test
  void ecdsaP256P1363_publicKeySetVerifier_passesAllVectors() throws IOException, GeneralSecurityException {
    JsonNode vectors = Wycheproof.load(P1363_FILE);
    Wycheproof.Tally tally = new Wycheproof.Tally(P1363_FILE, "PublicKeySet verifier, ES256 P1363 (Tink, BC re-check for x(R) >= n)", vectors);
    for (JsonNode group : vectors.path("testGroups")) {
      SignatureVerifier verifier;
      try {
        verifier = WycheproofSignatures.importKey(group).verifier();
      } catch (MalformedDataException e) {
        refuseGroup(tally, group, e);
        continue;
      }
      for (JsonNode test : group.path("tests")) {
        byte[] signature = WycheproofSignatures.sdkSignature(SignatureAlgorithm.ECDSA_P256_SHA256, hex(test, "sig"));
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

  @Test
  void ecdsaP256Der_rawSignatureVerifier_passesAllVectors() throws IOException, GeneralSecurityException {
    JsonNode vectors = Wycheproof.load(DER_FILE);
    Wycheproof.Tally tally = new Wycheproof.Tally(DER_FILE, "SigningPublicKey.verifyRawSignature ECDSA_DER (Tink, BC re-check for x(R) >= n)", vectors);
    for (JsonNode group : vectors.path("testGroups")) {
      SigningPublicKey key;
      try {
        key = WycheproofSignatures.importKey(group).key(WycheproofSignatures.KEY_ID);
      } catch (MalformedDataException e) {
        refuseGroup(tally, group, e);
        continue;
      }
      for (JsonNode test : group.path("tests")) {
        boolean accepted;
        String detail;
        try {
          key.verifyRawSignature(hex(test, "sig"), hex(test, "msg"), RawSignatureEncoding.ECDSA_DER);
          accepted = true;
          detail = "verified";
        } catch (VerificationFailedException e) {
          accepted = false;
          detail = String.valueOf(e.getMessage());
        }
        tally.record(test, accepted, detail);
      }
    }
    tally.finish();
  }

  private static void refuseGroup(Wycheproof.Tally tally, JsonNode group, MalformedDataException e) {
    for (JsonNode test : group.path("tests")) {
      tally.record(test, false, "public key refused on import: " + String.valueOf(e.getMessage()));
    }
  }
}
