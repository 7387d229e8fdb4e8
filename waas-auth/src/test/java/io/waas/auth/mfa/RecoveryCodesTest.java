package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.SecurityEvent;
import io.waas.crypto.KeyScope;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecoveryCodesTest {
  @TempDir
  @SuppressWarnings("NullAway.Init")
  Path dir;

  @SuppressWarnings("NullAway.Init")
  private MfaFixture f;

  @SuppressWarnings("NullAway.Init")
  private InMemoryRecoveryCodeStore store;

  @SuppressWarnings("NullAway.Init")
  private RecoveryCodes recovery;

  @BeforeEach
  void setUp() throws Exception {
    f = new MfaFixture(dir);
    store = new InMemoryRecoveryCodeStore();
    recovery = RecoveryCodes.builder(f.keys, store).clock(f.clock).eventListener(f.events).build();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void generate_tenDistinctCodesOfEightyBitsInGroups() throws Exception {
    List<String> codes = recovery.generate("acme", "u1");
    assertEquals(10, codes.size());
    assertEquals(10, new HashSet<>(codes).size());
    for (String c : codes) {
      // 16 Crockford base32 characters = 80 bits, in four groups of four.
      assertTrue(c.matches("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}"), c);
    }
  }

  @Test
  void generate_storesOnlyKeyedHashes() throws Exception {
    List<String> codes = recovery.generate("acme", "u1");
    List<String> hashes = store.hashes("acme", "u1");
    assertEquals(10, hashes.size());
    for (String h : hashes) {
      for (String c : codes) {
        assertFalse(h.contains(c.replace("-", "")));
      }
    }
  }

  @Test
  void redeem_validCode_isAcceptedOnce() throws Exception {
    List<String> codes = recovery.generate("acme", "u1");
    RecoveryCodeRedemption r = recovery.redeem("acme", "u1", codes.get(0));
    assertEquals(new RecoveryCodeRedemption(true, 9), r);
    assertEquals(new RecoveryCodeRedemption(false, 9), recovery.redeem("acme", "u1", codes.get(0)));
  }

  @Test
  void redeem_normalizesCaseDashesSpacesAndLookAlikes() throws Exception {
    List<String> codes = recovery.generate("acme", "u1");
    String c = codes.get(0);
    String typed = " " + c.toLowerCase(Locale.ROOT).replace("-", " ").replace('0', 'o').replace('1', 'l') + " ";
    assertTrue(recovery.redeem("acme", "u1", typed).accepted());
    String c2 = codes.get(1).replace("-", "").replace('1', 'I');
    assertTrue(recovery.redeem("acme", "u1", c2).accepted());
  }

  @Test
  void normalize_refusesWrongLengthAndForeignCharacters() {
    assertEquals("0123456789ABCDEF", RecoveryCodes.normalize("oi23-4567-89ab-cdef"));
    assertNull(RecoveryCodes.normalize("0123-4567-89AB-CDE"));
    assertNull(RecoveryCodes.normalize("0123-4567-89AB-CDEFG"));
    assertNull(RecoveryCodes.normalize("0123-4567-89AB-CDEU")); // U is not in Crockford's alphabet
    assertNull(RecoveryCodes.normalize("0123_4567_89AB_CDEF"));
  }

  @Test
  void redeem_anotherUsersCode_isRefused() throws Exception {
    List<String> codes = recovery.generate("acme", "u1");
    recovery.generate("acme", "u2");
    assertFalse(recovery.redeem("acme", "u2", codes.get(0)).accepted());
    assertTrue(recovery.redeem("acme", "u1", codes.get(0)).accepted());
  }

  @Test
  void redeem_hashesCopiedToAnotherUser_doNotMatch() throws Exception {
    List<String> codes = recovery.generate("acme", "u1");
    store.replaceAll("acme", "u2", store.hashes("acme", "u1"));
    assertFalse(recovery.redeem("acme", "u2", codes.get(0)).accepted());
  }

  @Test
  void redeem_afterKeyRotation_oldCodesStillWork() throws Exception {
    List<String> codes = recovery.generate("acme", "u1");
    f.keys.rotate(KeyScope.tenant("acme"));
    assertTrue(recovery.redeem("acme", "u1", codes.get(0)).accepted());
  }

  @Test
  void redeem_lastCode_reportsExhaustion() throws Exception {
    RecoveryCodes two = RecoveryCodes.builder(f.keys, store).count(2).eventListener(f.events).build();
    List<String> codes = two.generate("acme", "u1");
    two.redeem("acme", "u1", codes.get(0));
    assertEquals(0, f.events.count(MfaEvents.RECOVERY_CODES_EXHAUSTED));
    assertEquals(new RecoveryCodeRedemption(true, 0), two.redeem("acme", "u1", codes.get(1)));
    assertEquals(1, f.events.count(MfaEvents.RECOVERY_CODES_EXHAUSTED));
  }

  @Test
  void redeem_noCodesOrGarbage_failsWithEvent() throws Exception {
    assertFalse(recovery.redeem("acme", "nobody", "0000-0000-0000-0000").accepted());
    recovery.generate("acme", "u1");
    assertFalse(recovery.redeem("acme", "u1", "not a code").accepted());
    assertEquals(2, f.events.count(MfaEvents.RECOVERY_CODE_FAILED));
    SecurityEvent e = f.events.events.stream().filter(x -> x.type().equals(MfaEvents.RECOVERY_CODE_FAILED))
        .findFirst().orElseThrow();
    assertEquals(SecurityEvent.Outcome.FAILURE, e.outcome());
    assertEquals("nobody", e.subject());
  }

  @Test
  void builder_countOutOfRange_isRefused() {
    RecoveryCodes.Builder b = RecoveryCodes.builder(f.keys, store);
    assertThrows(IllegalArgumentException.class, () -> b.count(0));
    assertThrows(IllegalArgumentException.class, () -> b.count(RecoveryCodes.MAX_COUNT + 1));
  }

  @Test
  void generate_invalidTenant_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> recovery.generate("", "u1"));
  }
}
