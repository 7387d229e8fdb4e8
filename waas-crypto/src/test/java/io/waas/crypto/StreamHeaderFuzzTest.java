package io.waas.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The stream header parser on arbitrary bytes: a header or {@link MalformedCiphertextException}. */
class StreamHeaderFuzzTest {
  @FuzzTest
  void parse_arbitraryBytes_throwsOnlyMalformedCiphertext(byte[] input) {
    StreamHeader h;
    try {
      h = StreamHeader.parse(input);
    } catch (MalformedCiphertextException e) {
      assertTrue(!String.valueOf(e.getMessage()).isBlank(), "a refusal says why");
      return; // the only allowed failure; any RuntimeException fails the test
    }
    // Accepted input must really be laid out as the format says.
    assertTrue(input.length >= StreamHeader.LENGTH, "shorter than the header");
    assertTrue(StreamHeader.hasMagic(input));
    assertEquals('W', input[0]);
    assertEquals('S', input[1]);
    assertEquals(StreamHeader.FORMAT_VERSION, input[2] & 0xff);
    assertEquals(1, input[3] & 0xff, "suite");
    long keyId =
        ((long) (input[4] & 0xff) << 24) | ((input[5] & 0xff) << 16) | ((input[6] & 0xff) << 8) | (input[7] & 0xff);
    assertEquals(keyId, h.keyId());
    assertNotEquals(0, h.keyId());
    int shift = input[40] & 0xff;
    assertTrue(shift >= 12 && shift <= 20, "segment size out of range accepted: 2^" + shift);
    assertEquals(1 << shift, h.segmentSize());
  }
}
