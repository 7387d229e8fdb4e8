package io.waas.crypto.tls;

import static org.junit.jupiter.api.Assertions.fail;

/** Finds an exception of a given type in a cause chain. */
final class Causes {
  private Causes() {}

  static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    fail("expected a " + type.getSimpleName() + " in the cause chain of " + thrown, thrown);
    throw new AssertionError("unreachable");
  }

  static boolean has(Throwable thrown, Class<? extends Throwable> type) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
