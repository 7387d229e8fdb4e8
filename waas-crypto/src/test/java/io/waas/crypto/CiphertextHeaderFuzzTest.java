package io.waas.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.waas.crypto.internal.AeadEngine;

/** The header parser on arbitrary bytes: a header or {@link MalformedCiphertextException}. */
class CiphertextHeaderFuzzTest {
  @FuzzTest
  void parse_arbitraryBytes_throwsOnlyMalformedCiphertext(byte[] input) {
    CiphertextHeader h;
    try {
      h = CiphertextHeader.parse(input);
    } catch (MalformedCiphertextException e) {
      return; // the only allowed failure; any RuntimeException fails the test
    }
    // Accepted input must really be laid out as the format says.
    assertEquals(AeadEngine.MAGIC0, input[0]);
    assertEquals(AeadEngine.MAGIC1, input[1]);
    assertEquals(AeadEngine.FORMAT_VERSION, h.formatVersion());
    assertEquals(input[2] & 0xff, h.formatVersion());
    assertEquals(input[3] & 0xff, h.algorithm().id());
    long keyId =
        ((long) (input[4] & 0xff) << 24) | ((input[5] & 0xff) << 16) | ((input[6] & 0xff) << 8) | (input[7] & 0xff);
    assertEquals(keyId, h.keyId());
    assertNotEquals(0, h.keyId());
    assertTrue(input.length >= CiphertextHeader.overhead(h.algorithm()), "shorter than the overhead");
  }
}
