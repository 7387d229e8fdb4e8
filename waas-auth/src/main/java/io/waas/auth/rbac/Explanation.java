package io.waas.auth.rbac;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Why a check was allowed or denied: the decision, the reason, and the rule and role (with the
 * inheritance path from the assigned role) that decided it. Returned by {@link
 * Authorizer#explain}; computed from the same compiled snapshot as {@link Authorizer#check}, so
 * the decision is always the one {@code check} gives on that snapshot.
 *
 * <p>Immutable and thread-safe.
 */
public final class Explanation {
  /** What decided a check. */
  public enum Reason {
    /** An allow rule matched and no deny rule did. */
    ALLOWED_BY_RULE,
    /** An owner-conditioned allow rule matched, the user owns the resource, no deny rule matched. */
    ALLOWED_AS_OWNER,
    /** A deny rule matched (it overrides every allow). */
    DENIED_BY_RULE,
    /**
     * Only an owner-conditioned allow rule matched, and the user is not the resource owner (or the
     * check did not name one).
     */
    OWNER_MISMATCH,
    /** No rule matched: the default is to deny. */
    NO_RULE_MATCHED
  }

  private final boolean allowed;
  private final Reason reason;
  private final String tenant;
  private final String user;
  private final Permission permission;
  private final @Nullable Grant rule;
  private final List<String> rolePath;
  private final long policyGeneration;

  Explanation(
      Reason reason,
      String tenant,
      String user,
      Permission permission,
      @Nullable Grant rule,
      List<String> rolePath,
      long policyGeneration) {
    this.allowed = reason == Reason.ALLOWED_BY_RULE || reason == Reason.ALLOWED_AS_OWNER;
    this.reason = reason;
    this.tenant = tenant;
    this.user = user;
    this.permission = permission;
    this.rule = rule;
    this.rolePath = List.copyOf(rolePath);
    this.policyGeneration = policyGeneration;
  }

  /**
   * Returns the decision.
   *
   * @return true if allowed
   */
  public boolean allowed() {
    return allowed;
  }

  /**
   * Returns what decided it.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * Returns the tenant checked.
   *
   * @return the tenant id
   */
  public String tenant() {
    return tenant;
  }

  /**
   * Returns the user checked.
   *
   * @return the user id
   */
  public String user() {
    return user;
  }

  /**
   * Returns the permission checked.
   *
   * @return the concrete permission
   */
  public Permission permission() {
    return permission;
  }

  /**
   * Returns the rule that decided, or {@code null} for {@link Reason#NO_RULE_MATCHED}.
   *
   * @return the rule or {@code null}
   */
  public @Nullable Grant rule() {
    return rule;
  }

  /**
   * Returns the inheritance path to the role that holds {@link #rule()}: the role assigned to the
   * user first, then each parent followed, ending with the role holding the rule (one element if
   * the assigned role holds it itself). Tenant roles are written {@code tenant/name}. Empty for
   * {@link Reason#NO_RULE_MATCHED}.
   *
   * @return an unmodifiable list
   */
  public List<String> rolePath() {
    return rolePath;
  }

  /**
   * Returns the role that holds {@link #rule()}, or {@code null}.
   *
   * @return the last element of {@link #rolePath()} or {@code null}
   */
  public @Nullable String role() {
    return rolePath.isEmpty() ? null : rolePath.get(rolePath.size() - 1);
  }

  /**
   * Returns the generation of the policy snapshot that answered (see {@link
   * PolicySnapshot#generation()}).
   *
   * @return the generation
   */
  public long policyGeneration() {
    return policyGeneration;
  }

  /**
   * Returns, for example, {@code ALLOW site-a alice pages/1:edit: ALLOWED_BY_RULE (allow pages:* via
   * editor -> writer)}.
   *
   * @return a readable form
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(allowed ? "ALLOW " : "DENY ")
        .append(tenant).append(' ').append(user).append(' ').append(permission)
        .append(": ").append(reason);
    if (rule != null) {
      sb.append(" (").append(rule).append(" via ").append(String.join(" -> ", rolePath)).append(')');
    }
    return sb.toString();
  }
}
