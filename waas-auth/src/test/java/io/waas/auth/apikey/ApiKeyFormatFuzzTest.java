package io.waas.auth.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** The API key parser on arbitrary text: a parsed key or {@link MalformedApiKeyException}. */
class ApiKeyFormatFuzzTest {
  @FuzzTest
  void parse_arbitraryText_throwsOnlyMalformedApiKey(byte[] bytes) {
    String input = new String(bytes, StandardCharsets.UTF_8);
    ApiKeyFormat.Parsed p;
    try {
      p = ApiKeyFormat.parse(input);
    } catch (MalformedApiKeyException e) {
      // The only allowed failure (any RuntimeException fails the test); it must not echo the input.
      if (input.length() >= 12) {
        assertFalse(String.valueOf(e.getMessage()).contains(input), "message repeats the input");
      }
      return;
    }
    // Accepted input must be exactly what the format writes for its parts.
    String secret = input.substring(input.length() - 38, input.length() - 6);
    assertEquals(input, ApiKeyFormat.format(p.environment(), p.tenant(), p.keyId(), secret));
    assertTrue(ApiKeyFormat.TENANT.matcher(p.tenant()).matches());
  }
}
