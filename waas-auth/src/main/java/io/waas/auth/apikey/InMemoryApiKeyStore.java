package io.waas.auth.apikey;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link ApiKeyStore} in this process's memory: for tests and single-instance services that can
 * re-issue keys after a restart (everything is lost on restart).
 *
 * <p>Thread-safe: insertion is guarded by one lock (to keep ids and hashes unique together); conditional
 * updates are atomic per key ({@link ConcurrentHashMap#computeIfPresent}).
 */
public final class InMemoryApiKeyStore implements ApiKeyStore {
  private final ConcurrentHashMap<String, ApiKeyRecord> byId = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ByteBuffer, String> idByHash = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryApiKeyStore() {}

  @Override
  public synchronized boolean insert(ApiKeyRecord record) {
    String id = record.metadata().keyId();
    ByteBuffer hash = ByteBuffer.wrap(record.keyHash());
    if (byId.containsKey(id) || idByHash.containsKey(hash)) {
      return false;
    }
    idByHash.put(hash, id);
    byId.put(id, record);
    return true;
  }

  @Override
  public Optional<ApiKeyRecord> find(String keyId) {
    return Optional.ofNullable(byId.get(Objects.requireNonNull(keyId, "keyId")));
  }

  @Override
  public List<ApiKeyRecord> list(String tenant) {
    Objects.requireNonNull(tenant, "tenant");
    return byId.values().stream()
        .filter(r -> r.metadata().tenant().equals(tenant))
        .sorted(Comparator.comparing((ApiKeyRecord r) -> r.metadata().createdAt())
            .thenComparing(r -> r.metadata().keyId()))
        .toList();
  }

  @Override
  public boolean revoke(String tenant, String keyId, Instant at) {
    AtomicBoolean changed = new AtomicBoolean();
    byId.computeIfPresent(keyId, (k, r) -> {
      ApiKeyMetadata m = r.metadata();
      if (!m.tenant().equals(tenant) || m.revokedAt().isPresent()) {
        return r;
      }
      changed.set(true);
      return r.withMetadata(m.withRevokedAt(at));
    });
    return changed.get();
  }

  @Override
  public boolean shortenExpiry(String keyId, Instant expiresAt) {
    AtomicBoolean changed = new AtomicBoolean();
    byId.computeIfPresent(keyId, (k, r) -> {
      ApiKeyMetadata m = r.metadata();
      if (m.expiresAt().isPresent() && !m.expiresAt().get().isAfter(expiresAt)) {
        return r;
      }
      changed.set(true);
      return r.withMetadata(m.withExpiresAt(expiresAt));
    });
    return changed.get();
  }

  @Override
  public boolean touchLastUsed(String keyId, Instant at, Instant ifLastUsedAtOrBefore) {
    AtomicBoolean changed = new AtomicBoolean();
    byId.computeIfPresent(keyId, (k, r) -> {
      ApiKeyMetadata m = r.metadata();
      if (m.lastUsedAt().isPresent() && m.lastUsedAt().get().isAfter(ifLastUsedAtOrBefore)) {
        return r;
      }
      changed.set(true);
      return r.withMetadata(m.withLastUsedAt(at));
    });
    return changed.get();
  }
}
