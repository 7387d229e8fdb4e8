package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.waas.core.MalformedDataException;
import java.nio.charset.StandardCharsets;

/** The factor storage parsers on arbitrary text: only canonical encodings are accepted. */
class FactorEncodingFuzzTest {
  @FuzzTest
  void parse_arbitraryText_acceptsOnlyCanonicalEncodings(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      TotpFactor t = TotpFactor.parse(text);
      assertEquals(text, t.encode(), "an accepted TOTP factor string is its canonical encoding");
      String sealed = FactorCodec.bytes(t.sealedSecret());
      assertTrue(sealed.length() < 8 || !t.toString().contains(sealed), "toString shows the sealed secret");
    } catch (MalformedDataException e) {
      String message = String.valueOf(e.getMessage());
      // Short inputs can equal fixed message text ("expected the prefix 'waas-totp1.'").
      assertTrue(text.length() < 24 || !message.contains(text), "the message must not quote the input");
    }
    try {
      HotpFactor h = HotpFactor.parse(text);
      assertEquals(text, h.encode(), "an accepted HOTP factor string is its canonical encoding");
    } catch (MalformedDataException e) {
      String message = String.valueOf(e.getMessage());
      assertTrue(text.length() < 24 || !message.contains(text), "the message must not quote the input");
    }
  }
}
