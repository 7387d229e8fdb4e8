package io.waas.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.waas.core.MalformedDataException;
import java.security.GeneralSecurityException;

/**
 * The signing keyset codec on arbitrary bytes. Its input is decrypted, so it is normally genuine;
 * still, a bug elsewhere must not turn into a RuntimeException or a half-built key. Accepted
 * payloads must re-encode to the same bytes.
 */
class SigningKeysetCodecFuzzTest {
  @FuzzTest
  void decodePayload_arbitraryBytes_throwsOnlyMalformedData(byte[] payload) throws GeneralSecurityException {
    SigningKeyset ks;
    try {
      ks = SigningKeysetCodec.decodePayload(payload);
    } catch (MalformedDataException e) {
      return; // layout errors and invalid keys alike; anything else fails the test
    }
    assertArrayEquals(payload, SigningKeysetCodec.encodePayload(ks));
  }

  @FuzzTest
  void decodeFile_arbitraryBytes_throwsOnlyMalformedData(byte[] file) {
    SigningKeysetCodec.WrappedSigningKeyset w;
    try {
      w = SigningKeysetCodec.decodeFile(file, "fuzz");
    } catch (MalformedDataException e) {
      return;
    }
    assertArrayEquals(file, SigningKeysetCodec.encodeFile(w.kekId, w.wrapped));
  }
}
