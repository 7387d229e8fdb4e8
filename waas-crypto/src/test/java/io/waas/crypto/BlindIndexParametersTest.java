package io.waas.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlindIndexParametersTest {
  @Test
  void presets_haveDocumentedValues() {
    assertEquals(128, BlindIndexParameters.defaults().bits());
    assertEquals(BlindIndexNormalization.EXACT, BlindIndexParameters.defaults().normalization());
    assertEquals(128, BlindIndexParameters.email().bits());
    assertEquals(BlindIndexNormalization.EMAIL, BlindIndexParameters.email().normalization());
    assertEquals(64, BlindIndexParameters.compact().bits());
    assertEquals(BlindIndexParameters.MIN_BITS, BlindIndexParameters.coarse().bits());
    assertEquals(32, BlindIndexParameters.MIN_BITS);
  }

  @ParameterizedTest
  @ValueSource(ints = {-8, 0, 8, 24, 31, 33, 100, 257, 264, Integer.MAX_VALUE})
  void withBits_outOfRangeOrNotByteAligned_refused(int bits) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BlindIndexParameters.defaults().withBits(bits));
    assertTrue(String.valueOf(e.getMessage()).contains("multiple of 8 bits from 32 to 256"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {32, 40, 64, 96, 128, 200, 256})
  void withBits_valid_acceptedWithoutChangingOriginal(int bits) {
    BlindIndexParameters base = BlindIndexParameters.email();
    BlindIndexParameters p = base.withBits(bits);
    assertEquals(bits, p.bits());
    assertEquals(BlindIndexNormalization.EMAIL, p.normalization());
    assertEquals(128, base.bits(), "parameter objects are immutable");
  }

  @Test
  void equality_byValue() {
    assertEquals(BlindIndexParameters.email(), BlindIndexParameters.defaults().withNormalization(BlindIndexNormalization.EMAIL));
    assertEquals(BlindIndexParameters.email().hashCode(), BlindIndexParameters.defaults().withNormalization(BlindIndexNormalization.EMAIL).hashCode());
    assertNotEquals(BlindIndexParameters.defaults(), BlindIndexParameters.compact());
    assertEquals("BlindIndexParameters{64 bits, EXACT}", BlindIndexParameters.compact().toString());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "EXACT            | Alice             | Alice",
        "EXACT            | Rene\u0301      | Ren\u00e9",
        "CASE_INSENSITIVE | Alice             | alice",
        "CASE_INSENSITIVE | Stra\u00dfe     | strasse",
        "CASE_INSENSITIVE | REN\u00c9        | ren\u00e9",
        "EMAIL            | ' Bob@X.org '     | bob@x.org",
        "DIGITS_ONLY      | +1 (555) 010-0199 | 15550100199",
        "DIGITS_ONLY      | none              | ''",
      })
  void normalization_apply_givesExpected(BlindIndexNormalization n, String in, String expected) {
    assertEquals(expected, n.apply(in));
  }

  @Test
  void normalization_unpairedSurrogate_refused() {
    for (BlindIndexNormalization n : BlindIndexNormalization.values()) {
      assertThrows(IllegalArgumentException.class, () -> n.apply("x\udc00"), n.name());
    }
  }
}
