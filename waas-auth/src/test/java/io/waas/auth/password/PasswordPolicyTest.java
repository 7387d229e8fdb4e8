package io.waas.auth.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.auth.password.PasswordFixtures.RecordingListener;
import io.waas.core.SecurityEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {
  private final RecordingListener events = new RecordingListener();
  private final PasswordPolicy nist = PasswordPolicy.builder().eventListener(events).build();
  private final PasswordPolicy single = PasswordPolicy.builder().minLength(15).eventListener(events).build();

  @ParameterizedTest(name = "[{0}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "7 chars | Zq7#vL2",
        "7 emoji | 😀😀😀😀😀😀😀",
        "decomposed accents, 7 after NFKC | e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301e\u0301",
        "empty | ''",
      })
  void check_tooShort_isRejected(String name, String password) {
    PasswordCheck c = nist.check(password.toCharArray());
    assertTrue(c.violations().contains(PasswordViolation.TOO_SHORT), c.toString());
    assertFalse(c.acceptable());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "8 ASCII | Zq7#vL2m | 8",
        "8 emoji, each one code point but two chars | 🦊🐙🦉🐝🦋🐢🦔🐬 | 8",
        "fullwidth letters count once each | ｖｉｏｌｅｔ ｑｕａｒｔｚ | 13",
        "Japanese | 紫色の水晶が好きです | 10",
        "no composition rules: all lower case | violet quartz harbor | 20",
        "spaces allowed | the quiet harbor at dusk | 24",
      })
  void check_lengthInCodePointsAtLeast8_isAccepted(String name, String password, int codePoints) {
    PasswordCheck c = nist.check(password.toCharArray());
    assertTrue(c.acceptable(), name + ": " + c);
    assertEquals(codePoints, c.lengthInCodePoints());
  }

  @Test
  void check_combiningCharacters_countedAfterNfkc() {
    // 8 × ("e" + U+0301): 16 chars, 8 code points after NFKC ("é" × 8)
    PasswordCheck c = nist.check("e\u0301".repeat(8).toCharArray());
    assertEquals(8, c.lengthInCodePoints());
    assertFalse(c.violations().contains(PasswordViolation.TOO_SHORT));
  }

  @Test
  void check_64AndMoreCharacters_areAccepted() {
    String long64 = "purple harbor lanterns drift over quiet water while gulls argue.";
    assertEquals(64, long64.length());
    assertTrue(nist.check(long64.toCharArray()).acceptable(), nist.check(long64.toCharArray()).toString());
    String long256 = "a slow river of words ".repeat(12).substring(0, 256);
    PasswordCheck c = nist.check(long256.toCharArray());
    assertEquals(256, c.lengthInCodePoints());
    assertFalse(c.violations().contains(PasswordViolation.TOO_LONG), c.toString());
  }

  @Test
  void check_overMaximum_isTooLong() {
    PasswordCheck c = nist.check("x1y2z3w4".repeat(33).toCharArray()); // 264
    assertTrue(c.violations().contains(PasswordViolation.TOO_LONG));
  }

  @Test
  void builder_maxBelow64OrMinBelow8_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> PasswordPolicy.builder().maxLength(63));
    assertThrows(IllegalArgumentException.class, () -> PasswordPolicy.builder().minLength(7));
    assertThrows(IllegalArgumentException.class, () -> PasswordPolicy.builder().minLength(100).maxLength(64).build());
    assertEquals(64, PasswordPolicy.builder().maxLength(64).build().maxLength());
  }

  @ParameterizedTest
  @ValueSource(strings = {"password", "PassWord", "iloveyou", "trustno1", "password1", "1qaz2wsx3edc", "ｐａｓｓｗｏｒｄ"})
  void check_commonPassword_isRejectedCaseInsensitivelyAndAfterNfkc(String password) {
    PasswordCheck c = nist.check(password.toCharArray());
    assertTrue(c.violations().contains(PasswordViolation.COMMON), c.toString());
    assertFalse(c.strength().warning().isEmpty(), c.strength().toString());
  }

  @Test
  void blocklist_isZxcvbnsPasswordsList() {
    assertEquals(30000, CommonPasswords.size(), "zxcvbn4j ships 30,000 passwords");
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alice.smith | Alice.Smith.2024!",
        "alice.smith | zz-smith-quartz-violet",
        "alice.smith@example.org | quartz alice violet",
        "Bob_Builder99 | bob_builder99 river",
        "acme shop | ACMEshop lantern",
      })
  void check_containsContextWord_isRejected(String context, String password) {
    PasswordCheck c = nist.check(password.toCharArray(), List.of(context));
    assertTrue(c.violations().contains(PasswordViolation.CONTAINS_CONTEXT), c.toString());
  }

  @Test
  void check_policyContextWords_apply() {
    PasswordPolicy p = PasswordPolicy.builder().contextWords("Acme").eventListener(events).build();
    assertTrue(p.check("my acme lanterns".toCharArray()).violations().contains(PasswordViolation.CONTAINS_CONTEXT));
  }

  @Test
  void check_shortContextTokensAndEmailDomain_areIgnored() {
    // "al" is too short to count; the domain "example" of the e-mail is not a context word
    PasswordCheck c = nist.check("al example lanterns".toCharArray(), List.of("al@example.org"));
    assertFalse(c.violations().contains(PasswordViolation.CONTAINS_CONTEXT), c.toString());
  }

  @Test
  void singleFactor_requires15() {
    assertTrue(single.check("violet quartz!".toCharArray()).violations().contains(PasswordViolation.TOO_SHORT));
    assertTrue(single.check("violet quartz!!".toCharArray()).acceptable());
    assertEquals(15, PasswordPolicy.singleFactor().minLength());
    assertEquals(8, PasswordPolicy.nist80063b().minLength());
  }

  @Test
  void check_unpairedSurrogate_isInvalidCharacters() {
    PasswordCheck c = nist.check(new char[] {'a', 'b', 'c', 'd', '\uDC00', 'e', 'f', 'g', 'h'});
    assertEquals(List.of(PasswordViolation.INVALID_CHARACTERS), c.violations());
  }

  @Test
  void check_strengthEstimate_isReportedWithoutRules() {
    PasswordCheck weak = nist.check("aaaaaaaa".toCharArray());
    PasswordCheck strong = nist.check("violet quartz harbor lantern".toCharArray());
    assertTrue(weak.strength().score() <= 1, weak.toString());
    assertEquals(4, strong.strength().score(), strong.toString());
    // NIST: no strength rule by default, so a repetitive but uncommon 8-char password passes
    assertTrue(weak.acceptable(), weak.toString());
  }

  @Test
  void minimumStrengthScore_rejectsWeakWithTooWeak() {
    PasswordPolicy p = PasswordPolicy.builder().minimumStrengthScore(3).eventListener(events).build();
    assertTrue(p.check("aaaaaaaa".toCharArray()).violations().contains(PasswordViolation.TOO_WEAK));
    assertThrows(IllegalArgumentException.class, () -> PasswordPolicy.builder().minimumStrengthScore(5));
  }

  @Test
  void requireAcceptable_rejected_throwsListingViolationsNotPassword() {
    PasswordRejectedException e =
        assertThrows(PasswordRejectedException.class, () -> nist.requireAcceptable("iloveyou".toCharArray(), List.of()));
    assertEquals(List.of(PasswordViolation.COMMON), e.violations());
    assertFalse(String.valueOf(e.getMessage()).contains("iloveyou"), e.getMessage());
    assertTrue(String.valueOf(e.getMessage()).contains("COMMON"), e.getMessage());
  }

  @Test
  void check_rejected_emitsPolicyRejectedEventWithViolationNames() {
    nist.check("password".toCharArray());
    nist.check("violet quartz harbor".toCharArray());
    assertEquals(1, events.events.size());
    SecurityEvent e = events.events.get(0);
    assertEquals(PasswordEvents.POLICY_REJECTED, e.type());
    assertEquals(SecurityEvent.Outcome.DENIED, e.outcome());
    assertEquals("COMMON", e.attributes().get("violations"));
  }

  @Test
  void check_doesNotModifyCallersArray() {
    char[] pw = "ｖｉｏｌｅｔ ｑｕａｒｔｚ".toCharArray();
    char[] copy = pw.clone();
    nist.check(pw, List.of("someone"));
    assertEquals(new String(copy), new String(pw));
  }

  @Test
  void check_concurrentThreads_giveConsistentResults() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> futures = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        boolean common = i % 2 == 0;
        String pw = common ? "football" : "violet quartz harbor " + i;
        futures.add(pool.submit(() -> nist.check(pw.toCharArray()).acceptable() != common));
      }
      for (Future<Boolean> f : futures) {
        assertTrue(f.get(2, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
