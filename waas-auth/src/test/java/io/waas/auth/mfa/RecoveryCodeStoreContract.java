package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@link RecoveryCodeStore} contract, and {@link RecoveryCodes} on top of it, for every implementation. */
abstract class RecoveryCodeStoreContract {
  @TempDir
  @SuppressWarnings("NullAway.Init")
  Path dir;

  @SuppressWarnings("NullAway.Init")
  private RecoveryCodeStore store;

  abstract RecoveryCodeStore newStore();

  @BeforeEach
  void setUpStore() {
    store = newStore();
  }

  @Test
  void replaceAll_thenHashes_returnsTheSet() {
    store.replaceAll("t", "u", List.of("h1", "h2", "h3"));
    assertEquals(Set.of("h1", "h2", "h3"), new HashSet<>(store.hashes("t", "u")));
    assertEquals(List.of(), store.hashes("t", "other"));
    assertEquals(List.of(), store.hashes("other", "u"));
  }

  @Test
  void replaceAll_replacesThePreviousSet() {
    store.replaceAll("t", "u", List.of("h1", "h2"));
    store.replaceAll("t", "u", List.of("h3"));
    assertEquals(List.of("h3"), store.hashes("t", "u"));
    store.replaceAll("t", "u", List.of());
    assertEquals(List.of(), store.hashes("t", "u"));
  }

  @Test
  void consume_isSingleUse() {
    store.replaceAll("t", "u", List.of("h1", "h2"));
    assertTrue(store.consume("t", "u", "h1"));
    assertFalse(store.consume("t", "u", "h1"));
    assertFalse(store.consume("t", "u", "nope"));
    assertEquals(List.of("h2"), store.hashes("t", "u"));
  }

  @Test
  void consume_otherUsersHash_isRefused() {
    store.replaceAll("t", "u", List.of("h1"));
    assertFalse(store.consume("t", "v", "h1"));
    assertFalse(store.consume("t2", "u", "h1"));
    assertTrue(store.consume("t", "u", "h1"));
  }

  @Test
  void consume_32ThreadsSameHash_exactlyOneSucceeds() throws Exception {
    store.replaceAll("t", "u", List.of("h1", "h2"));
    List<Boolean> results = Concurrently.run(32, () -> store.consume("t", "u", "h1"));
    assertEquals(1, results.stream().filter(b -> b).count());
    assertEquals(List.of("h2"), store.hashes("t", "u"));
  }

  @Test
  void replaceAll_concurrently_leavesExactlyOneOfTheSets() throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Set<String>> written = Concurrently.run(8, () -> {
      int n = next.getAndIncrement();
      List<String> set = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        set.add("s" + n + "-" + i);
      }
      store.replaceAll("t", "u", set);
      return Set.copyOf(set);
    });
    Set<String> now = new HashSet<>(store.hashes("t", "u"));
    assertTrue(written.contains(now), "a mix of sets: " + now);
  }

  @Test
  void redeem_32ThreadsSameRecoveryCode_exactlyOneSuccess() throws Exception {
    try (MfaFixture f = new MfaFixture(dir)) {
      RecoveryCodes codes = RecoveryCodes.builder(f.keys, store).eventListener(f.events).build();
      String code = codes.generate("t", "u").get(3);
      List<Boolean> results = Concurrently.run(32, () -> codes.redeem("t", "u", code).accepted());
      assertEquals(1, results.stream().filter(b -> b).count());
      assertEquals(9, codes.remaining("t", "u"));
      assertEquals(1, f.events.count(MfaEvents.RECOVERY_CODE_REDEEMED));
      assertEquals(31, f.events.count(MfaEvents.RECOVERY_CODE_FAILED));
    }
  }

  @Test
  void generate_regenerating_invalidatesTheOldCodes() throws Exception {
    try (MfaFixture f = new MfaFixture(dir)) {
      RecoveryCodes codes = RecoveryCodes.builder(f.keys, store).eventListener(f.events).build();
      List<String> first = codes.generate("t", "u");
      List<String> second = codes.generate("t", "u");
      assertFalse(codes.redeem("t", "u", first.get(0)).accepted());
      assertTrue(codes.redeem("t", "u", second.get(0)).accepted());
    }
  }
}
