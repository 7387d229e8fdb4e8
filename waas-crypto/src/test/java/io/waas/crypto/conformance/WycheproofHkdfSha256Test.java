package io.waas.crypto.conformance;

import static io.waas.crypto.conformance.Wycheproof.hex;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.subtle.Hkdf;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Wycheproof HKDF-SHA256 vectors through Tink's {@link Hkdf}, which derives every SDK key. */
class WycheproofHkdfSha256Test {
  private static final String FILE = "hkdf_sha256_test.json";

  @Test
  void hkdfSha256_tinkHkdf_passesAllVectors() throws IOException {
    JsonNode vectors = Wycheproof.load(FILE);
    Wycheproof.Tally tally = new Wycheproof.Tally(FILE, "Hkdf.computeHkdf(HMACSHA256)", vectors);
    for (JsonNode group : vectors.path("testGroups")) {
      for (JsonNode test : group.path("tests")) {
        // Invalid vectors ask for more than 255 * 32 bytes: HKDF must refuse, not truncate.
        String detail;
        boolean accepted;
        try {
          byte[] okm =
              Hkdf.computeHkdf(
                  "HMACSHA256",
                  hex(test, "ikm"),
                  hex(test, "salt"),
                  hex(test, "info"),
                  test.path("size").asInt());
          accepted = Arrays.equals(hex(test, "okm"), okm);
          detail = accepted ? "accepted" : "derived different output";
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
