package io.waas.auth.rbac;

import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.core.SecurityEvents;
import io.waas.core.WaasSecurityException;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Answers "may this user do this in this tenant?" from a multi-tenant RBAC {@link Policy}.
 *
 * <pre>{@code
 * Authorizer authz = Authorizer.builder(PolicyJson.parse(json)).build();
 * if (!authz.check("site-a", "alice", "pages/123:edit", page.ownerId())) {
 *   throw new ForbiddenException();
 * }
 * authz.reload(jdbcPolicyStore);   // later: atomic swap; on failure the old policy stays
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Default deny: a user with no matching allow rule, an unknown user or an unknown tenant is
 *       denied.
 *   <li>Deny wins: a deny rule anywhere in the user's effective roles (assigned, inherited, global)
 *       overrides every allow, including owner-conditioned ones.
 *   <li>Tenant isolation: roles assigned in one tenant mean nothing in another; tenant roles exist
 *       only in their tenant.
 *   <li>Consistency: each check is answered entirely from one immutable compiled {@link
 *       PolicySnapshot}; reloads swap the snapshot atomically ({@link AtomicReference}), so a check
 *       never sees a half-loaded policy. A failed reload keeps the previous snapshot, emits {@link
 *       RbacEvents#POLICY_RELOAD_FAILED} and throws.
 *   <li>Performance: a check costs a fixed number of hash lookups (at most eight), independent of
 *       the number of rules, roles, users and tenants (see {@link PolicySnapshot}).
 * </ul>
 *
 * <h2>Limits</h2>
 *
 * <ul>
 *   <li>Ownership is only as good as the owner id the caller passes; the SDK does not know who owns
 *       what.
 *   <li>A reload compiles the whole policy (time and memory proportional to the effective
 *       permission sets); it does not patch the snapshot incrementally.
 *   <li>Checks on one snapshot taken before a reload finish on that snapshot: revocation takes
 *       effect for checks that start after {@link #reload} returns.
 * </ul>
 *
 * <p>Thread-safe: checks run concurrently without locks; reloads are serialized.
 */
public final class Authorizer {
  private final AtomicReference<PolicySnapshot> current;
  private final SecurityEventListener events;
  private final boolean denyEvents;
  private final boolean allowEvents;
  private final Object reloadLock = new Object();

  private Authorizer(Builder b) {
    this.events = b.events;
    this.denyEvents = b.denyEvents;
    this.allowEvents = b.allowEvents;
    this.current = new AtomicReference<>(PolicySnapshot.compile(b.policy, 1, events, denyEvents, allowEvents));
  }

  private PolicySnapshot now() {
    return Objects.requireNonNull(current.get()); // set in the constructor, never null
  }

  /**
   * Starts building an authorizer for a policy.
   *
   * @param policy the initial policy
   * @return a builder
   */
  public static Builder builder(Policy policy) {
    return new Builder(policy);
  }

  /**
   * Creates an authorizer with the defaults: denied checks and reloads are logged through {@link
   * SecurityEventListener#logging()}, allowed checks emit no event.
   *
   * @param policy the initial policy
   * @return the authorizer
   */
  public static Authorizer create(Policy policy) {
    return builder(policy).build();
  }

  /**
   * Checks whether {@code user} may do {@code permission} in {@code tenant}. Owner-conditioned
   * allows do not apply; use {@link #check(String, String, String, String)} when the resource has
   * an owner.
   *
   * @param tenant tenant id
   * @param user user id
   * @param permission concrete permission, for example {@code pages:create} or {@code
   *     pages/123:publish}
   * @return true if allowed
   * @throws IllegalArgumentException if {@code permission} is malformed or contains a wildcard
   * @throws NullPointerException if an argument is null
   */
  public boolean check(String tenant, String user, String permission) {
    return now().check(tenant, user, permission);
  }

  /**
   * Checks whether {@code user} may do {@code permission} in {@code tenant} on a resource owned by
   * {@code resourceOwner}. Owner-conditioned allows apply when {@code resourceOwner} equals {@code
   * user}.
   *
   * @param tenant tenant id
   * @param user user id
   * @param permission concrete permission, for example {@code pages/123:edit}
   * @param resourceOwner the id of the user who owns the resource
   * @return true if allowed
   * @throws IllegalArgumentException if {@code permission} is malformed or contains a wildcard
   * @throws NullPointerException if an argument is null
   */
  public boolean check(String tenant, String user, String permission, String resourceOwner) {
    return now().check(tenant, user, permission, resourceOwner);
  }

  /**
   * Checks a pre-parsed permission (no parsing per call).
   *
   * @param tenant tenant id
   * @param user user id
   * @param permission a concrete permission
   * @param resourceOwner the resource owner's id, or {@code null} if none or unknown
   * @return true if allowed
   * @throws IllegalArgumentException if {@code permission} contains a wildcard
   * @throws NullPointerException if {@code tenant}, {@code user} or {@code permission} is null
   */
  public boolean check(String tenant, String user, Permission permission, @Nullable String resourceOwner) {
    return now().check(tenant, user, permission, resourceOwner);
  }

  /**
   * Explains the decision that {@code check} gives now, with no resource owner.
   *
   * @param tenant tenant id
   * @param user user id
   * @param permission concrete permission
   * @return the explanation
   * @throws IllegalArgumentException if {@code permission} is malformed or contains a wildcard
   * @throws NullPointerException if an argument is null
   */
  public Explanation explain(String tenant, String user, String permission) {
    return now().explain(tenant, user, Permission.parseConcrete(permission), null);
  }

  /**
   * Explains the decision that {@code check} with a resource owner gives now.
   *
   * @param tenant tenant id
   * @param user user id
   * @param permission concrete permission
   * @param resourceOwner the resource owner's id
   * @return the explanation
   * @throws IllegalArgumentException if {@code permission} is malformed or contains a wildcard
   * @throws NullPointerException if an argument is null
   */
  public Explanation explain(String tenant, String user, String permission, String resourceOwner) {
    Objects.requireNonNull(resourceOwner, "resourceOwner");
    return now().explain(tenant, user, Permission.parseConcrete(permission), resourceOwner);
  }

  /**
   * Returns the snapshot in force now, to answer several checks of one request from the same policy
   * version.
   *
   * @return the current snapshot
   */
  public PolicySnapshot snapshot() {
    return now();
  }

  /**
   * Returns the policy in force now.
   *
   * @return the policy
   */
  public Policy policy() {
    return now().policy();
  }

  /**
   * Compiles {@code policy} and swaps it in atomically; emits {@link RbacEvents#POLICY_RELOADED}.
   *
   * @param policy the new policy
   * @return the new snapshot
   * @throws NullPointerException if {@code policy} is null
   */
  public PolicySnapshot reload(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    synchronized (reloadLock) {
      PolicySnapshot next =
          PolicySnapshot.compile(policy, now().generation() + 1, events, denyEvents, allowEvents);
      current.set(next);
      SecurityEvents.deliver(events, SecurityEvent.builder(RbacEvents.POLICY_RELOADED, SecurityEvent.Outcome.SUCCESS)
          .attribute("policyGeneration", Long.toString(next.generation()))
          .attribute("roles", Integer.toString(policy.roles().size()))
          .attribute("grants", Integer.toString(policy.grantCount()))
          .attribute("assignments", Integer.toString(policy.assignments().size()))
          .build());
      return next;
    }
  }

  /**
   * Loads the policy from {@code source}, compiles it and swaps it in atomically. On any failure
   * the previous snapshot stays in force, {@link RbacEvents#POLICY_RELOAD_FAILED} is emitted, and
   * the failure is thrown.
   *
   * @param source where to load from
   * @return the new snapshot
   * @throws InvalidPolicyException if the loaded policy is malformed or inconsistent
   * @throws WaasSecurityException if the source cannot be read (for example {@link
   *     PolicyStoreException})
   * @throws IOException if a file cannot be read
   * @throws NullPointerException if {@code source} is null
   */
  public PolicySnapshot reload(PolicySource source) throws WaasSecurityException, IOException {
    Objects.requireNonNull(source, "source");
    synchronized (reloadLock) {
      Policy loaded;
      try {
        loaded = Objects.requireNonNull(source.load(), "policy source returned null");
      } catch (WaasSecurityException | IOException | RuntimeException e) {
        SecurityEvents.deliver(events,
            SecurityEvent.builder(RbacEvents.POLICY_RELOAD_FAILED, SecurityEvent.Outcome.FAILURE)
                .attribute("policyGeneration", Long.toString(now().generation()))
                .attribute("error", e.getClass().getSimpleName())
                .attribute("detail", String.valueOf(e.getMessage()))
                .build());
        throw e;
      }
      return reload(loaded);
    }
  }

  /** Builds an {@link Authorizer}. Not thread-safe. */
  public static final class Builder {
    private final Policy policy;
    private SecurityEventListener events = SecurityEventListener.logging();
    private boolean denyEvents = true;
    private boolean allowEvents = false;

    private Builder(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Sets where events go (default: {@link SecurityEventListener#logging()}).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder eventListener(SecurityEventListener listener) {
      this.events = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets whether denied checks emit {@link RbacEvents#CHECK_DENIED} (default: true).
     *
     * @param emit whether to emit
     * @return this builder
     */
    public Builder denyEvents(boolean emit) {
      this.denyEvents = emit;
      return this;
    }

    /**
     * Sets whether allowed checks emit {@link RbacEvents#CHECK_ALLOWED} (default: false; one event
     * per allowed request can flood a log).
     *
     * @param emit whether to emit
     * @return this builder
     */
    public Builder allowEvents(boolean emit) {
      this.allowEvents = emit;
      return this;
    }

    /**
     * Compiles the initial policy and builds the authorizer.
     *
     * @return the authorizer
     */
    public Authorizer build() {
      return new Authorizer(this);
    }
  }
}
