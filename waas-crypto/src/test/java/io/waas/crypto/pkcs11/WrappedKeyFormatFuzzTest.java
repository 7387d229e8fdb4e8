package io.waas.crypto.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.waas.core.MalformedDataException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The wrapped-value header parser on arbitrary bytes: a version, or {@link MalformedDataException}. */
class WrappedKeyFormatFuzzTest {
  @FuzzTest
  void kekVersion_arbitraryBytes_throwsOnlyMalformedData(byte[] input) {
    int version;
    try {
      version = WrappedKeyFormat.kekVersion(input);
    } catch (MalformedDataException e) {
      return; // the only allowed failure; any RuntimeException fails the test
    }
    // Accepted input must really be laid out as the format says.
    assertTrue(input.length >= WrappedKeyFormat.OVERHEAD);
    assertArrayEquals(WrappedKeyFormat.header(version), Arrays.copyOf(input, WrappedKeyFormat.HEADER_LENGTH));
    assertTrue(version >= 1);
  }

  @Test
  void header_roundTripsVersions() throws Exception {
    for (int v : new int[] {1, 2, 255, 256, 65_536, Integer.MAX_VALUE}) {
      byte[] blob = Arrays.copyOf(WrappedKeyFormat.header(v), WrappedKeyFormat.OVERHEAD);
      assertEquals(v, WrappedKeyFormat.kekVersion(blob));
    }
    assertThrows(IllegalArgumentException.class, () -> WrappedKeyFormat.header(0));
  }

  @Test
  void kekVersion_malformed_saysWhatIsWrong() {
    byte[] good = Arrays.copyOf(WrappedKeyFormat.header(1), WrappedKeyFormat.OVERHEAD);
    assertMessage("at least 35 expected", Arrays.copyOf(good, 34));
    byte[] magic = good.clone();
    magic[0] = 'X';
    assertMessage("wrong magic", magic);
    byte[] format = good.clone();
    format[2] = 2;
    assertMessage("unknown format version 2", format);
    byte[] zero = good.clone();
    zero[6] = 0;
    assertMessage("invalid KEK version 0", zero);
    byte[] negative = good.clone();
    negative[3] = (byte) 0x80;
    assertMessage("invalid KEK version 2147483649", negative);
  }

  private static void assertMessage(String expected, byte[] blob) {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> WrappedKeyFormat.kekVersion(blob));
    assertTrue(String.valueOf(e.getMessage()).contains(expected), e.getMessage());
  }
}
