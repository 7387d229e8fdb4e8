package io.waas.auth.apikey;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What is known about an API key apart from its secret: safe to list, show and log.
 *
 * <p>Instants have millisecond precision. Immutable and thread-safe.
 */
public final class ApiKeyMetadata {
  private final String keyId;
  private final String tenant;
  private final ApiKeyEnvironment environment;
  private final String name;
  private final Set<String> scopes;
  private final Instant createdAt;
  private final @Nullable Instant expiresAt;
  private final @Nullable Instant revokedAt;
  private final @Nullable Instant lastUsedAt;

  private ApiKeyMetadata(
      String keyId,
      String tenant,
      ApiKeyEnvironment environment,
      String name,
      Set<String> scopes,
      Instant createdAt,
      @Nullable Instant expiresAt,
      @Nullable Instant revokedAt,
      @Nullable Instant lastUsedAt) {
    this.keyId = Objects.requireNonNull(keyId, "keyId");
    this.tenant = Objects.requireNonNull(tenant, "tenant");
    this.environment = Objects.requireNonNull(environment, "environment");
    this.name = Objects.requireNonNull(name, "name");
    this.scopes = java.util.Collections.unmodifiableSet(new TreeSet<>(scopes));
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.expiresAt = expiresAt;
    this.revokedAt = revokedAt;
    this.lastUsedAt = lastUsedAt;
  }

  /**
   * Assembles metadata, for {@link ApiKeyStore} implementations reading their records back.
   *
   * @param keyId the public key id
   * @param tenant the tenant
   * @param environment the environment
   * @param name the human-readable name
   * @param scopes the scopes
   * @param createdAt when issued
   * @param expiresAt when it expires, or {@code null} if never
   * @param revokedAt when revoked, or {@code null}
   * @param lastUsedAt when last used (approximately), or {@code null}
   * @return the metadata
   */
  public static ApiKeyMetadata of(
      String keyId,
      String tenant,
      ApiKeyEnvironment environment,
      String name,
      Set<String> scopes,
      Instant createdAt,
      @Nullable Instant expiresAt,
      @Nullable Instant revokedAt,
      @Nullable Instant lastUsedAt) {
    return new ApiKeyMetadata(keyId, tenant, environment, name, scopes, createdAt, expiresAt, revokedAt, lastUsedAt);
  }

  /**
   * Returns the public key id, unique across tenants; the handle for {@link ApiKeys#revoke}.
   *
   * @return the key id
   */
  public String keyId() {
    return keyId;
  }

  /**
   * Returns the tenant the key belongs to.
   *
   * @return the tenant
   */
  public String tenant() {
    return tenant;
  }

  /**
   * Returns the environment.
   *
   * @return the environment
   */
  public ApiKeyEnvironment environment() {
    return environment;
  }

  /**
   * Returns the human-readable name given at issue.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the scopes given at issue (the SDK stores them; the application enforces them).
   *
   * @return sorted, unmodifiable scopes
   */
  public Set<String> scopes() {
    return scopes;
  }

  /**
   * Returns when the key was issued.
   *
   * @return the instant
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * Returns when the key expires, if ever.
   *
   * @return the expiry
   */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * Returns when the key was revoked, if it was.
   *
   * @return the revocation time
   */
  public Optional<Instant> revokedAt() {
    return Optional.ofNullable(revokedAt);
  }

  /**
   * Returns when the key was last verified successfully, to within the configured update interval.
   *
   * @return the last use
   */
  public Optional<Instant> lastUsedAt() {
    return Optional.ofNullable(lastUsedAt);
  }

  /**
   * Returns the public beginning of the key ({@code waas_live_acme_3kTz9QpL0aBc}), for display in key
   * lists so that people can tell keys apart. It does not include any of the secret.
   *
   * @return the display prefix
   */
  public String displayPrefix() {
    return ApiKeyFormat.displayPrefix(environment, tenant, keyId);
  }

  /**
   * Returns whether the key is neither revoked nor expired at {@code now}.
   *
   * @param now the time to check at
   * @return whether active
   */
  public boolean isActiveAt(Instant now) {
    return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
  }

  ApiKeyMetadata withLastUsedAt(Instant at) {
    return new ApiKeyMetadata(keyId, tenant, environment, name, scopes, createdAt, expiresAt, revokedAt, at);
  }

  ApiKeyMetadata withRevokedAt(Instant at) {
    return new ApiKeyMetadata(keyId, tenant, environment, name, scopes, createdAt, expiresAt, at, lastUsedAt);
  }

  ApiKeyMetadata withExpiresAt(Instant at) {
    return new ApiKeyMetadata(keyId, tenant, environment, name, scopes, createdAt, at, revokedAt, lastUsedAt);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ApiKeyMetadata m
        && keyId.equals(m.keyId)
        && tenant.equals(m.tenant)
        && environment == m.environment
        && name.equals(m.name)
        && scopes.equals(m.scopes)
        && createdAt.equals(m.createdAt)
        && Objects.equals(expiresAt, m.expiresAt)
        && Objects.equals(revokedAt, m.revokedAt)
        && Objects.equals(lastUsedAt, m.lastUsedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(keyId, tenant, environment, name, scopes, createdAt, expiresAt, revokedAt, lastUsedAt);
  }

  @Override
  public String toString() {
    return "ApiKeyMetadata{keyId=" + keyId + ", tenant=" + tenant + ", environment=" + environment.marker()
        + ", name=" + name + ", scopes=" + scopes + ", createdAt=" + createdAt
        + (expiresAt == null ? "" : ", expiresAt=" + expiresAt)
        + (revokedAt == null ? "" : ", revokedAt=" + revokedAt)
        + (lastUsedAt == null ? "" : ", lastUsedAt=" + lastUsedAt) + "}";
  }
}
