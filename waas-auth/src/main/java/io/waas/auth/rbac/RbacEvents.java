package io.waas.auth.rbac;

/**
 * Types of the {@link io.waas.core.SecurityEvent}s that the RBAC authorizer and policy loading emit. Event attributes never carry
 * secrets.
 *
 * <p>Check events carry the tenant, the user as subject, and the attributes {@code permission},
 * {@code reason} (an {@link Explanation.Reason} name) and {@code policyGeneration}. Reload events
 * carry {@code policyGeneration} and counts ({@code roles}, {@code grants}, {@code assignments}), or
 * on failure {@code error} (the exception type) and {@code detail} (its message, which names
 * roles and locations, never secrets).
 */
public final class RbacEvents {
  /** A check was denied (outcome {@code DENIED}); on by default. */
  public static final String CHECK_DENIED = "auth.rbac.check.denied";

  /** A check was allowed (outcome {@code SUCCESS}); off by default to avoid flooding. */
  public static final String CHECK_ALLOWED = "auth.rbac.check.allowed";

  /** A new policy snapshot was compiled and swapped in (outcome {@code SUCCESS}). */
  public static final String POLICY_RELOADED = "auth.rbac.policy.reloaded";

  /** A reload failed; the previous snapshot stays in force (outcome {@code FAILURE}). */
  public static final String POLICY_RELOAD_FAILED = "auth.rbac.policy.reload_failed";

  private RbacEvents() {}
}
