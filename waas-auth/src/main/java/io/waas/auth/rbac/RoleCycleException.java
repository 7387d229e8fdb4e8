package io.waas.auth.rbac;

import java.util.List;

/**
 * Thrown when role inheritance has a cycle. {@link #cycle()} lists the roles around it, the first
 * repeated at the end, for example {@code [editor, reviewer, editor]}; tenant roles are written
 * {@code tenant/name}.
 */
public final class RoleCycleException extends InvalidPolicyException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable List.copyOf list of strings
  private final List<String> cycle;

  /**
   * Creates an exception.
   *
   * @param cycle the roles around the cycle, the first repeated at the end
   */
  public RoleCycleException(List<String> cycle) {
    super("role " + cycle.get(0), "role inheritance cycle: " + String.join(" -> ", cycle));
    this.cycle = List.copyOf(cycle);
  }

  /**
   * Returns the roles around the cycle, the first repeated at the end.
   *
   * @return an unmodifiable list
   */
  public List<String> cycle() {
    return cycle;
  }
}
