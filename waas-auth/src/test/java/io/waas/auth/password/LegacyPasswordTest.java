package io.waas.auth.password;

import static io.waas.auth.password.PasswordFixtures.fastHasher;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.auth.password.PasswordFixtures.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Legacy hashes from other systems, with published known-answer vectors: Solar Designer's
 * crypt_blowfish test vectors (bcrypt), passlib's documentation (scrypt, PBKDF2-SHA256) and
 * Django's test suite (PBKDF2-SHA256, password "lètmein", salt "seasalt").
 */
class LegacyPasswordTest {
  private final RecordingListener events = new RecordingListener();
  private final PasswordHasher hasher =
      fastHasher(events)
          .legacyAlgorithms(LegacyAlgorithm.BCRYPT, LegacyAlgorithm.SCRYPT, LegacyAlgorithm.PBKDF2_SHA256)
          .build();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bcrypt 2a U*U | U*U | $2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "bcrypt 2a U*U* | U*U* | $2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK",
        "bcrypt 2b U*U | U*U | $2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "bcrypt 2y U*U | U*U | $2y$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW",
        "passlib scrypt ln=8 | password | $scrypt$ln=8,r=8,p=1$WKs1xljLudd6z9kbY0wpJQ$yCR4iDZYDKv+iEJj6yHY0lv/epnfB6f/w1EbXrsJOuQ",
        "passlib scrypt ln=16 | password | $scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E",
        "passlib pbkdf2-sha256 6400 | password | $pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M",
        "passlib pbkdf2-sha256 8000 | password | $pbkdf2-sha256$8000$XAuBMIYQQogxRg$tRRlz8hYn63B9LYiCd6PRo6FMiunY9ozmMMI3srxeRE",
        "Django 1.5 pbkdf2_sha256 | lètmein | pbkdf2_sha256$10000$seasalt$CWWFdHOWwPnki7HvkcqN9iA2T3KLW1cf2uZ5kvArtVY=",
        "Django 1.6 pbkdf2_sha256 | lètmein | pbkdf2_sha256$12000$seasalt$Ybw8zsFxqja97tY/o6G+Fy1ksY4U/Hw3DRrGED6Up4s=",
      })
  void verify_publishedLegacyVector_matchesAndUpgradesToArgon2id(String name, String password, String stored)
      throws GeneralSecurityException {
    assertTrue(hasher.needsRehash(stored));
    PasswordMatch m = hasher.verify(password.toCharArray(), stored);
    assertTrue(m.matches(), name);
    assertTrue(m.needsRehash());
    String upgraded = m.upgradedHash().orElseThrow();
    assertTrue(upgraded.startsWith("$argon2id$v=19$m=256,t=1,p=1$"), upgraded);
    assertFalse(hasher.needsRehash(upgraded));
    assertTrue(hasher.verify(password.toCharArray(), upgraded).matches());
    assertEquals(1, events.count(PasswordEvents.UPGRADED));

    PasswordMatch wrong = hasher.verify((password + "x").toCharArray(), stored);
    assertFalse(wrong.matches(), name);
    assertTrue(wrong.upgradedHash().isEmpty());
  }

  @Test
  void verify_bcryptMadeByBouncyCastle_crossChecksWithPublishedVector() {
    // Recreate the published vector from its salt: the same algorithm, independently spelled.
    byte[] salt = decodeBcryptSalt("CCCCCCCCCCCCCCCCCCCCC.");
    String made = OpenBSDBCrypt.generate("2a", "U*U".toCharArray(), salt, 5);
    assertEquals("$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", made);
  }

  @Test
  void verify_legacyFormatNotEnabled_throwsTypedException() {
    PasswordHasher strict = fastHasher(events).legacyAlgorithms(LegacyAlgorithm.SCRYPT).build();
    MalformedPasswordHashException e =
        assertThrows(
            MalformedPasswordHashException.class,
            () -> strict.verify("U*U".toCharArray(), "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
    assertTrue(String.valueOf(e.getMessage()).contains("LegacyAlgorithm.BCRYPT"), e.getMessage());
    assertThrows(
        MalformedPasswordHashException.class,
        () -> fastHasher(events).build().verify("password".toCharArray(),
            "pbkdf2_sha256$10000$seasalt$CWWFdHOWwPnki7HvkcqN9iA2T3KLW1cf2uZ5kvArtVY="));
  }

  @Test
  void verify_legacyHashOfUnnormalizedPassword_matchesThroughRawFormAndUpgradesToNfkc()
      throws GeneralSecurityException {
    // The old system hashed the decomposed form ("e" + combining acute) without normalizing.
    String typed = "cafe\u0301 au lait";
    String stored = djangoHash(typed, "pepperless", 1000);
    PasswordMatch m = hasher.verify(typed.toCharArray(), stored);
    assertTrue(m.matches());
    String upgraded = m.upgradedHash().orElseThrow();
    // the upgraded hash is of the NFKC form, so both spellings verify from now on
    assertTrue(hasher.verify("caf\u00e9 au lait".toCharArray(), upgraded).matches());
    assertTrue(hasher.verify(typed.toCharArray(), upgraded).matches());
  }

  @Test
  void verify_bcryptLongerThan72Bytes_usesFirst72LikeOtherImplementations() throws GeneralSecurityException {
    String first72 = "a".repeat(72);
    byte[] salt = new byte[16];
    String stored = OpenBSDBCrypt.generate("2b", first72.toCharArray(), salt, 4);
    assertTrue(hasher.verify((first72 + "ignored tail").toCharArray(), stored).matches());
    assertFalse(hasher.verify("a".repeat(71).toCharArray(), stored).matches());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "$2a$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW | cost",
        "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOe | 53 characters",
        "$2x$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW | Argon2id PHC",
        "$scrypt$ln=31,r=8,p=1$WKs1xljLudd6z9kbY0wpJQ$yCR4iDZYDKv+iEJj6yHY0lv/epnfB6f/w1EbXrsJOuQ | limits",
        "$scrypt$ln=8,r=8,p=1$WKs1xljLudd6z9kbY0wpJQ=$yCR4iDZYDKv+iEJj6yHY0lv/epnfB6f/w1EbXrsJOuQ | unpadded Base64",
        "$scrypt$ln=16,r=1,p=1$WKs1xljLudd6z9kbY0wpJQ$yCR4iDZYDKv+iEJj6yHY0lv/epnfB6f/w1EbXrsJOuQ | when r=1",
        "$pbkdf2-sha256$99999999$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9M | iterations exceed",
        "$pbkdf2-sha256$6400$0ZrzXitFSGltTQnBWOsdAw$Y11AchqV4b0sUisdZd0Xr97KWoymNE0LNNrnEgY4H9 | canonical",
        "pbkdf2_sha256$10000$seasalt$CWWFdHOWwPnki7HvkcqN9iA2T3KLW1cf2uZ5kvArtVY | padded Base64",
        "pbkdf2_sha256$010000$seasalt$CWWFdHOWwPnki7HvkcqN9iA2T3KLW1cf2uZ5kvArtVY= | pbkdf2_sha256$<iterations>",
      })
  void verify_malformedLegacyHash_throwsTypedExceptionNamingTheProblem(String stored, String expected) {
    MalformedPasswordHashException e =
        assertThrows(MalformedPasswordHashException.class, () -> hasher.verify("password".toCharArray(), stored));
    assertTrue(String.valueOf(e.getMessage()).contains(expected), e.getMessage());
    assertFalse(String.valueOf(e.getMessage()).contains("CCCCCCCCCC"), e.getMessage());
    assertFalse(String.valueOf(e.getMessage()).contains("0ZrzXitF"), e.getMessage());
  }

  static String djangoHash(String password, String salt, int iterations) {
    PKCS5S2ParametersGenerator gen = new PKCS5S2ParametersGenerator(new SHA256Digest());
    gen.init(password.getBytes(StandardCharsets.UTF_8), salt.getBytes(StandardCharsets.UTF_8), iterations);
    byte[] key = ((KeyParameter) gen.generateDerivedParameters(256)).getKey();
    return "pbkdf2_sha256$" + iterations + "$" + salt + "$" + Base64.getEncoder().encodeToString(key);
  }

  /** bcrypt's own Base64 ("./A-Za-z0-9"), 22 characters to 16 bytes. */
  static byte[] decodeBcryptSalt(String s) {
    String alphabet = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    byte[] out = new byte[16];
    int bits = 0;
    int acc = 0;
    int n = 0;
    for (int i = 0; i < s.length() && n < 16; i++) {
      acc = (acc << 6) | alphabet.indexOf(s.charAt(i));
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[n++] = (byte) (acc >> bits);
      }
    }
    return out;
  }
}
