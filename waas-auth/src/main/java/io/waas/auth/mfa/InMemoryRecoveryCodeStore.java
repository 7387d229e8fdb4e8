package io.waas.auth.mfa;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link RecoveryCodeStore} in this process's memory, for a single instance or tests; lost on
 * restart.
 *
 * <p>Thread-safe: each user's set is an immutable value replaced through one atomic {@link
 * ConcurrentHashMap#compute}.
 */
public final class InMemoryRecoveryCodeStore implements RecoveryCodeStore {
  private record Owner(String tenant, String subject) {}

  private final ConcurrentHashMap<Owner, Set<String>> sets = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryRecoveryCodeStore() {}

  @Override
  public void replaceAll(String tenant, String subject, List<String> hashes) {
    Set<String> copy = Set.copyOf(hashes);
    if (copy.isEmpty()) {
      sets.remove(new Owner(tenant, subject));
    } else {
      sets.put(new Owner(tenant, subject), copy);
    }
  }

  @Override
  public boolean consume(String tenant, String subject, String hash) {
    boolean[] removed = {false};
    sets.computeIfPresent(new Owner(tenant, subject), (o, set) -> {
      if (!set.contains(hash)) {
        return set;
      }
      removed[0] = true;
      Set<String> rest = new HashSet<>(set);
      rest.remove(hash);
      return rest.isEmpty() ? null : Set.copyOf(rest);
    });
    return removed[0];
  }

  @Override
  public List<String> hashes(String tenant, String subject) {
    return List.copyOf(sets.getOrDefault(new Owner(tenant, subject), Set.of()));
  }

  @Override
  public String toString() {
    return "InMemoryRecoveryCodeStore[" + sets.size() + " users]";
  }
}
