package io.waas.auth.rbac;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a role: allow or deny a {@linkplain Permission permission pattern}, optionally only on
 * resources the user owns.
 *
 * <p>An explicit {@linkplain Effect#DENY deny} anywhere in a user's effective roles overrides every
 * allow. An {@linkplain Condition#OWNER owner} condition exists only on allows: a deny always
 * applies, whoever owns the resource (an owner-conditioned deny would silently not apply when the
 * caller does not know the owner, which is the wrong way to fail).
 *
 * <p>Immutable and thread-safe.
 */
public final class Grant {
  /** Whether a grant allows or denies. */
  public enum Effect {
    /** Allows the permission (unless something denies it). */
    ALLOW,
    /** Denies the permission, overriding every allow. */
    DENY
  }

  /** When an allow applies. */
  public enum Condition {
    /** Always. */
    NONE,
    /**
     * Only when the check names the resource's owner and the owner is the user being checked.
     */
    OWNER
  }

  private final Effect effect;
  private final Permission permission;
  private final Condition condition;

  private Grant(Effect effect, Permission permission, Condition condition) {
    this.effect = effect;
    this.permission = permission;
    this.condition = condition;
  }

  /**
   * Allows a permission pattern.
   *
   * @param permission the pattern, for example {@code pages:*}
   * @return the grant
   * @throws IllegalArgumentException if the pattern is malformed
   */
  public static Grant allow(String permission) {
    return new Grant(Effect.ALLOW, Permission.parse(permission), Condition.NONE);
  }

  /**
   * Allows a permission pattern only on resources the user owns (see {@link Condition#OWNER}).
   *
   * @param permission the pattern, for example {@code pages:edit}
   * @return the grant
   * @throws IllegalArgumentException if the pattern is malformed
   */
  public static Grant allowIfOwner(String permission) {
    return new Grant(Effect.ALLOW, Permission.parse(permission), Condition.OWNER);
  }

  /**
   * Denies a permission pattern, overriding every allow the user has.
   *
   * @param permission the pattern, for example {@code billing:*}
   * @return the grant
   * @throws IllegalArgumentException if the pattern is malformed
   */
  public static Grant deny(String permission) {
    return new Grant(Effect.DENY, Permission.parse(permission), Condition.NONE);
  }

  /**
   * Creates a grant from its parts.
   *
   * @param effect allow or deny
   * @param permission the pattern
   * @param condition when it applies
   * @return the grant
   * @throws IllegalArgumentException if a deny has a condition
   */
  public static Grant of(Effect effect, Permission permission, Condition condition) {
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(condition, "condition");
    if (effect == Effect.DENY && condition != Condition.NONE) {
      throw new IllegalArgumentException("a deny cannot have a condition; denies always apply");
    }
    return new Grant(effect, permission, condition);
  }

  /**
   * Returns whether this grant allows or denies.
   *
   * @return the effect
   */
  public Effect effect() {
    return effect;
  }

  /**
   * Returns the permission pattern.
   *
   * @return the pattern
   */
  public Permission permission() {
    return permission;
  }

  /**
   * Returns when the grant applies.
   *
   * @return the condition
   */
  public Condition condition() {
    return condition;
  }

  /**
   * Returns, for example, {@code allow pages:edit if owner} or {@code deny billing:*}.
   *
   * @return a readable form
   */
  @Override
  public String toString() {
    String s = (effect == Effect.ALLOW ? "allow " : "deny ") + permission;
    return condition == Condition.OWNER ? s + " if owner" : s;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Grant)) {
      return false;
    }
    Grant g = (Grant) o;
    return g.effect == effect && g.condition == condition && g.permission.equals(permission);
  }

  @Override
  public int hashCode() {
    return Objects.hash(effect, permission, condition);
  }
}
