package io.waas.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmacSha256Test {
  /** Seeded random keys (0 to 130 bytes, so longer than a block too) and messages, against JCE. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void compute_bothPaths_matchJceMac(long seed) throws Exception {
    Random r = new Random(seed);
    for (int round = 0; round < 50; round++) {
      byte[] key = new byte[r.nextInt(131)];
      r.nextBytes(key);
      byte[] msg = new byte[r.nextInt(200)];
      r.nextBytes(msg);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
      if (key.length == 0) {
        continue; // JCE refuses empty keys; HMAC allows them but the SDK never uses one
      }
      byte[] expected = mac.doFinal(msg);
      HmacSha256 fast = new HmacSha256(key, true);
      HmacSha256 plain = new HmacSha256(key, false);
      assertTrue(fast.usesPrecomputedStates());
      assertArrayEquals(expected, fast.compute(msg));
      assertArrayEquals(expected, plain.compute(msg));
      assertArrayEquals(expected, fast.compute(msg), "a second call on the same instance");
      int len = 1 + r.nextInt(32);
      byte[] out = new byte[len + 3];
      fast.compute(msg, out, 3, len);
      assertArrayEquals(Arrays.copyOf(expected, len), Arrays.copyOfRange(out, 3, 3 + len));
    }
  }

  @Test
  void compute_keyArrayWipedAfterConstruction_stillCorrect() throws Exception {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[] expected = mac.doFinal(new byte[] {1, 2, 3});
    HmacSha256 fast = new HmacSha256(key, true);
    HmacSha256 plain = new HmacSha256(key, false);
    Arrays.fill(key, (byte) 0);
    assertArrayEquals(expected, fast.compute(new byte[] {1, 2, 3}));
    assertArrayEquals(expected, plain.compute(new byte[] {1, 2, 3}));
  }

  @Test
  void compute_badLength_refused() throws Exception {
    HmacSha256 h = new HmacSha256(new byte[32], true);
    assertThrows(IllegalArgumentException.class, () -> h.compute(new byte[1], new byte[40], 0, 0));
    assertThrows(IllegalArgumentException.class, () -> h.compute(new byte[1], new byte[40], 0, 33));
  }

  @Test
  void compute_concurrentThreads_allCorrect() throws Exception {
    byte[] key = new byte[32];
    new Random(9).nextBytes(key);
    HmacSha256 fast = new HmacSha256(key, true);
    HmacSha256 plain = new HmacSha256(key, false);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    byte[][] msgs = new byte[200][];
    byte[][] expected = new byte[200][];
    for (int i = 0; i < msgs.length; i++) {
      msgs[i] = ("message " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      expected[i] = mac.doFinal(msgs[i]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> fs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int offset = t;
        fs.add(
            pool.submit(
                () -> {
                  int checked = 0;
                  for (int round = 0; round < 20; round++) {
                    for (int i = 0; i < msgs.length; i++) {
                      int m = (i + offset * 13) % msgs.length;
                      assertArrayEquals(expected[m], fast.compute(msgs[m]));
                      assertArrayEquals(expected[m], plain.compute(msgs[m]));
                      checked++;
                    }
                  }
                  return checked;
                }));
      }
      for (Future<Integer> f : fs) {
        assertEquals(4000, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
