package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The otpauth URI parser on arbitrary text: a URI that round-trips, or a typed failure that leaks nothing. */
class OtpAuthUriFuzzTest {
  private static final Pattern SECRET = Pattern.compile("secret=([A-Za-z2-7]{16,})");

  @FuzzTest
  void parse_arbitraryText_roundTripsOrThrowsOnlyMalformedUri(byte[] input) throws Exception {
    String text = new String(input, StandardCharsets.UTF_8);
    OtpAuthUri uri;
    try {
      uri = OtpAuthUri.parse(text);
    } catch (MalformedOtpAuthUriException e) {
      String message = String.valueOf(e.getMessage());
      // Short inputs can equal fixed message text ("expected the prefix 'waas-totp1.'").
      assertTrue(text.length() < 24 || !message.contains(text), "the message must not quote the input");
      Matcher m = SECRET.matcher(text);
      while (m.find()) {
        assertFalse(message.contains(m.group(1)), "the message must not contain the secret");
      }
      return;
    }
    assertTrue(text.startsWith("otpauth://totp/") || text.startsWith("otpauth://hotp/"));
    // Whatever was accepted formats to a URI that parses back to the same value.
    String formatted = uri.toUriString();
    assertEquals(uri, OtpAuthUri.parse(formatted));
    assertEquals(formatted, OtpAuthUri.parse(formatted).toUriString());
    // toString is the URI with exactly the secret redacted ('=' in names is percent-encoded).
    assertEquals(formatted.replaceFirst("secret=[A-Z2-7]+", "secret=REDACTED"), uri.toString());
  }
}
