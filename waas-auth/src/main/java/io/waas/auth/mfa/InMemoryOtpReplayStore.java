package io.waas.auth.mfa;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OtpReplayStore} in this process's memory: for a single instance, or tests. State is
 * lost on restart (after which an already used code inside the window would be accepted once more)
 * and is not shared between processes; use {@link JdbcOtpReplayStore} for several instances.
 *
 * <p>Thread-safe: every operation is one atomic {@link ConcurrentHashMap#compute} on the factor's
 * immutable state.
 */
public final class InMemoryOtpReplayStore implements OtpReplayStore {
  /** A factor's state; immutable, replaced atomically. {@code lastStep} -1 = none accepted yet. */
  private record State(long lastStep, int failures, int lockouts, @Nullable Instant lockedUntil) {}

  private static final State EMPTY = new State(-1, 0, 0, null);

  private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryOtpReplayStore() {}

  @Override
  public boolean advance(String factorId, long step) {
    checkStep(step);
    boolean[] advanced = {false};
    states.compute(factorId, (id, s) -> {
      State cur = s == null ? EMPTY : s;
      if (cur.lastStep < step) {
        advanced[0] = true;
        return new State(step, 0, 0, cur.lockedUntil);
      }
      return cur;
    });
    return advanced[0];
  }

  @Override
  public OptionalLong lastAccepted(String factorId) {
    State s = states.get(factorId);
    return s == null || s.lastStep < 0 ? OptionalLong.empty() : OptionalLong.of(s.lastStep);
  }

  @Override
  public Admission beginAttempt(String factorId, int maxFailures, Instant now, Instant lockUntil) {
    checkMaxFailures(maxFailures);
    Admission[] result = new Admission[1];
    states.compute(factorId, (id, s) -> {
      State cur = s == null ? EMPTY : s;
      Instant locked = cur.lockedUntil;
      if (locked != null && locked.isAfter(now)) {
        result[0] = Admission.locked(cur.lockouts, locked);
        return cur;
      }
      int n = cur.failures + 1;
      if (n > maxFailures) {
        result[0] = Admission.locked(cur.lockouts + 1, lockUntil);
        return new State(cur.lastStep, 0, cur.lockouts + 1, lockUntil);
      }
      result[0] = Admission.admitted(n, cur.lockouts);
      return new State(cur.lastStep, n, cur.lockouts, locked);
    });
    return result[0];
  }

  @Override
  public void lock(String factorId, Instant until) {
    states.compute(factorId, (id, s) -> {
      State cur = s == null ? EMPTY : s;
      return new State(cur.lastStep, 0, cur.lockouts + 1, until);
    });
  }

  @Override
  public void delete(String factorId) {
    states.remove(factorId);
  }

  static void checkStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("steps and counters are at least 0, was " + step);
    }
  }

  static void checkMaxFailures(int maxFailures) {
    if (maxFailures < 1) {
      throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
    }
  }

  @Override
  public String toString() {
    return "InMemoryOtpReplayStore[" + states.size() + " factors]";
  }
}
