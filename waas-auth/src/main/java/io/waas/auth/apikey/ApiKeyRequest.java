package io.waas.auth.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What to issue: the tenant and a name for a new API key, and optionally its environment, lifetime and
 * scopes.
 *
 * <p>Immutable and thread-safe.
 */
public final class ApiKeyRequest {
  /** The most scopes a key may carry. */
  public static final int MAX_SCOPES = 32;

  private static final Pattern SCOPE = Pattern.compile("[a-z0-9][a-z0-9:._-]{0,63}");

  private final String tenant;
  private final String name;
  private final @Nullable ApiKeyEnvironment environment;
  private final @Nullable Instant expiresAt;
  private final @Nullable Duration validFor;
  private final Set<String> scopes;

  private ApiKeyRequest(Builder b) {
    this.tenant = b.tenant;
    this.name = b.name;
    this.environment = b.environment;
    this.expiresAt = b.expiresAt;
    this.validFor = b.validFor;
    this.scopes = Collections.unmodifiableSet(new TreeSet<>(b.scopes));
  }

  /**
   * Starts a request.
   *
   * @param tenant the tenant, written into the key: 1 to 32 of {@code [a-z0-9-]}, not starting or ending
   *     with {@code -}
   * @param name a human-readable name ("CI deploy key"), 1 to 100 characters without control characters
   * @return a builder
   * @throws IllegalArgumentException if {@code tenant} or {@code name} is malformed
   */
  public static Builder builder(String tenant, String name) {
    return new Builder(tenant, name);
  }

  String tenant() {
    return tenant;
  }

  String name() {
    return name;
  }

  Optional<ApiKeyEnvironment> environment() {
    return Optional.ofNullable(environment);
  }

  /** The expiry for a key issued at {@code now}, if any. */
  @Nullable Instant expiryFrom(Instant now) {
    return validFor != null ? now.plus(validFor) : expiresAt;
  }

  Set<String> scopes() {
    return scopes;
  }

  static String checkTenant(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    if (!ApiKeyFormat.TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException(
          "tenant must be 1 to 32 of [a-z0-9-], not starting or ending with '-' (it is written into the key)");
    }
    return tenant;
  }

  /** Builds an {@link ApiKeyRequest}. Not thread-safe. */
  public static final class Builder {
    private final String tenant;
    private final String name;
    private @Nullable ApiKeyEnvironment environment;
    private @Nullable Instant expiresAt;
    private @Nullable Duration validFor;
    private final Set<String> scopes = new TreeSet<>();

    private Builder(String tenant, String name) {
      this.tenant = checkTenant(tenant);
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.length() > 100 || name.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("name must be 1 to 100 characters without control characters");
      }
      this.name = name;
    }

    /**
     * Sets the environment (default: the environment of the {@link ApiKeys} that issues it).
     *
     * @param environment the environment
     * @return this builder
     */
    public Builder environment(ApiKeyEnvironment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
      return this;
    }

    /**
     * Makes the key expire at a fixed instant (default: never). Replaces {@link #validFor}.
     *
     * @param expiresAt the expiry
     * @return this builder
     */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
      this.validFor = null;
      return this;
    }

    /**
     * Makes the key expire this long after it is issued (default: never). Replaces {@link #expiresAt}.
     *
     * @param lifetime from 1 minute to 3660 days
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder validFor(Duration lifetime) {
      Objects.requireNonNull(lifetime, "lifetime");
      if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(Duration.ofDays(3660)) > 0) {
        throw new IllegalArgumentException("lifetime must be from 1 minute to 3660 days, was " + lifetime);
      }
      this.validFor = lifetime;
      this.expiresAt = null;
      return this;
    }

    /**
     * Adds scopes, stored with the key for the application to enforce.
     *
     * @param scopes each 1 to 64 of {@code [a-z0-9:._-]}, starting with a letter or digit
     * @return this builder
     * @throws IllegalArgumentException if a scope is malformed or there would be more than {@value
     *     #MAX_SCOPES}
     */
    public Builder scopes(String... scopes) {
      for (String s : scopes) {
        if (!SCOPE.matcher(Objects.requireNonNull(s, "scope")).matches()) {
          throw new IllegalArgumentException("scope must be 1 to 64 of [a-z0-9:._-], starting with a letter or digit");
        }
        this.scopes.add(s);
      }
      if (this.scopes.size() > MAX_SCOPES) {
        throw new IllegalArgumentException("a key may carry at most " + MAX_SCOPES + " scopes");
      }
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the immutable request
     */
    public ApiKeyRequest build() {
      return new ApiKeyRequest(this);
    }
  }
}
