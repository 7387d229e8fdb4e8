package io.waas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RandomTokensTest {
  @Test
  void base64Url_hasUrlSafeAlphabetAndExpectedLength() {
    String t = RandomTokens.base64Url(32);
    assertEquals(43, t.length());
    assertTrue(t.matches("[A-Za-z0-9_-]+"), t);
  }

  @Test
  void base32_hasBase32AlphabetAndDecodesToRequestedBytes() {
    String t = RandomTokens.base32(20);
    assertEquals(32, t.length());
    assertTrue(t.matches("[A-Z2-7]+"), t);
    assertEquals(20, Base32.decode(t).length);
  }

  @Test
  void tooShortToken_isRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RandomTokens.base64Url(15));
    assertTrue(String.valueOf(e.getMessage()).contains("16"));
    assertThrows(IllegalArgumentException.class, () -> RandomTokens.base32(1025));
  }

  @Test
  void concurrentGeneration_producesNoDuplicates() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      pool.execute(
          () -> {
            for (int i = 0; i < 5000; i++) {
              seen.add(RandomTokens.base64Url(16));
            }
          });
    }
    pool.shutdown();
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
    assertEquals(40_000, seen.size());
  }
}
