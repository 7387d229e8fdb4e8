package io.waas.crypto.conformance;

import static io.waas.crypto.conformance.Wycheproof.hex;

import com.fasterxml.jackson.databind.JsonNode;
import io.waas.crypto.internal.HmacSha256;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Wycheproof HMAC-SHA256 vectors through the SDK's own {@link HmacSha256} (the blind index's MAC),
 * on both of its paths: cloned precomputed key-block states, and the per-thread JCE {@code Mac}
 * fallback. Truncated-tag groups compare the leading bytes, as blind index tokens do.
 */
class WycheproofBlindIndexHmacTest {
  private static final String FILE = "hmac_sha256_test.json";

  @ParameterizedTest(name = "precomputed = {0}")
  @ValueSource(booleans = {true, false})
  void hmacSha256_sdkImplementation_passesAllVectors(boolean precomputed)
      throws IOException, GeneralSecurityException {
    JsonNode vectors = Wycheproof.load(FILE);
    Wycheproof.Tally tally =
        new Wycheproof.Tally(FILE, "internal.HmacSha256 (" + (precomputed ? "precomputed states" : "Mac") + ")", vectors);
    for (JsonNode group : vectors.path("testGroups")) {
      int tagBytes = group.path("tagSize").asInt() / 8;
      for (JsonNode test : group.path("tests")) {
        HmacSha256 mac = new HmacSha256(hex(test, "key"), precomputed);
        if (mac.usesPrecomputedStates() != precomputed) {
          throw new AssertionError("the JDK's SHA-256 must be cloneable, so both paths run");
        }
        byte[] out = new byte[tagBytes];
        mac.compute(hex(test, "msg"), out, 0, tagBytes);
        boolean accepted = MessageDigest.isEqual(out, hex(test, "tag"));
        tally.record(test, accepted, accepted ? "tag matched" : "tag " + Arrays.toString(out) + " did not match");
      }
    }
    tally.finish();
  }
}
