package io.waas.auth.password;

import static io.waas.auth.password.PasswordFixtures.fastHasher;
import static io.waas.auth.password.PasswordFixtures.impl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.auth.password.PasswordFixtures.RecordingListener;
import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyDisabledException;
import io.waas.core.KeyNotFoundException;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordPepperTest {
  private static final KeyScope SCOPE = KeyScope.tenant("acme");
  private static final Pattern PV = Pattern.compile("\\$m=256,t=1,p=1,pv=(\\d+)\\$");

  @SuppressWarnings("NullAway.Init")
  @TempDir
  Path dir;

  @SuppressWarnings("NullAway.Init")
  private KeyRing ring;

  @SuppressWarnings("NullAway.Init")
  private PasswordPepper pepper;

  @SuppressWarnings("NullAway.Init")
  private PasswordHasher hasher;

  private final RecordingListener events = new RecordingListener();

  @BeforeEach
  void open() throws GeneralSecurityException {
    ring = PasswordFixtures.keyRing(dir);
    pepper = PasswordPepper.fromKeyRing(ring, SCOPE);
    hasher = fastHasher(events).pepper(pepper).build();
  }

  @AfterEach
  void close() {
    ring.close();
  }

  private static long pepperVersion(String stored) {
    Matcher m = PV.matcher(stored);
    assertTrue(m.find(), stored);
    return Long.parseLong(m.group(1));
  }

  @Test
  void hash_withPepper_recordsPepperVersionAndVerifies() throws GeneralSecurityException {
    String stored = hasher.hash("peppered password".toCharArray());
    long version = pepperVersion(stored);
    assertEquals(pepper.currentVersion(), version);
    assertTrue(hasher.verify("peppered password".toCharArray(), stored).matches());
    assertFalse(hasher.verify("peppered passwork".toCharArray(), stored).matches());
    assertFalse(hasher.needsRehash(stored));
  }

  @Test
  void hash_withPepper_isNotThePlainArgon2idOfThePassword() throws GeneralSecurityException {
    String stored = hasher.hash("peppered password".toCharArray());
    // Strip the pv parameter: without the pepper the same salt and parameters do not verify.
    String unpeppered = stored.replaceFirst(",pv=\\d+", "");
    assertFalse(fastHasher(events).build().verify("peppered password".toCharArray(), unpeppered).matches());
  }

  @Test
  void rotate_oldVersionNeedsRehashAndIsUpgradedOnLogin() throws GeneralSecurityException {
    String old = hasher.hash("rotate me".toCharArray());
    long oldVersion = pepperVersion(old);
    ring.rotate(SCOPE);
    assertTrue(hasher.needsRehash(old));
    PasswordMatch m = hasher.verify("rotate me".toCharArray(), old);
    assertTrue(m.matches());
    String upgraded = m.upgradedHash().orElseThrow();
    long newVersion = pepperVersion(upgraded);
    assertTrue(newVersion != oldVersion, upgraded);
    assertFalse(hasher.needsRehash(upgraded));
    assertTrue(hasher.verify("rotate me".toCharArray(), upgraded).matches());
  }

  @Test
  void verify_unpepperedHash_matchesAndIsUpgradedToPeppered() throws GeneralSecurityException {
    String plain = fastHasher(events).build().hash("add pepper later".toCharArray());
    assertTrue(hasher.needsRehash(plain));
    PasswordMatch m = hasher.verify("add pepper later".toCharArray(), plain);
    assertTrue(m.matches());
    assertEquals(pepper.currentVersion(), pepperVersion(m.upgradedHash().orElseThrow()));
  }

  @Test
  void verify_disabledPepperVersion_throwsKeyDisabled() throws GeneralSecurityException {
    String old = hasher.hash("disabled".toCharArray());
    long oldVersion = pepperVersion(old);
    ring.rotate(SCOPE);
    ring.disableKey(SCOPE, oldVersion);
    assertThrows(KeyDisabledException.class, () -> hasher.verify("disabled".toCharArray(), old));
  }

  @Test
  void verify_destroyedPepperVersion_throwsKeyDestroyed() throws GeneralSecurityException {
    String old = hasher.hash("destroyed".toCharArray());
    long oldVersion = pepperVersion(old);
    ring.rotate(SCOPE);
    ring.destroyKey(SCOPE, oldVersion);
    assertThrows(KeyDestroyedException.class, () -> hasher.verify("destroyed".toCharArray(), old));
  }

  @Test
  void verify_unknownPepperVersion_throwsKeyNotFound() throws GeneralSecurityException {
    String stored = hasher.hash("unknown".toCharArray());
    String forged = stored.replaceFirst(",pv=\\d+", ",pv=4000000000");
    assertThrows(KeyNotFoundException.class, () -> hasher.verify("unknown".toCharArray(), forged));
  }

  @Test
  void verify_pepperedHashWithoutPepper_isAnErrorNotAMismatch() throws GeneralSecurityException {
    String stored = hasher.hash("needs the pepper".toCharArray());
    PasswordHasher noPepper = fastHasher(events).build();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> noPepper.verify("needs the pepper".toCharArray(), stored));
    assertTrue(String.valueOf(e.getMessage()).contains("pepper"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> noPepper.needsRehash(stored));
  }

  @Test
  void verify_unknownUserWithPepper_computesThePepperMacAndOneArgon2() throws GeneralSecurityException {
    String stored = hasher.hash("real user".toCharArray());
    Argon2Engine engine = impl(hasher).engine();
    long macs = pepper.passwordMacs();
    long argon = engine.computations();
    assertTrue(hasher.verify("real user".toCharArray(), stored).matches());
    long realMacs = pepper.passwordMacs() - macs;
    long realArgon = engine.computations() - argon;

    macs = pepper.passwordMacs();
    argon = engine.computations();
    assertFalse(hasher.verify("real user".toCharArray(), null).matches());
    assertEquals(1, realMacs);
    assertEquals(realMacs, pepper.passwordMacs() - macs);
    assertEquals(realArgon, engine.computations() - argon);
  }

  @Test
  void toString_namesScopeNotKey() {
    assertEquals("PasswordPepper{tenant 'acme'}", pepper.toString());
  }
}
