package io.waas.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base32Test {
  /** RFC 4648 section 10 test vectors, without padding. */
  static Stream<Arguments> rfc4648() {
    return Stream.of(
        Arguments.of("", ""),
        Arguments.of("f", "MY"),
        Arguments.of("fo", "MZXQ"),
        Arguments.of("foo", "MZXW6"),
        Arguments.of("foob", "MZXW6YQ"),
        Arguments.of("fooba", "MZXW6YTB"),
        Arguments.of("foobar", "MZXW6YTBOI"));
  }

  @ParameterizedTest
  @MethodSource("rfc4648")
  void encode_rfc4648Vectors_match(String plain, String encoded) {
    assertEquals(encoded, Base32.encode(plain.getBytes(StandardCharsets.US_ASCII)));
  }

  @ParameterizedTest
  @MethodSource("rfc4648")
  void decode_rfc4648VectorsAnyCaseAndPadding_match(String plain, String encoded) {
    byte[] expected = plain.getBytes(StandardCharsets.US_ASCII);
    assertArrayEquals(expected, Base32.decode(encoded));
    assertArrayEquals(expected, Base32.decode(encoded.toLowerCase(java.util.Locale.ROOT)));
    String padded = encoded + "=".repeat((8 - encoded.length() % 8) % 8);
    assertArrayEquals(expected, Base32.decode(padded));
  }

  @ParameterizedTest
  @ValueSource(longs = {1L, 2L, 3L, 42L, 1234567L})
  void decodeEncode_randomBytes_roundTrip(long seed) {
    Random r = new Random(seed);
    for (int len = 0; len < 70; len++) {
      byte[] b = new byte[len];
      r.nextBytes(b);
      assertArrayEquals(b, Base32.decode(Base32.encode(b)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"M1", "MZ!Q", "A", "MZX", "MZXW6Y", "MZ XQ"})
  void decode_invalidText_throwsIllegalArgument(String text) {
    assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"MZ", "MZXR"})
  void decode_nonZeroTrailingBits_throws(String text) {
    // "MY" is the canonical encoding of "f"; "MZ" decodes to the same byte with a stray bit set.
    assertThrows(IllegalArgumentException.class, () -> Base32.decode(text));
  }
}
