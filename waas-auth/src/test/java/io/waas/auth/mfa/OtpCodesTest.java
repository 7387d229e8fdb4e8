package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The RFC 4226 Appendix D and RFC 6238 Appendix B test vectors, and parameter validation. */
class OtpCodesTest {
  private static final byte[] SEED20 = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED32 = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SEED64 =
      "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

  @ParameterizedTest
  @CsvSource({
    "0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314",
    "5, 254676", "6, 287922", "7, 162583", "8, 399871", "9, 520489"
  })
  void hotp_rfc4226AppendixD_matches(long counter, String expected) {
    assertEquals(expected, OtpCodes.hotpString(SEED20, counter, OtpAlgorithm.SHA1, 6));
  }

  @ParameterizedTest
  @CsvSource({
    "59, 94287082, SHA1", "59, 46119246, SHA256", "59, 90693936, SHA512",
    "1111111109, 07081804, SHA1", "1111111109, 68084774, SHA256", "1111111109, 25091201, SHA512",
    "1111111111, 14050471, SHA1", "1111111111, 67062674, SHA256", "1111111111, 99943326, SHA512",
    "1234567890, 89005924, SHA1", "1234567890, 91819424, SHA256", "1234567890, 93441116, SHA512",
    "2000000000, 69279037, SHA1", "2000000000, 90698825, SHA256", "2000000000, 38618901, SHA512",
    "20000000000, 65353130, SHA1", "20000000000, 77737706, SHA256", "20000000000, 47863826, SHA512"
  })
  void totp_rfc6238AppendixB_matches(long unixTime, String expected, OtpAlgorithm algorithm) {
    byte[] seed = switch (algorithm) {
      case SHA1 -> SEED20;
      case SHA256 -> SEED32;
      case SHA512 -> SEED64;
    };
    TotpParameters p = TotpParameters.builder().algorithm(algorithm).digits(8).period(Duration.ofSeconds(30)).build();
    assertEquals(expected, OtpCodes.totpString(seed, Instant.ofEpochSecond(unixTime), p));
  }

  @Test
  void timeStep_rfc6238AppendixB_matches() {
    TotpParameters p = TotpParameters.authenticatorApps();
    assertEquals(0x23523ECL, OtpCodes.timeStep(Instant.ofEpochSecond(1111111109), p));
    assertEquals(0x273EF07L, OtpCodes.timeStep(Instant.ofEpochSecond(1234567890), p));
    assertEquals(0x27BC86AAL, OtpCodes.timeStep(Instant.ofEpochSecond(20000000000L), p));
  }

  @Test
  void hotp_sevenDigits_isZeroPaddedSuffixOfEight() {
    // Truncation is modulo 10^digits, so the 7-digit code is the last 7 digits of the 8-digit one.
    String eight = OtpCodes.hotpString(SEED20, 5, OtpAlgorithm.SHA1, 8);
    assertEquals(eight.substring(1), OtpCodes.hotpString(SEED20, 5, OtpAlgorithm.SHA1, 7));
  }

  @Test
  void presets_haveDocumentedValues() {
    TotpParameters apps = TotpParameters.authenticatorApps();
    assertEquals(OtpAlgorithm.SHA1, apps.algorithm());
    assertEquals(6, apps.digits());
    assertEquals(Duration.ofSeconds(30), apps.period());
    TotpParameters strong = TotpParameters.strong();
    assertEquals(OtpAlgorithm.SHA256, strong.algorithm());
    assertEquals(8, strong.digits());
    assertEquals(apps, TotpParameters.builder().build());
    assertEquals(20, OtpAlgorithm.SHA1.secretLength());
    assertEquals(32, OtpAlgorithm.SHA256.secretLength());
    assertEquals(64, OtpAlgorithm.SHA512.secretLength());
  }

  @Test
  void parameters_outOfRange_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> TotpParameters.builder().digits(5).build());
    assertThrows(IllegalArgumentException.class, () -> TotpParameters.builder().digits(9).build());
    assertThrows(IllegalArgumentException.class, () -> TotpParameters.builder().period(Duration.ofSeconds(5)).build());
    assertThrows(IllegalArgumentException.class,
        () -> TotpParameters.builder().period(Duration.ofSeconds(301)).build());
    assertThrows(IllegalArgumentException.class, () -> TotpParameters.builder().period(Duration.ofMillis(30500)));
    assertThrows(IllegalArgumentException.class, () -> HotpParameters.of(OtpAlgorithm.SHA1, 10));
    assertThrows(IllegalArgumentException.class, () -> OtpAlgorithm.fromUriName("MD5"));
    assertEquals(OtpAlgorithm.SHA512, OtpAlgorithm.fromUriName("sha512"));
  }

  @Test
  void normalize_acceptsOnlyExactDigits() {
    assertEquals("123456", new String(OtpCodes.normalize("123 456", 6), StandardCharsets.US_ASCII));
    assertNull(OtpCodes.normalize("12345", 6));
    assertNull(OtpCodes.normalize("1234567", 6));
    assertNull(OtpCodes.normalize("12345a", 6));
    assertNull(OtpCodes.normalize("١٢٣٤٥٦", 6)); // Arabic-Indic digits are not ASCII digits
  }
}
