package io.waas.auth.rbac;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A permission {@code resource:action}, either a concrete one that a check asks about or a pattern
 * that a {@link Grant} gives.
 *
 * <h2>Syntax (strict)</h2>
 *
 * <pre>
 * permission    = "*" | resource ":" action
 * resource      = "*" | type | type "/" id
 * action        = "*" | name
 * type, name    = [a-z][a-z0-9_-]{0,63}
 * id            = [A-Za-z0-9_.@~-]{1,128}
 * </pre>
 *
 * <p>{@code *} alone means {@code *:*}. A wildcard stands for a whole resource or a whole action,
 * never for part of one ({@code pa*:read} and {@code pages/*:read} are rejected). Resources are at
 * most two levels deep: a resource type ({@code pages}) and optionally one instance of it ({@code
 * pages/123}). Anything else (upper-case types, spaces, empty parts, a second {@code :} or {@code
 * /}) is rejected with an {@link IllegalArgumentException} that says what was wrong.
 *
 * <h2>Matching</h2>
 *
 * <p>A concrete permission {@code type/id:action} is matched by exactly these six patterns, and
 * {@code type:action} by the last four: {@code type/id:action}, {@code type/id:*}, {@code
 * type:action}, {@code type:*}, {@code *:action}, {@code *:*}. So a grant on a resource type covers
 * every instance of it, and a grant on one instance covers only that instance. Checking is a fixed
 * number of hash lookups, whatever the number of rules.
 *
 * <p>Immutable and thread-safe.
 */
public final class Permission {
  /** Longest accepted permission string. */
  public static final int MAX_LENGTH = 64 + 1 + 128 + 1 + 64;

  static final String ANY = "*";
  private static final int MAX_NAME = 64;
  private static final int MAX_ID = 128;

  private final String resourceType;
  private final @Nullable String resourceId;
  private final String action;
  private final String canonical;
  private final String[] matchingKeys;

  private Permission(String resourceType, @Nullable String resourceId, String action, String canonical) {
    this.resourceType = resourceType;
    this.resourceId = resourceId;
    this.action = action;
    this.canonical = canonical;
    this.matchingKeys = isPattern() ? new String[0] : computeMatchingKeys();
  }

  /**
   * Parses a permission or permission pattern.
   *
   * @param text the permission, for example {@code pages:edit}, {@code pages/123:edit}, {@code
   *     pages:*}, {@code *:read} or {@code *}
   * @return the parsed permission
   * @throws IllegalArgumentException if {@code text} does not follow the syntax above
   * @throws NullPointerException if {@code text} is null
   */
  public static Permission parse(String text) {
    Objects.requireNonNull(text, "permission");
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("permission longer than " + MAX_LENGTH + " characters");
    }
    if (text.equals(ANY)) {
      return new Permission(ANY, null, ANY, "*:*");
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("permission '" + text + "' must be resource:action");
    }
    if (text.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException("permission '" + text + "' has more than one ':'");
    }
    String resource = text.substring(0, colon);
    String action = text.substring(colon + 1);
    String type;
    String id = null;
    if (resource.equals(ANY)) {
      type = ANY;
    } else {
      int slash = resource.indexOf('/');
      type = slash < 0 ? resource : resource.substring(0, slash);
      checkName(type, "resource type", text);
      if (slash >= 0) {
        id = resource.substring(slash + 1);
        checkId(id, text);
      }
    }
    if (!action.equals(ANY)) {
      checkName(action, "action", text);
    }
    return new Permission(type, id, action, text); // valid text is already canonical
  }

  /**
   * Parses a concrete permission (no wildcard), as a check asks about.
   *
   * @param text the permission, for example {@code pages/123:edit}
   * @return the parsed permission
   * @throws IllegalArgumentException if {@code text} is malformed or contains a wildcard
   * @throws NullPointerException if {@code text} is null
   */
  public static Permission parseConcrete(String text) {
    Permission p = parse(text);
    if (p.isPattern()) {
      throw new IllegalArgumentException(
          "a checked permission must be concrete (no '*'), was '" + text + "'");
    }
    return p;
  }

  private static void checkName(String s, String what, String text) {
    if (s.isEmpty() || s.length() > MAX_NAME) {
      throw new IllegalArgumentException(
          "permission '" + text + "': " + what + " must be 1 to " + MAX_NAME + " characters");
    }
    char first = s.charAt(0);
    if (first < 'a' || first > 'z') {
      throw new IllegalArgumentException(
          "permission '" + text + "': " + what + " must start with a lower-case letter a-z");
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        throw new IllegalArgumentException("permission '" + text + "': " + what
            + " may contain only a-z, 0-9, '_' and '-' (a wildcard must be the whole part)");
      }
    }
  }

  private static void checkId(String s, String text) {
    if (s.isEmpty() || s.length() > MAX_ID) {
      throw new IllegalArgumentException(
          "permission '" + text + "': resource id must be 1 to " + MAX_ID + " characters");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '.' || c == '@' || c == '~' || c == '-')) {
        throw new IllegalArgumentException("permission '" + text
            + "': resource id may contain only A-Z, a-z, 0-9 and '_.@~-' (no wildcard, no second '/')");
      }
    }
  }

  /**
   * Returns the resource type, or {@code *}.
   *
   * @return the type
   */
  public String resourceType() {
    return resourceType;
  }

  /**
   * Returns the resource instance id, if the permission names one.
   *
   * @return the id or {@code null}
   */
  public @Nullable String resourceId() {
    return resourceId;
  }

  /**
   * Returns the action, or {@code *}.
   *
   * @return the action
   */
  public String action() {
    return action;
  }

  /**
   * Returns whether this permission contains a wildcard (and so can only be granted, not checked).
   *
   * @return true for a pattern
   */
  public boolean isPattern() {
    return resourceType.equals(ANY) || action.equals(ANY);
  }

  /**
   * Returns the patterns that match this concrete permission, most specific first. Six for a
   * permission with a resource id, four without; none for a pattern.
   */
  String[] matchingKeys() {
    return matchingKeys; // never modified
  }

  private String[] computeMatchingKeys() {
    String id = resourceId;
    if (id == null) {
      return new String[] {canonical, resourceType + ":*", "*:" + action, "*:*"};
    }
    String instance = resourceType + "/" + id;
    return new String[] {
      canonical, instance + ":*", resourceType + ":" + action, resourceType + ":*", "*:" + action, "*:*"
    };
  }

  /**
   * Returns whether the pattern {@code this} matches the concrete permission {@code p}.
   *
   * @param p a concrete permission
   * @return true if a grant of this pattern covers {@code p}
   */
  public boolean matches(Permission p) {
    boolean actionMatches = action.equals(ANY) || action.equals(p.action);
    if (!actionMatches) {
      return false;
    }
    if (resourceType.equals(ANY)) {
      return true;
    }
    if (!resourceType.equals(p.resourceType)) {
      return false;
    }
    return resourceId == null || resourceId.equals(p.resourceId);
  }

  /**
   * Returns the canonical form, {@code type[/id]:action} ({@code *} is written {@code *:*}).
   *
   * @return the canonical string
   */
  @Override
  public String toString() {
    return canonical;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Permission && ((Permission) o).canonical.equals(canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }
}
