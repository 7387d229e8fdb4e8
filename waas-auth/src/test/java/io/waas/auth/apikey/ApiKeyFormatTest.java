package io.waas.auth.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.SecurityEvent;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyFormatTest {
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_- .=+/é\u0000";

  @Test
  void format_hasPrefixFieldsAndLength() throws Exception {
    String key = ApiKeyFormat.format(ApiKeyEnvironment.LIVE, "acme-corp", ApiKeyFormat.newKeyId(), ApiKeyFormat.newSecret());
    assertTrue(key.matches("waas_live_acme-corp_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}"), key.length() + " chars");
    ApiKeyFormat.Parsed p = ApiKeyFormat.parse(key);
    assertEquals(ApiKeyEnvironment.LIVE, p.environment());
    assertEquals("acme-corp", p.tenant());
    assertEquals(key.substring(20, 32), p.keyId());
  }

  @Test
  void newSecret_carriesAtLeast160Bits() {
    // 32 characters from 62 symbols, each uniformly drawn: 32 * log2(62) = 190.5 bits.
    assertTrue(ApiKeyFormat.SECRET_LENGTH * Math.log(62) / Math.log(2) >= 160);
    Set<Character> seen = new HashSet<>();
    Set<String> secrets = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String s = ApiKeyFormat.newSecret();
      assertEquals(32, s.length());
      s.chars().forEach(c -> seen.add((char) c));
      secrets.add(s);
    }
    assertEquals(200, secrets.size());
    assertEquals(62, seen.size(), "every base62 symbol is used");
  }

  @Test
  void everySingleCharacterSubstitution_isRejectedBeforeAnyLookup() throws Exception {
    CountingApiKeyStore store = new CountingApiKeyStore(new InMemoryApiKeyStore());
    RecordingListener events = new RecordingListener();
    ApiKeys apiKeys = ApiKeys.builder(ApiKeyEnvironment.LIVE).store(store).eventListener(events).build();
    String key = apiKeys.issue(ApiKeyRequest.builder("acme-corp", "k").build()).plaintext();
    int variants = 0;
    for (int i = 0; i < key.length(); i++) {
      for (char c : ALPHABET.toCharArray()) {
        if (c == key.charAt(i)) {
          continue;
        }
        String typo = key.substring(0, i) + c + key.substring(i + 1);
        MalformedApiKeyException e =
            assertThrows(MalformedApiKeyException.class, () -> apiKeys.verify(typo), "position " + i + " -> " + c);
        assertFalse(String.valueOf(e.getMessage()).contains(typo.substring(20)), "message leaks the key");
        variants++;
      }
    }
    assertEquals(key.length() * (ALPHABET.length() - 1), variants, "every position, every other character");
    assertEquals(0, store.finds.get(), "no typo reached the store");
    assertEquals(variants, events.ofType(ApiKeyEvents.REJECTED).size());
    SecurityEvent e = events.ofType(ApiKeyEvents.REJECTED).get(0);
    assertEquals("malformed", e.attributes().get("reason"));
    assertEquals(SecurityEvent.Outcome.FAILURE, e.outcome());
    assertTrue(apiKeys.verify(key).isValid(), "the original still verifies");
    assertEquals(1, store.finds.get());
  }

  @Test
  void truncatedOrExtendedKey_isRejected() throws Exception {
    String key = ApiKeyFormat.format(ApiKeyEnvironment.LIVE, "acme", ApiKeyFormat.newKeyId(), ApiKeyFormat.newSecret());
    for (int len = 0; len < key.length(); len++) {
      String prefix = key.substring(0, len);
      assertThrows(MalformedApiKeyException.class, () -> ApiKeyFormat.parse(prefix), "length " + len);
    }
    assertThrows(MalformedApiKeyException.class, () -> ApiKeyFormat.parse(key + "A"));
    assertThrows(MalformedApiKeyException.class, () -> ApiKeyFormat.parse(" " + key));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "sk_live_abcdef", "waas_", "waas_live_acme",
    "waas_prod_acme_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "waas_live_Acme_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "waas_live_-acme_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "waas_live_acme_AAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "waas_live_acme_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    "waas_live_acme_corp_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
  })
  void parse_malformed_throwsWithoutEchoingInput(String input) {
    MalformedApiKeyException e = assertThrows(MalformedApiKeyException.class, () -> ApiKeyFormat.parse(input));
    if (input.length() > 8) {
      assertFalse(String.valueOf(e.getMessage()).contains(input.substring(5)));
    }
  }

  @Test
  void tenant_validatedWhenIssuing() {
    for (String bad : new String[] {"", "Acme", "ac_me", "-acme", "acme-", "a".repeat(33), "ac me", "acmé"}) {
      assertThrows(IllegalArgumentException.class, () -> ApiKeyRequest.builder(bad, "k"), bad);
    }
    ApiKeyRequest.builder("a", "k");
    ApiKeyRequest.builder("a".repeat(32), "k");
    ApiKeyRequest.builder("acme-corp-2", "k");
  }

  @Test
  void request_nameAndScopesValidated() {
    assertThrows(IllegalArgumentException.class, () -> ApiKeyRequest.builder("acme", ""));
    assertThrows(IllegalArgumentException.class, () -> ApiKeyRequest.builder("acme", "line\nbreak"));
    assertThrows(IllegalArgumentException.class, () -> ApiKeyRequest.builder("acme", "k").scopes("Has Space"));
    assertThrows(IllegalArgumentException.class,
        () -> ApiKeyRequest.builder("acme", "k").validFor(java.time.Duration.ofSeconds(1)));
    String[] many = new String[ApiKeyRequest.MAX_SCOPES + 1];
    for (int i = 0; i < many.length; i++) {
      many[i] = "s" + i;
    }
    assertThrows(IllegalArgumentException.class, () -> ApiKeyRequest.builder("acme", "k").scopes(many));
  }
}
