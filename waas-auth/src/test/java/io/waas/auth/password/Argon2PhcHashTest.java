package io.waas.auth.password;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Argon2PhcHashTest {
  private static final String REFERENCE =
      "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

  @Test
  void parse_referenceVector_readsEveryField() throws MalformedPasswordHashException {
    Argon2PhcHash h = Argon2PhcHash.parse(REFERENCE);
    assertEquals(Argon2Parameters.fromStored(65536, 2, 1), h.parameters);
    assertNull(h.pepperVersion);
    assertArrayEquals("somesalt".getBytes(StandardCharsets.US_ASCII), h.salt());
    assertEquals(32, h.hashLength());
    assertEquals(REFERENCE, h.encode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=19456,t=2,p=1,pv=7$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=8,t=1,p=1,pv=4294967295$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=4194304,t=100,p=64$c29tZXNhbHQ$AAAAAAAAAAAAAAAAAAAAAA",
      })
  void parse_thenEncode_roundTripsExactly(String s) throws MalformedPasswordHashException {
    assertEquals(s, Argon2PhcHash.parse(s).encode());
  }

  @Test
  void parse_pepperVersion_isRead() throws MalformedPasswordHashException {
    Argon2PhcHash h =
        Argon2PhcHash.parse(
            "$argon2id$v=19$m=19456,t=2,p=1,pv=7$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    assertEquals(7L, h.pepperVersion);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | only Argon2id",
        "$argon2id$v=16$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | v=19",
        "$argon2id$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | 5 '$'-separated",
        "$argon2id$v=19$t=2,m=65536,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | 'm' expected",
        "$argon2id$v=19$m=065536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | leading zeros",
        "$argon2id$v=19$m=65536,t=+2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | not a decimal",
        "$argon2id$v=19$m=99999999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | 1 to 10 digits",
        "$argon2id$v=19$m=4194305,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | exceeds",
        "$argon2id$v=19$m=8,t=1,p=2$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | out-of-range",
        "$argon2id$v=19$m=65536,t=2,p=1,keyid=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | 'pv' expected",
        "$argon2id$v=19$m=65536,t=2,p=1,pv=4294967296$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | exceeds",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ=$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | no padding",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHR$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | not canonical",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNh$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | salt must be 8 to 64",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMa | hash must be 16 to 64",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc$ | 5 '$'-separated",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPP | not canonical",
        "$argon2id$v=19$m=65536,t=2, p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc | printable ASCII",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc55 | unpadded Base64",
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPé | printable ASCII",
        "plaintextpassword | does not start with",
      })
  void parse_malformed_throwsWithStructuralMessage(String s, String expected) {
    MalformedPasswordHashException e = assertThrows(MalformedPasswordHashException.class, () -> Argon2PhcHash.parse(s));
    String msg = String.valueOf(e.getMessage());
    assertTrue(msg.contains(expected), msg);
    assertFalse(msg.contains("c29tZXNh"), msg);
    assertFalse(msg.contains("CTFhFdXP"), msg);
    assertFalse(msg.contains("plaintextpassword"), msg);
  }

  @Test
  void parse_tooLong_refusedBeforeAnythingElse() {
    String s = "$argon2id$v=19$m=65536,t=2,p=1$" + "A".repeat(600) + "$x";
    MalformedPasswordHashException e = assertThrows(MalformedPasswordHashException.class, () -> Argon2PhcHash.parse(s));
    assertTrue(String.valueOf(e.getMessage()).contains("longer than 512"), e.getMessage());
  }
}
