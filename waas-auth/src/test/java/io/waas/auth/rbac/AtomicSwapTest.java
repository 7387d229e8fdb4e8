package io.waas.auth.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Readers check continuously while a writer reloads two alternating policies. Every answer must be
 * exactly policy A's or exactly policy B's, never a mix: a snapshot's answers agree with each other
 * and with its generation (odd = A, even = B), and every explanation names the rule and role of
 * the policy its generation says.
 */
class AtomicSwapTest {
  private static final String T = "site";
  private static final String U = "user";
  private static final String[] PERMISSIONS = {"pages:edit", "pages:delete", "pages:read", "media/1:upload"};
  private static final List<Boolean> ANSWERS_A = List.of(true, false, true, false);
  private static final List<Boolean> ANSWERS_B = List.of(false, true, false, true);

  static Policy policyA() throws InvalidPolicyException {
    return Policy.builder()
        .role(RoleDefinition.global("role-a").allow("pages:edit", "pages:read", "media:*").deny("pages:delete", "media:upload").build())
        .assign(T, U, "role-a")
        .build();
  }

  static Policy policyB() throws InvalidPolicyException {
    return Policy.builder()
        .role(RoleDefinition.global("role-b").allow("pages:*", "media/1:upload").deny("pages:edit", "pages:read").build())
        .assign(T, U, "role-b")
        .build();
  }

  @Test
  void checksDuringReloads_eachAnswerFromExactlyOnePolicy() throws Exception {
    Policy a = policyA();
    Policy b = policyB();
    Authorizer authz = Authorizer.builder(a).eventListener(e -> { }).denyEvents(true).build();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong reloads = new AtomicLong();
    AtomicLong checks = new AtomicLong();
    AtomicLong seenA = new AtomicLong();
    AtomicLong seenB = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        readers.add(pool.submit(() -> {
          while (!stop.get()) {
            PolicySnapshot s = authz.snapshot();
            List<Boolean> answers = new ArrayList<>();
            for (String p : PERMISSIONS) {
              answers.add(s.check(T, U, p));
            }
            boolean isA = s.generation() % 2 == 1;
            (isA ? seenA : seenB).incrementAndGet();
            assertEquals(isA ? ANSWERS_A : ANSWERS_B, answers, "snapshot answers mix policies");
            Explanation e = authz.explain(T, U, "pages:edit");
            boolean explainedA = e.policyGeneration() % 2 == 1;
            assertEquals(explainedA, e.allowed());
            assertEquals(explainedA ? "role-a" : "role-b", e.role());
            assertEquals(explainedA ? Grant.allow("pages:edit") : Grant.deny("pages:edit"), e.rule());
            // A single check through the authorizer is one of the two answers (never an exception).
            authz.check(T, U, "media/1:upload");
            checks.incrementAndGet();
          }
          return null;
        }));
      }
      Future<?> writer = pool.submit(() -> {
        // At least 2,000 reloads, and on until the readers have made 20,000 checks (at most 60 s).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < 2_000 || (checks.get() < 20_000 && System.nanoTime() < deadline); i++) {
          authz.reload(i % 2 == 0 ? b : a);
          reloads.incrementAndGet();
        }
        return null;
      });
      writer.get(120, TimeUnit.SECONDS);
      stop.set(true);
      for (Future<?> f : readers) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
    assertTrue(reloads.get() >= 2_000);
    assertEquals(reloads.get() + 1, authz.snapshot().generation());
    assertTrue(seenA.get() > 0 && seenB.get() > 0, "readers saw both policies: " + seenA + " A, " + seenB + " B");
  }
}
