package io.waas.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.waas.core.MalformedDataException;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The key store's binary layers on arbitrary bytes. Key files come from disk (bit rot, truncation,
 * tampering) and must fail with checked SDK exceptions, never with a RuntimeException that would
 * escape the key ring's error handling. Accepted input must re-encode to the same bytes, so the
 * parsers accept nothing the writers would not produce.
 */
class KeysetCodecFuzzTest {
  @FuzzTest
  void decodeFile_arbitraryBytes_throwsOnlyMalformedData(byte[] input) {
    decodeFileAndCheck(input);
  }

  @FuzzTest
  void decodeFile_arbitraryBodyWithValidChecksum_throwsOnlyMalformedData(byte[] body) {
    // Random bytes almost never carry a valid SHA-256; append one so the fuzzer reaches the
    // layout parser behind the checksum.
    byte[] sum = KeysetCodec.sha256(body);
    byte[] file = Arrays.copyOf(body, body.length + sum.length);
    System.arraycopy(sum, 0, file, body.length, sum.length);
    decodeFileAndCheck(file);
  }

  private static void decodeFileAndCheck(byte[] file) {
    KeysetCodec.WrappedKeyset w;
    try {
      w = KeysetCodec.decodeFile(file, "fuzz");
    } catch (MalformedDataException e) {
      return; // declared; anything unchecked fails the test
    }
    assertArrayEquals(file, KeysetCodec.encodeFile(w.kekId, w.wrapped));
  }

  @FuzzTest
  void decodePayload_arbitraryBytes_throwsOnlyGeneralSecurityException(byte[] payload) {
    Keyset ks;
    try {
      ks = KeysetCodec.decodePayload(payload);
    } catch (GeneralSecurityException e) {
      // MalformedDataException for layout errors; a plain GeneralSecurityException when a key
      // cannot be instantiated (material present on a destroyed key or missing on a live one).
      return;
    }
    assertArrayEquals(payload, KeysetCodec.encodePayload(ks));
  }
}
