package io.waas.crypto.conformance;

import static io.waas.crypto.conformance.Wycheproof.hex;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof HMAC-SHA256 vectors through JCE {@code Mac HmacSHA256}: the MAC inside HKDF and the
 * keyed hash of data-subject storage names.
 */
class WycheproofHmacSha256Test {
  private static final String FILE = "hmac_sha256_test.json";

  @Test
  void hmacSha256_jceMac_passesAllVectors() throws IOException, GeneralSecurityException {
    JsonNode vectors = Wycheproof.load(FILE);
    Wycheproof.Tally tally = new Wycheproof.Tally(FILE, "JCE Mac HmacSHA256", vectors);
    Mac mac = Mac.getInstance("HmacSHA256");
    for (JsonNode group : vectors.path("testGroups")) {
      // Groups with tagSize 128 verify a truncated tag: compare only the leading bytes.
      int tagBytes = group.path("tagSize").asInt() / 8;
      for (JsonNode test : group.path("tests")) {
        mac.init(new SecretKeySpec(hex(test, "key"), "HmacSHA256"));
        byte[] full = mac.doFinal(hex(test, "msg"));
        byte[] expected = Arrays.copyOf(full, tagBytes);
        boolean accepted = MessageDigest.isEqual(expected, hex(test, "tag"));
        tally.record(test, accepted, accepted ? "tag verified" : "tag did not verify");
      }
    }
    tally.finish();
  }
}
