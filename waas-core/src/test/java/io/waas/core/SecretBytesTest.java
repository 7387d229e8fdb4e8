package io.waas.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
  @Test
  void toString_neverShowsSecret() {
    byte[] key = "SUPERSECRETKEY!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    try (SecretBytes s = SecretBytes.copyOf(key)) {
      String text = s.toString();
      assertFalse(text.contains("SUPERSECRET"));
      assertFalse(text.contains(java.util.HexFormat.of().formatHex(key)));
      assertFalse(text.contains(java.util.Base64.getEncoder().encodeToString(key)));
      assertTrue(text.contains("16 bytes"));
    }
  }

  @Test
  void wrap_close_zeroesCallersArray() {
    byte[] key = {1, 2, 3, 4};
    SecretBytes s = SecretBytes.wrap(key);
    s.close();
    assertArrayEquals(new byte[4], key);
    assertTrue(s.isDestroyed());
  }

  @Test
  void copyOf_keepsIndependentCopy() {
    byte[] key = {9, 9};
    try (SecretBytes s = SecretBytes.copyOf(key)) {
      key[0] = 0;
      assertArrayEquals(new byte[] {9, 9}, s.copyBytes());
    }
  }

  @Test
  void copyBytes_afterClose_throws() {
    SecretBytes s = SecretBytes.random(32);
    s.close();
    assertThrows(IllegalStateException.class, s::copyBytes);
    assertEquals("SecretBytes[destroyed]", s.toString());
  }

  @Test
  void random_producesDistinctValuesOfRequestedLength() {
    try (SecretBytes a = SecretBytes.random(32);
        SecretBytes b = SecretBytes.random(32)) {
      assertEquals(32, a.length());
      assertFalse(a.equalsConstantTime(b));
      assertTrue(a.equalsConstantTime(SecretBytes.copyOf(a.copyBytes())));
    }
    assertThrows(IllegalArgumentException.class, () -> SecretBytes.random(0));
  }

  @Test
  void secretChars_closeZeroesAndHidesValue() {
    char[] pw = "hunter2hunter2".toCharArray();
    SecretChars s = SecretChars.wrap(pw);
    assertFalse(s.toString().contains("hunter2"));
    assertArrayEquals("hunter2hunter2".toCharArray(), s.copyChars());
    s.close();
    assertArrayEquals(new char[14], pw);
    assertThrows(IllegalStateException.class, s::copyChars);
  }

  @Test
  void concurrentReadsAndClose_neverSeeHalfWipedSecret() throws Exception {
    // Readers must see either the full secret or an IllegalStateException, never a mix of zeros.
    byte[] value = new byte[4096];
    java.util.Arrays.fill(value, (byte) 7);
    for (int round = 0; round < 50; round++) {
      SecretBytes s = SecretBytes.copyOf(value);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    try {
                      byte[] copy = s.copyBytes();
                      for (byte b : copy) {
                        if (b != 7) {
                          return false;
                        }
                      }
                    } catch (IllegalStateException closed) {
                      return true;
                    }
                  }
                  return true;
                }));
      }
      s.close();
      for (Future<Boolean> f : results) {
        assertTrue(f.get(30, TimeUnit.SECONDS));
      }
      pool.shutdown();
    }
  }
}
