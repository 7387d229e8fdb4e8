package io.waas.auth.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** The permission parser on arbitrary strings: a permission or {@link IllegalArgumentException}. */
class PermissionFuzzTest {
  @FuzzTest
  void parse_arbitraryString_throwsOnlyIllegalArgument(@Nullable String input) {
    if (input == null) {
      return; // Jazzer's first input; null is a programming error (NullPointerException)
    }
    Permission p;
    try {
      p = Permission.parse(input);
    } catch (IllegalArgumentException e) {
      return; // the only allowed failure
    }
    String canonical = p.toString();
    assertTrue(canonical.equals(input) || (input.equals("*") && canonical.equals("*:*")), canonical);
    assertEquals(p, Permission.parse(canonical));
    assertTrue(canonical.length() <= Permission.MAX_LENGTH);
    if (!p.isPattern()) {
      // A concrete permission is matched by itself and by exactly its lookup keys.
      assertTrue(p.matches(p));
      for (String key : p.matchingKeys()) {
        assertTrue(Permission.parse(key).matches(p), key);
      }
      assertEquals(p.resourceId() == null ? 4 : 6, Arrays.stream(p.matchingKeys()).distinct().count());
    }
  }
}
