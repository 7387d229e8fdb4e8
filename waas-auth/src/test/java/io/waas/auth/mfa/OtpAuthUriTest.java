package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.Base32;
import io.waas.core.SecretBytes;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtpAuthUriTest {
  private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"; // 20 bytes

  @Test
  void toUriString_formatsKeyUriFormat() {
    try (SecretBytes s = SecretBytes.wrap(Base32.decode(SECRET))) {
      OtpAuthUri uri = OtpAuthUri.totp("Example Co", "alice@example.com", s, TotpParameters.authenticatorApps());
      assertEquals("otpauth://totp/Example%20Co:alice%40example.com?secret=" + SECRET
          + "&issuer=Example%20Co&algorithm=SHA1&digits=6&period=30", uri.toUriString());
    }
  }

  @Test
  void generate_namesThatEncodeTooLong_refusedNotProducedUnparseable() throws Exception {
    String longName = "é".repeat(OtpAuthUri.MAX_NAME_LENGTH); // 6 characters each once percent-encoded
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OtpAuthUri.generateTotp(longName, "ada", TotpParameters.authenticatorApps()));
    assertTrue(String.valueOf(e.getMessage()).contains("exceed"), e.getMessage());
    // The longest accepted names still round-trip through parse.
    String fits = "a".repeat(600);
    OtpAuthUri ok = OtpAuthUri.generateTotp("Acme", fits.substring(0, OtpAuthUri.MAX_NAME_LENGTH),
        TotpParameters.authenticatorApps());
    assertEquals(ok, OtpAuthUri.parse(ok.toUriString()));
  }

  @Test
  void toUriString_hotp_hasCounter() {
    try (SecretBytes s = SecretBytes.wrap(Base32.decode(SECRET))) {
      OtpAuthUri uri = OtpAuthUri.hotp("Acme", "bob", s, HotpParameters.authenticatorApps(), 7);
      assertEquals("otpauth://hotp/Acme:bob?secret=" + SECRET + "&issuer=Acme&algorithm=SHA1&digits=6&counter=7",
          uri.toUriString());
    }
  }

  @Test
  void parse_roundTrips_withUnicodeNames() throws Exception {
    OtpAuthUri uri = OtpAuthUri.generateTotp("Bäckerei Müller & Söhne", "jürgen+mfa@example.com",
        TotpParameters.strong());
    OtpAuthUri back = OtpAuthUri.parse(uri.toUriString());
    assertEquals(uri, back);
    assertEquals(Optional.of("Bäckerei Müller & Söhne"), back.issuer());
    assertEquals("jürgen+mfa@example.com", back.accountName());
    assertEquals(TotpParameters.strong(), back.totpParameters());
    try (SecretBytes s = back.secret()) {
      assertEquals(32, s.length());
    }
  }

  @Test
  void parse_googleExample_usesDefaults() throws Exception {
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/Example:alice@google.com?secret=" + SECRET + "&issuer=Example");
    assertEquals(OtpAuthUri.Type.TOTP, uri.type());
    assertEquals(Optional.of("Example"), uri.issuer());
    assertEquals("alice@google.com", uri.accountName());
    assertEquals(TotpParameters.authenticatorApps(), uri.totpParameters());
  }

  @Test
  void parse_spaceAfterColonAndNoIssuerParameter_takesLabelIssuer() throws Exception {
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://totp/ACME%20Co:%20john.doe@email.com?secret=" + SECRET);
    assertEquals(Optional.of("ACME Co"), uri.issuer());
    assertEquals("john.doe@email.com", uri.accountName());
  }

  @Test
  void parse_hotp_readsCounter() throws Exception {
    OtpAuthUri uri = OtpAuthUri.parse("otpauth://hotp/Acme:bob?secret=" + SECRET + "&counter=42&digits=8");
    assertEquals(42, uri.counter());
    assertEquals(HotpParameters.of(OtpAlgorithm.SHA1, 8), uri.hotpParameters());
    assertThrows(IllegalStateException.class, uri::totpParameters);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "http://totp/A:b?secret=" + SECRET,
    "otpauth://xotp/A:b?secret=" + SECRET,
    "otpauth://totp/A:b",
    "otpauth://totp/A:b?issuer=A",
    "otpauth://totp/A:b?secret=" + SECRET + "&issuer=B",
    "otpauth://totp/A:b?secret=" + SECRET + "&counter=1",
    "otpauth://hotp/A:b?secret=" + SECRET,
    "otpauth://hotp/A:b?secret=" + SECRET + "&counter=1&period=30",
    "otpauth://totp/A:b?secret=" + SECRET + "&image=x",
    "otpauth://totp/A:b?secret=" + SECRET + "&secret=" + SECRET,
    "otpauth://totp/A:b?secret=" + SECRET + "&digits=9",
    "otpauth://totp/A:b?secret=" + SECRET + "&digits=06",
    "otpauth://totp/A:b?secret=" + SECRET + "&period=5",
    "otpauth://totp/A:b?secret=" + SECRET + "&algorithm=MD5",
    "otpauth://totp/A:b?secret=" + SECRET + "&algorithm=sha1",
    "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP",
    "otpauth://totp/A:b?secret=JBSWY3DP!HPK3PXPJBSWY3DPEHPK3PXP",
    "otpauth://totp/A%3Ab:c?secret=" + SECRET,
    "otpauth://totp/A:b%ZZ?secret=" + SECRET,
    "otpauth://totp/A:b%C3?secret=" + SECRET,
    "otpauth://totp/A:b%?secret=" + SECRET,
    "otpauth://totp/A:b c?secret=" + SECRET,
    "otpauth://totp/A:?secret=" + SECRET,
    "otpauth://totp/:b?secret=" + SECRET,
    "otpauth://totp/A:b%0A?secret=" + SECRET,
    "otpauth://totp/A:b?secret=" + SECRET + "#frag",
    "otpauth://totp/A:b?secret=" + SECRET + "&",
    "otpauth://totp/A:b?secret=" + SECRET + "&=x",
  })
  void parse_malformed_throwsTypedExceptionWithoutSecret(String text) {
    MalformedOtpAuthUriException e = assertThrows(MalformedOtpAuthUriException.class, () -> OtpAuthUri.parse(text));
    String message = String.valueOf(e.getMessage());
    assertTrue(message.startsWith("malformed otpauth URI: "), message);
    assertFalse(message.contains("JBSWY3DP"), message);
    assertFalse(message.contains(text), message);
  }

  @Test
  void toString_redactsSecret() {
    OtpAuthUri uri = OtpAuthUri.generateTotp("Acme", "alice", TotpParameters.authenticatorApps());
    String secret = uri.toUriString().replaceAll(".*secret=([A-Z2-7]+).*", "$1");
    assertFalse(uri.toString().contains(secret));
    assertTrue(uri.toString().contains("secret=REDACTED"));
  }

  @Test
  void factories_refuseBadNamesAndSecrets() {
    TotpParameters p = TotpParameters.authenticatorApps();
    assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.generateTotp("A:B", "alice", p));
    assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.generateTotp("Acme", "", p));
    assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.generateTotp("Acme", " alice", p));
    assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.generateTotp("Acme", "a\nb", p));
    try (SecretBytes s = SecretBytes.random(10)) {
      assertThrows(IllegalArgumentException.class, () -> OtpAuthUri.totp("Acme", "alice", s, p));
    }
  }

  @Test
  void generateTotp_secretLengthMatchesHash() {
    for (OtpAlgorithm a : OtpAlgorithm.values()) {
      OtpAuthUri uri = OtpAuthUri.generateTotp("Acme", "alice", TotpParameters.builder().algorithm(a).build());
      try (SecretBytes s = uri.secret()) {
        assertEquals(a.secretLength(), s.length());
      }
    }
  }
}
