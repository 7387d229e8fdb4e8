package io.waas.auth.apikey;

import io.waas.core.ConstantTime;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.core.SecurityEvents;
import io.waas.core.WaasSecurityException;
import io.waas.crypto.MessageAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Issues, verifies and revokes API keys for one environment.
 *
 * <pre>{@code
 * ApiKeys apiKeys = ApiKeys.builder(ApiKeyEnvironment.LIVE)
 *     .store(new JdbcApiKeyStore(dataSource))
 *     .build();
 *
 * IssuedApiKey issued = apiKeys.issue(ApiKeyRequest.builder("acme", "CI deploy").scopes("deploy").build());
 * showOnce(issued.plaintext());               // waas_live_acme_3kTz9QpL0aBc_...
 *
 * ApiKeyVerification v = apiKeys.verify(bearerToken);  // MalformedApiKeyException for garbage
 * ApiKeyMetadata key = v.requireValid();               // ApiKeyRejectedException otherwise
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Keys carry 190 random bits (32 base62 characters from {@link java.security.SecureRandom}).
 *   <li>Only a hash of each key is stored: SHA-256, or HMAC-SHA256 under a key ring key if a {@linkplain
 *       Builder#hashingKey hashing key} is configured (then a stolen table alone cannot even confirm a
 *       guess). A slow password hash is unnecessary: nobody can enumerate 2<sup>190</sup> candidates.
 *   <li>The checksum rejects typos and truncations before any lookup; lookups go by the public key id,
 *       and the stored hash is compared in constant time. Revocation and expiry are only reported for keys
 *       whose secret matched, so a key id alone reveals nothing.
 *   <li>Keys from the other environment are refused before any lookup.
 *   <li>The key text never appears in exception messages, events, logs or {@code toString()}.
 *   <li>Last use is recorded at most once per {@linkplain Builder#lastUsedUpdateInterval interval} per
 *       key (a conditional update), so verification is a read, not a write, per request.
 * </ul>
 *
 * <p>Limits: scopes are stored, not enforced; the application checks them. Verification does no rate
 * limiting; put unauthenticated endpoints behind one.
 *
 * <p>Thread-safe.
 */
public final class ApiKeys {
  private static final byte SHA256_HASH = 1;
  private static final byte HMAC_HASH = 2;
  private static final int MAX_ISSUE_TRIES = 3;

  private final ApiKeyEnvironment environment;
  private final ApiKeyStore store;
  private final Clock clock;
  private final SecurityEventListener events;
  private final @Nullable MessageAuthenticator hashingKey;
  private final Duration lastUsedInterval;

  private ApiKeys(Builder b) {
    this.environment = b.environment;
    this.store = b.store == null ? new InMemoryApiKeyStore() : b.store;
    this.clock = b.clock;
    this.events = b.events;
    this.hashingKey = b.hashingKey;
    this.lastUsedInterval = b.lastUsedInterval;
  }

  /**
   * Starts building the API key service of one environment.
   *
   * @param environment the environment whose keys {@link #verify} accepts and {@link #issue} issues by
   *     default
   * @return a builder; defaults: an {@link InMemoryApiKeyStore}, the UTC system clock, the {@linkplain
   *     SecurityEventListener#logging() logging} listener, SHA-256 hashes, a 1-minute last-used interval
   */
  public static Builder builder(ApiKeyEnvironment environment) {
    return new Builder(environment);
  }

  /**
   * Issues a new key and stores its hash.
   *
   * @param request the tenant, name and options
   * @return the key, with its plaintext (available only here)
   * @throws ApiKeyStoreException if the store cannot be written
   * @throws GeneralSecurityException if the hashing key is unavailable
   */
  public IssuedApiKey issue(ApiKeyRequest request) throws GeneralSecurityException {
    return issue(request, null);
  }

  private IssuedApiKey issue(ApiKeyRequest request, @Nullable String rotatedFrom) throws GeneralSecurityException {
    Objects.requireNonNull(request, "request");
    Instant now = now();
    ApiKeyEnvironment env = request.environment().orElse(environment);
    Instant expiresAt = request.expiryFrom(now);
    for (int i = 0; i < MAX_ISSUE_TRIES; i++) {
      String keyId = ApiKeyFormat.newKeyId();
      String plaintext = ApiKeyFormat.format(env, request.tenant(), keyId, ApiKeyFormat.newSecret());
      ApiKeyMetadata m = ApiKeyMetadata.of(keyId, request.tenant(), env, request.name(), request.scopes(), now,
          expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MILLIS), null, null);
      if (store.insert(new ApiKeyRecord(m, newHash(plaintext)))) {
        SecurityEvent.Builder e = event(ApiKeyEvents.ISSUED, SecurityEvent.Outcome.SUCCESS, m.tenant(), keyId)
            .attribute("environment", env.marker())
            .attribute("name", m.name());
        m.expiresAt().ifPresent(t -> e.attribute("expiresAt", t.toString()));
        if (rotatedFrom != null) {
          e.attribute("rotatedFrom", rotatedFrom);
        }
        emit(e);
        return new IssuedApiKey(m, plaintext);
      }
    }
    // 71-bit random ids and 256-bit hashes do not collide by chance; a store that keeps refusing is broken.
    throw new ApiKeyStoreException("store refused " + MAX_ISSUE_TRIES + " new keys as duplicates", null);
  }

  /**
   * Checks a presented key.
   *
   * @param presented the key text as received (for example from an {@code Authorization: Bearer} header)
   * @return the outcome; {@link ApiKeyVerification#requireValid()} turns refusals into an exception
   * @throws MalformedApiKeyException if {@code presented} is not a well-formed key (wrong prefix or
   *     structure, bad checksum); no lookup was made
   * @throws ApiKeyStoreException if the store cannot be read or written
   * @throws GeneralSecurityException if the key was hashed with a hashing key that is not configured or
   *     no longer available
   */
  public ApiKeyVerification verify(String presented) throws GeneralSecurityException {
    Objects.requireNonNull(presented, "presented");
    ApiKeyFormat.Parsed parsed;
    try {
      parsed = ApiKeyFormat.parse(presented);
    } catch (MalformedApiKeyException e) {
      emit(SecurityEvent.builder(ApiKeyEvents.REJECTED, SecurityEvent.Outcome.FAILURE).attribute("reason", "malformed"));
      throw e;
    }
    if (parsed.environment() != environment) {
      return reject(ApiKeyStatus.WRONG_ENVIRONMENT, "wrong_environment", parsed, null);
    }
    Optional<ApiKeyRecord> found = store.find(parsed.keyId());
    if (found.isEmpty()) {
      newHash(presented); // the same work as for a known id
      return reject(ApiKeyStatus.UNKNOWN, "unknown_key", parsed, null);
    }
    ApiKeyRecord record = found.get();
    byte[] stored = record.keyHash();
    byte[] computed = hashLike(presented, stored);
    if (!ConstantTime.equal(stored, computed)) {
      return reject(ApiKeyStatus.UNKNOWN, "secret_mismatch", parsed, null);
    }
    ApiKeyMetadata m = record.metadata();
    Instant now = now();
    if (m.revokedAt().isPresent()) {
      return reject(ApiKeyStatus.REVOKED, "revoked", parsed, m);
    }
    if (m.expiresAt().isPresent() && !now.isBefore(m.expiresAt().get())) {
      return reject(ApiKeyStatus.EXPIRED, "expired", parsed, m);
    }
    Instant threshold = now.minus(lastUsedInterval);
    Optional<Instant> lastUsed = m.lastUsedAt();
    if ((lastUsed.isEmpty() || !lastUsed.get().isAfter(threshold))
        && store.touchLastUsed(m.keyId(), now, threshold)) {
      m = m.withLastUsedAt(now);
    }
    emit(event(ApiKeyEvents.VERIFIED, SecurityEvent.Outcome.SUCCESS, m.tenant(), m.keyId()));
    return ApiKeyVerification.of(ApiKeyStatus.VALID, m);
  }

  /**
   * Revokes a key at once. Idempotent.
   *
   * @param tenant the tenant the key must belong to (so that one tenant's admin cannot revoke another's
   *     keys by id)
   * @param keyId the key id
   * @return whether a key was revoked now (false if unknown in this tenant or already revoked)
   * @throws ApiKeyStoreException if the store cannot be written
   */
  public boolean revoke(String tenant, String keyId) throws ApiKeyStoreException {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(keyId, "keyId");
    boolean changed = store.revoke(tenant, keyId, now());
    if (changed) {
      emit(event(ApiKeyEvents.REVOKED, SecurityEvent.Outcome.SUCCESS, tenant, keyId));
    }
    return changed;
  }

  /**
   * Lists a tenant's keys (all environments, revoked and expired included), oldest first. Never returns
   * secrets or hashes.
   *
   * @param tenant the tenant
   * @return the keys' metadata
   * @throws ApiKeyStoreException if the store cannot be read
   */
  public List<ApiKeyMetadata> list(String tenant) throws ApiKeyStoreException {
    return store.list(Objects.requireNonNull(tenant, "tenant")).stream().map(ApiKeyRecord::metadata).toList();
  }

  /**
   * Rotates a key: issues a successor with the same tenant, environment, name, scopes and lifetime, and
   * makes the old key expire after {@code overlap} (or keeps its earlier expiry), so that clients can
   * switch over without downtime. Revoke the old key instead if it leaked.
   *
   * @param tenant the tenant the key must belong to
   * @param keyId the key to replace
   * @param overlap how long the old key keeps working, from zero to 90 days
   * @return the new key, with its plaintext
   * @throws ApiKeyRejectedException with status {@code UNKNOWN} if no such key is in the tenant, {@code
   *     REVOKED} if it was revoked
   * @throws IllegalArgumentException if {@code overlap} is out of range
   * @throws ApiKeyStoreException if the store cannot be read or written
   * @throws GeneralSecurityException if the hashing key is unavailable
   */
  public IssuedApiKey rotate(String tenant, String keyId, Duration overlap) throws GeneralSecurityException {
    Objects.requireNonNull(overlap, "overlap");
    if (overlap.isNegative() || overlap.compareTo(Duration.ofDays(90)) > 0) {
      throw new IllegalArgumentException("overlap must be from zero to 90 days, was " + overlap);
    }
    ApiKeyMetadata old = store.find(keyId)
        .map(ApiKeyRecord::metadata)
        .filter(m -> m.tenant().equals(tenant))
        .orElseThrow(() -> new ApiKeyRejectedException(ApiKeyStatus.UNKNOWN));
    if (old.revokedAt().isPresent()) {
      throw new ApiKeyRejectedException(ApiKeyStatus.REVOKED);
    }
    if (old.expiresAt().isPresent() && !now().isBefore(old.expiresAt().get())) {
      throw new ApiKeyRejectedException(ApiKeyStatus.EXPIRED); // rotation must not revive a dead key
    }
    ApiKeyRequest.Builder next = ApiKeyRequest.builder(old.tenant(), old.name())
        .environment(old.environment())
        .scopes(old.scopes().toArray(new String[0]));
    Instant now = now();
    // The successor gets the same lifetime as its predecessor, counted from now.
    old.expiresAt().ifPresent(t -> next.expiresAt(now.plus(Duration.between(old.createdAt(), t))));
    IssuedApiKey issued = issue(next.build(), keyId);
    store.shortenExpiry(keyId, now.plus(overlap));
    return issued;
  }

  // ---- hashing

  private byte[] newHash(String key) throws GeneralSecurityException {
    byte[] data = key.getBytes(StandardCharsets.US_ASCII);
    try {
      MessageAuthenticator mac = hashingKey;
      return mac == null ? tagged(SHA256_HASH, sha256(data)) : tagged(HMAC_HASH, mac.computeTag(data));
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /** Hashes {@code key} the way {@code stored} was made (SHA-256, or HMAC under the key it names). */
  private byte[] hashLike(String key, byte[] stored) throws GeneralSecurityException {
    byte[] data = key.getBytes(StandardCharsets.US_ASCII);
    try {
      if (stored[0] == SHA256_HASH) {
        return tagged(SHA256_HASH, sha256(data));
      }
      if (stored[0] == HMAC_HASH) {
        MessageAuthenticator mac = hashingKey;
        if (mac == null) {
          throw new WaasSecurityException(
              "API key was hashed with a hashing key, but this ApiKeys has no hashing key configured");
        }
        long macKeyId = MessageAuthenticator.keyIdOf(Arrays.copyOfRange(stored, 1, stored.length));
        return tagged(HMAC_HASH, mac.computeTagWithKey(data, macKeyId));
      }
      throw new WaasSecurityException("stored API key hash has unknown type " + stored[0]);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static byte[] tagged(byte type, byte[] hash) {
    byte[] out = new byte[hash.length + 1];
    out[0] = type;
    System.arraycopy(hash, 0, out, 1, hash.length);
    return out;
  }

  // ---- events

  private ApiKeyVerification reject(
      ApiKeyStatus status, String reason, ApiKeyFormat.Parsed parsed, @Nullable ApiKeyMetadata m) {
    // Until the secret matched, the tenant and key id are only what the caller claimed (the
    // checksum is public): they go into attributes, so nobody can file events under a tenant of
    // their choosing. After a match (revoked, expired) they are the key's own.
    SecurityEvent.Builder e = m == null
        ? SecurityEvent.builder(ApiKeyEvents.REJECTED, SecurityEvent.Outcome.DENIED)
            .attribute("claimedTenant", parsed.tenant())
            .attribute("claimedKeyId", parsed.keyId())
        : event(ApiKeyEvents.REJECTED, SecurityEvent.Outcome.DENIED, m.tenant(), m.keyId());
    emit(e.attribute("reason", reason).attribute("environment", parsed.environment().marker()));
    return ApiKeyVerification.of(status, m);
  }

  private static SecurityEvent.Builder event(
      String type, SecurityEvent.Outcome outcome, String tenant, String keyId) {
    return SecurityEvent.builder(type, outcome).tenant(tenant).subject(keyId);
  }

  private void emit(SecurityEvent.Builder e) {
    SecurityEvents.deliver(events, e.timestamp(clock.instant()).build());
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** Builds {@link ApiKeys}. Not thread-safe. */
  public static final class Builder {
    private final ApiKeyEnvironment environment;
    private @Nullable ApiKeyStore store;
    private Clock clock = Clock.systemUTC();
    private SecurityEventListener events = SecurityEventListener.logging();
    private @Nullable MessageAuthenticator hashingKey;
    private Duration lastUsedInterval = Duration.ofMinutes(1);

    private Builder(ApiKeyEnvironment environment) {
      this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Sets where key records live (default: a new {@link InMemoryApiKeyStore}).
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(ApiKeyStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the clock (default: the UTC system clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
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
     * Hashes new keys with HMAC-SHA256 under a key ring key instead of plain SHA-256, for example {@code
     * keyRing.messageAuthenticator(KeyScope.tenant("platform"), "api-key-hash")}. Keys already stored
     * keep verifying: SHA-256 hashes as before, HMAC hashes under the key ring key version that made them
     * (as long as it is enabled).
     *
     * @param authenticator the key ring authenticator
     * @return this builder
     */
    public Builder hashingKey(MessageAuthenticator authenticator) {
      this.hashingKey = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /**
     * Sets how often a key's last-used time is written at most (default: 1 minute).
     *
     * @param interval from zero (every verification) to 1 day
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder lastUsedUpdateInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("last-used update interval must be from zero to 1 day, was " + interval);
      }
      this.lastUsedInterval = interval;
      return this;
    }

    /**
     * Builds the service.
     *
     * @return the thread-safe service
     */
    public ApiKeys build() {
      return new ApiKeys(this);
    }
  }
}
