package io.waas.auth.password;

import static io.waas.auth.password.PasswordFixtures.FAST;
import static io.waas.auth.password.PasswordFixtures.FAST_STRONGER;
import static io.waas.auth.password.PasswordFixtures.fastHasher;
import static io.waas.auth.password.PasswordFixtures.impl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import io.waas.auth.password.PasswordFixtures.RecordingListener;
import io.waas.core.SecurityEvent;
import java.security.GeneralSecurityException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final RecordingListener events = new RecordingListener();
  private final PasswordHasher hasher = fastHasher(events).build();

  @Test
  void hash_thenVerify_matchesAndIsCurrent() throws GeneralSecurityException {
    String stored = hasher.hash("correct horse battery staple".toCharArray());
    PasswordMatch m = hasher.verify("correct horse battery staple".toCharArray(), stored);
    assertTrue(m.matches());
    assertFalse(m.needsRehash());
    assertTrue(m.upgradedHash().isEmpty());
    assertFalse(hasher.needsRehash(stored));
    assertEquals(List.of(PasswordEvents.VERIFIED), events.types());
  }

  @Test
  void verify_wrongPassword_doesNotMatch() throws GeneralSecurityException {
    String stored = hasher.hash("correct horse battery staple".toCharArray());
    PasswordMatch m = hasher.verify("correct horse battery stapler".toCharArray(), stored);
    assertFalse(m.matches());
    assertFalse(m.needsRehash());
    assertTrue(m.upgradedHash().isEmpty());
    assertEquals(List.of(PasswordEvents.MISMATCH), events.types());
    assertEquals(SecurityEvent.Outcome.FAILURE, events.events.get(0).outcome());
  }

  @Test
  void hash_samePasswordTwice_usesFreshSalts() throws GeneralSecurityException {
    String a = hasher.hash("same password".toCharArray());
    String b = hasher.hash("same password".toCharArray());
    assertNotEquals(a, b);
  }

  @Test
  void hash_doesNotModifyCallersArray() throws GeneralSecurityException {
    char[] pw = "ｆｕｌｌｗｉｄｔｈ pass".toCharArray();
    char[] copy = pw.clone();
    hasher.hash(pw);
    assertEquals(new String(copy), new String(pw));
  }

  @Test
  void defaults_hashWithOwaspMinimumInPhcFormat() throws GeneralSecurityException {
    PasswordHasher defaults = PasswordHasher.builder().eventListener(events).build();
    String stored = defaults.hash("a default password".toCharArray());
    assertTrue(
        stored.matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), stored);
    assertTrue(defaults.verify("a default password".toCharArray(), stored).matches());
    assertEquals(Argon2Parameters.owaspMinimum(), impl(defaults).engine().lastParameters());
  }

  @Test
  void verify_hashFromArgon2JvmItself_matches() throws GeneralSecurityException {
    // argon2-jvm's own hash() writes PHC strings; another implementation's output must verify.
    Argon2 other = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
    String foreign = other.hash(1, 256, 1, "from elsewhere".toCharArray());
    assertTrue(foreign.startsWith("$argon2id$v=19$m=256,t=1,p=1$"), foreign);
    assertTrue(hasher.verify("from elsewhere".toCharArray(), foreign).matches());
    assertFalse(hasher.verify("from elsewhere!".toCharArray(), foreign).matches());
  }

  @Test
  void verify_referenceImplementationVectors_match() throws GeneralSecurityException {
    // phc-winner-argon2 src/test.c: password "password", salt "somesalt" (8 bytes).
    String small = "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
    String large = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    assertTrue(hasher.verify("password".toCharArray(), small).matches());
    assertFalse(hasher.verify("passwore".toCharArray(), small).matches());
    PasswordMatch m = hasher.verify("password".toCharArray(), large);
    assertTrue(m.matches());
    // other parameters and an 8-byte salt: upgraded to the hasher's own settings
    assertTrue(m.needsRehash());
    String upgraded = m.upgradedHash().orElseThrow();
    assertTrue(upgraded.startsWith("$argon2id$v=19$m=256,t=1,p=1$"), upgraded);
    assertFalse(hasher.needsRehash(upgraded));
  }

  @Test
  void verify_outdatedParameters_givesUpgradedHashWithCurrentOnes() throws GeneralSecurityException {
    String old = hasher.hash("upgrade me".toCharArray());
    PasswordHasher stronger = fastHasher(events).parameters(FAST_STRONGER).build();
    assertTrue(stronger.needsRehash(old));
    PasswordMatch m = stronger.verify("upgrade me".toCharArray(), old);
    assertTrue(m.matches());
    assertTrue(m.needsRehash());
    String upgraded = m.upgradedHash().orElseThrow();
    assertTrue(upgraded.startsWith("$argon2id$v=19$m=512,t=2,p=1$"), upgraded);
    assertFalse(stronger.needsRehash(upgraded));
    assertTrue(stronger.verify("upgrade me".toCharArray(), upgraded).matches());
    assertEquals(1, events.count(PasswordEvents.UPGRADED));
  }

  @Test
  void verify_wrongPasswordOnOutdatedHash_givesNoUpgrade() throws GeneralSecurityException {
    String old = hasher.hash("upgrade me".toCharArray());
    PasswordHasher stronger = fastHasher(events).parameters(FAST_STRONGER).build();
    PasswordMatch m = stronger.verify("not me".toCharArray(), old);
    assertFalse(m.matches());
    assertFalse(m.needsRehash());
    assertTrue(m.upgradedHash().isEmpty());
  }

  @Test
  void verify_unicodeFormsOfTheSamePassword_match() throws GeneralSecurityException {
    // NFKC: fullwidth letters, a decomposed accent and a ligature equal their plain forms.
    String stored = hasher.hash("café password ﬁne".toCharArray());
    assertTrue(hasher.verify("cafe\u0301 password fine".toCharArray(), stored).matches());
    assertTrue(hasher.verify("ｃａｆé ｐａｓｓｗｏｒｄ ﬁｎｅ".toCharArray(), stored).matches());
    assertFalse(hasher.verify("cafe password fine".toCharArray(), stored).matches());
  }

  @Test
  void verify_unknownUser_doesOneArgon2WithCurrentParametersAndNeverMatches() throws GeneralSecurityException {
    PasswordHasher defaults = PasswordHasher.builder().eventListener(events).build();
    Argon2Engine engine = impl(defaults).engine();
    String stored = defaults.hash("pw of a real user".toCharArray());
    long before = engine.computations();
    assertTrue(defaults.verify("pw of a real user".toCharArray(), stored).matches());
    long realWork = engine.computations() - before;

    before = engine.computations();
    PasswordMatch m = defaults.verify("pw of a real user".toCharArray(), null);
    long unknownWork = engine.computations() - before;

    assertFalse(m.matches());
    assertFalse(m.needsRehash());
    assertEquals(1, realWork);
    assertEquals(realWork, unknownWork);
    assertEquals(Argon2Parameters.owaspMinimum(), engine.lastParameters());

    // After a computation with other parameters, the unknown-user path still uses the current ones.
    defaults.verify("wrong password".toCharArray(), // a mismatch: no upgrade computation follows
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4");
    assertEquals(Argon2Parameters.insecureForTests(256, 2, 1), engine.lastParameters());
    before = engine.computations();
    defaults.verify("another unknown".toCharArray(), null);
    assertEquals(1, engine.computations() - before);
    assertEquals(Argon2Parameters.owaspMinimum(), engine.lastParameters());
    assertEquals(2, events.count(PasswordEvents.UNKNOWN_USER));
    SecurityEvent e = events.events.get(events.events.size() - 1);
    assertEquals(SecurityEvent.Outcome.FAILURE, e.outcome());
  }

  @Test
  void needsRehash_currentHash_false_otherParameters_true() throws GeneralSecurityException {
    String stored = hasher.hash("x".toCharArray());
    assertFalse(hasher.needsRehash(stored));
    assertTrue(fastHasher(events).parameters(FAST_STRONGER).build().needsRehash(stored));
  }

  @Test
  void verify_malformedStoredHash_throwsTypedExceptionWithoutEchoingIt() {
    String bad = "$argon2id$v=19$m=256,t=1,p=1$c29tZXNhbHQ$SECRETISHVALUE===";
    MalformedPasswordHashException e =
        assertThrows(MalformedPasswordHashException.class, () -> hasher.verify("pw".toCharArray(), bad));
    assertFalse(String.valueOf(e.getMessage()).contains("SECRETISH"), e.getMessage());
  }

  @Test
  void verify_argon2iHash_isRefused() {
    String argon2i = "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$wWKIMhR9lyDFvRz9YTZweHKfbftvj+qf+YFY4NeBbtA";
    MalformedPasswordHashException e =
        assertThrows(MalformedPasswordHashException.class, () -> hasher.verify("password".toCharArray(), argon2i));
    assertTrue(String.valueOf(e.getMessage()).contains("only Argon2id"), e.getMessage());
  }

  @Test
  void hash_unpairedSurrogate_isRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> hasher.hash(new char[] {'a', '\uD800', 'b'}));
    assertTrue(String.valueOf(e.getMessage()).contains("index 1"), e.getMessage());
  }

  @Test
  void toString_showsConfigurationOnly() {
    assertTrue(hasher.toString().contains("m=256,t=1,p=1"), hasher.toString());
  }
}
