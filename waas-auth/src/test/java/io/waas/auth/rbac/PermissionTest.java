package io.waas.auth.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PermissionTest {
  @ParameterizedTest
  @CsvSource({
    "pages:edit, pages:edit",
    "pages/123:edit, pages/123:edit",
    "pages:*, pages:*",
    "*:read, *:read",
    "*, *:*",
    "*:*, *:*",
    "pages/123:*, pages/123:*",
    "site-settings/a.b@c~d_e-f:read_all, site-settings/a.b@c~d_e-f:read_all",
  })
  void parse_valid_canonicalForm(String text, String canonical) {
    assertEquals(canonical, Permission.parse(text).toString());
    assertEquals(Permission.parse(text), Permission.parse(canonical));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", ":", "pages", "pages:", ":edit", "Pages:edit", "pages:Edit", "pa*:read", "pages:ed*",
    "pages/*:edit", "*/1:edit", "pages/:edit", "pages/1/2:edit", "pages:edit:x", "1pages:edit",
    "pages :edit", "pages: edit", "pages/a b:edit", "pages/ä:edit", "**", "*:", "*:**", "pages/1:",
    "pages\u0000:edit", "pages/a:b:c"
  })
  void parse_malformed_throwsIllegalArgument(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Permission.parse(text));
    assertTrue(String.valueOf(e.getMessage()).startsWith("permission"), e.getMessage());
  }

  @Test
  void parse_tooLong_throws() {
    String type = "a".repeat(65);
    assertThrows(IllegalArgumentException.class, () -> Permission.parse(type + ":read"));
    assertThrows(IllegalArgumentException.class, () -> Permission.parse("pages/" + "1".repeat(129) + ":read"));
    assertThrows(IllegalArgumentException.class, () -> Permission.parse("x".repeat(Permission.MAX_LENGTH + 1)));
    assertEquals("pages/" + "1".repeat(128) + ":read",
        Permission.parse("pages/" + "1".repeat(128) + ":read").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "pages:*", "*:read", "pages/1:*"})
  void parseConcrete_wildcard_throws(String text) {
    assertThrows(IllegalArgumentException.class, () -> Permission.parseConcrete(text));
  }

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "pages:edit, pages:edit, true",
    "pages:edit, pages:view, false",
    "pages:edit, posts:edit, false",
    "pages:*, pages:edit, true",
    "pages:*, pages/9:delete, true",
    "pages:*, posts:edit, false",
    "*:read, pages:read, true",
    "*:read, pages/9:read, true",
    "*:read, pages:write, false",
    "*, anything/1:at-all, true",
    "*:*, pages:edit, true",
    "pages:edit, pages/123:edit, true",
    "pages/123:edit, pages/123:edit, true",
    "pages/123:edit, pages/124:edit, false",
    "pages/123:edit, pages:edit, false",
    "pages/123:*, pages/123:publish, true",
    "pages/123:*, pages/1234:publish, false",
    "pages:edit, pagesx:edit, false",
  })
  void matches_wildcards(String pattern, String request, boolean expected) {
    Permission p = Permission.parse(pattern);
    Permission r = Permission.parseConcrete(request);
    assertEquals(expected, p.matches(r));
    // The compiled lookup keys agree with the matching relation.
    assertEquals(expected, Arrays.asList(r.matchingKeys()).contains(p.toString()));
  }

  @Test
  void isPattern_onlyForWildcards() {
    assertFalse(Permission.parse("pages/1:edit").isPattern());
    assertTrue(Permission.parse("pages:*").isPattern());
    assertTrue(Permission.parse("*:edit").isPattern());
  }
}
