package io.waas.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConstantTimeTest {
  @Test
  void equal_bytes_comparesContentAndLength() {
    assertTrue(ConstantTime.equal(new byte[] {1, 2, 3}, new byte[] {1, 2, 3}));
    assertFalse(ConstantTime.equal(new byte[] {1, 2, 3}, new byte[] {1, 2, 4}));
    assertFalse(ConstantTime.equal(new byte[] {1, 2, 3}, new byte[] {1, 2}));
    assertTrue(ConstantTime.equal(new byte[0], new byte[0]));
  }

  @Test
  void equal_chars_comparesContentAndLength() {
    assertTrue(ConstantTime.equal("secret".toCharArray(), "secret".toCharArray()));
    assertFalse(ConstantTime.equal("secret".toCharArray(), "secreT".toCharArray()));
    assertFalse(ConstantTime.equal("secret".toCharArray(), "secrets".toCharArray()));
  }

  @Test
  void equal_strings_comparesUnicodeContent() {
    assertTrue(ConstantTime.equal("tökén", new StringBuilder("tökén")));
    assertFalse(ConstantTime.equal("tökén", "token"));
    assertFalse(ConstantTime.equal("a", ""));
  }
}
