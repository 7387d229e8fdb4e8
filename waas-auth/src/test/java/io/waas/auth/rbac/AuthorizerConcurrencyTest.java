package io.waas.auth.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random policies (seeded) checked from several threads at once; every answer must equal the
 * {@link ReferenceEvaluator}'s, and every explanation must agree with its check.
 */
class AuthorizerConcurrencyTest {
  private static final String[] TYPES = {"pages", "posts", "media", "billing"};
  private static final String[] ACTIONS = {"read", "edit", "delete", "publish"};

  static String pattern(Random r) {
    String type = r.nextInt(6) == 0 ? "*" : TYPES[r.nextInt(TYPES.length)];
    String id = !type.equals("*") && r.nextInt(4) == 0 ? "/" + r.nextInt(3) : "";
    String action = r.nextInt(5) == 0 ? "*" : ACTIONS[r.nextInt(ACTIONS.length)];
    return type + id + ":" + action;
  }

  static String request(Random r) {
    String id = r.nextBoolean() ? "/" + r.nextInt(3) : "";
    return TYPES[r.nextInt(TYPES.length)] + id + ":" + ACTIONS[r.nextInt(ACTIONS.length)];
  }

  static Policy randomPolicy(long seed) throws InvalidPolicyException {
    Random r = new Random(seed);
    Policy.Builder b = Policy.builder();
    int globals = 6;
    for (int i = 0; i < globals; i++) {
      RoleDefinition.Builder rb = RoleDefinition.global("g" + i);
      for (int j = 0; j < i; j++) {
        if (r.nextInt(4) == 0) {
          rb.inherits("g" + j); // edges only to lower numbers: acyclic
        }
      }
      addGrants(rb, r);
      b.role(rb.build());
    }
    for (int t = 0; t < 3; t++) {
      for (int i = 0; i < 4; i++) {
        RoleDefinition.Builder rb = RoleDefinition.inTenant("t" + t, "l" + i);
        for (int j = 0; j < i; j++) {
          if (r.nextInt(3) == 0) {
            rb.inherits("l" + j);
          }
        }
        if (r.nextBoolean()) {
          rb.inherits("g" + r.nextInt(globals));
        }
        addGrants(rb, r);
        b.role(rb.build());
      }
      for (int u = 0; u < 8; u++) {
        int n = 1 + r.nextInt(3);
        for (int k = 0; k < n; k++) {
          b.assign("t" + t, "u" + u, r.nextBoolean() ? "g" + r.nextInt(globals) : "l" + r.nextInt(4));
        }
      }
    }
    return b.build();
  }

  private static void addGrants(RoleDefinition.Builder rb, Random r) {
    int n = r.nextInt(5);
    for (int k = 0; k < n; k++) {
      int kind = r.nextInt(6);
      if (kind == 0) {
        rb.deny(pattern(r));
      } else if (kind == 1) {
        rb.allowIfOwner(pattern(r));
      } else {
        rb.allow(pattern(r));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void concurrentChecks_matchReference(long seed) throws Exception {
    Policy p = randomPolicy(seed);
    Authorizer authz = Authorizer.builder(p).eventListener(e -> { }).build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        long threadSeed = seed * 31 + thread;
        results.add(pool.submit(() -> {
          Random r = new Random(threadSeed);
          int checked = 0;
          for (int i = 0; i < 3_000; i++) {
            String tenant = "t" + r.nextInt(4); // t3 does not exist
            String user = "u" + r.nextInt(9); // u8 has no roles
            String perm = request(r);
            @Nullable String owner = r.nextInt(3) == 0 ? null : r.nextBoolean() ? user : "someone";
            boolean expected = ReferenceEvaluator.check(p, tenant, user, perm, owner);
            boolean actual = owner == null ? authz.check(tenant, user, perm) : authz.check(tenant, user, perm, owner);
            assertEquals(expected, actual, tenant + " " + user + " " + perm + " owner=" + owner);
            Explanation e = owner == null ? authz.explain(tenant, user, perm) : authz.explain(tenant, user, perm, owner);
            assertEquals(expected, e.allowed(), e.toString());
            checked++;
          }
          return checked;
        }));
      }
      int total = 0;
      for (Future<Integer> f : results) {
        total += f.get(120, TimeUnit.SECONDS);
      }
      assertEquals(12_000, total);
    } finally {
      pool.shutdownNow();
    }
  }
}
