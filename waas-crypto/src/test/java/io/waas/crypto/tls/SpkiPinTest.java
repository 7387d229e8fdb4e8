package io.waas.crypto.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SpkiPinTest {
  @Test
  void of_isSha256OfSubjectPublicKeyInfo() throws Exception {
    TestPki pki = TestPki.shared();
    byte[] spki = pki.server.certificate().getPublicKey().getEncoded();
    String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    SpkiPin pin = SpkiPin.of(pki.server.certificate());
    assertEquals(expected, pin.base64());
    assertEquals("pin-sha256=\"" + expected + "\"", pin.toString());
    assertTrue(pin.matches(pki.server.certificate().getPublicKey()));
    assertFalse(pin.matches(pki.client.certificate().getPublicKey()));
  }

  @Test
  void sha256_parsesItsOwnOutput_andComparesByValue() throws Exception {
    SpkiPin pin = TestPki.shared().ca.pin();
    SpkiPin parsed = SpkiPin.sha256(pin.base64());
    assertEquals(pin, parsed);
    assertEquals(pin.hashCode(), parsed.hashCode());
    assertNotEquals(pin, TestPki.shared().otherCa.pin());
  }

  @Test
  void sha256_malformedValues_throwIllegalArgument() {
    assertThrows(IllegalArgumentException.class, () -> SpkiPin.sha256("not base64 !"));
    // base64 of 31 bytes
    assertThrows(IllegalArgumentException.class, () -> SpkiPin.sha256(Base64.getEncoder().encodeToString(new byte[31])));
    assertThrows(IllegalArgumentException.class, () -> SpkiPin.sha256(""));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SpkiPin.sha256(Base64.getEncoder().encodeToString(new byte[20])));
    assertTrue(String.valueOf(e.getMessage()).contains("20 bytes"), e.getMessage());
  }
}
