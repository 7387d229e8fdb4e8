package io.waas.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.waas.core.MalformedDataException;

/**
 * The detached signature parser on arbitrary bytes: a parsed signature or {@link
 * MalformedDataException}, nothing else; and what it accepts re-encodes to the same bytes, so the
 * parser accepts nothing the writer would not produce.
 */
class DetachedSignatureFuzzTest {
  @FuzzTest
  void parse_arbitraryBytes_throwsOnlyMalformedData(byte[] input) {
    DetachedSignature s;
    try {
      s = DetachedSignature.parse(input);
    } catch (MalformedDataException e) {
      return; // the only allowed failure; any RuntimeException fails the test
    }
    assertEquals(DetachedSignature.LENGTH, input.length);
    assertEquals(DetachedSignature.VERSION, input[0]);
    assertEquals(input[1] & 0xff, s.algorithm().id());
    long keyId =
        ((long) (input[2] & 0xff) << 24) | ((input[3] & 0xff) << 16) | ((input[4] & 0xff) << 8) | (input[5] & 0xff);
    assertEquals(keyId, s.keyId());
    assertNotEquals(0, s.keyId());
    assertArrayEquals(input, DetachedSignature.encode(s.algorithm(), s.keyId(), s.raw()));
  }
}
