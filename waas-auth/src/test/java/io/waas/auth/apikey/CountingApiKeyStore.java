package io.waas.auth.apikey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Passes every call on, counting lookups and last-used writes. */
final class CountingApiKeyStore implements ApiKeyStore {
  final ApiKeyStore target;
  final AtomicInteger finds = new AtomicInteger();
  final AtomicInteger touchCalls = new AtomicInteger();
  final AtomicInteger touchWrites = new AtomicInteger();

  CountingApiKeyStore(ApiKeyStore target) {
    this.target = target;
  }

  @Override
  public boolean insert(ApiKeyRecord record) throws ApiKeyStoreException {
    return target.insert(record);
  }

  @Override
  public Optional<ApiKeyRecord> find(String keyId) throws ApiKeyStoreException {
    finds.incrementAndGet();
    return target.find(keyId);
  }

  @Override
  public List<ApiKeyRecord> list(String tenant) throws ApiKeyStoreException {
    return target.list(tenant);
  }

  @Override
  public boolean revoke(String tenant, String keyId, Instant at) throws ApiKeyStoreException {
    return target.revoke(tenant, keyId, at);
  }

  @Override
  public boolean shortenExpiry(String keyId, Instant expiresAt) throws ApiKeyStoreException {
    return target.shortenExpiry(keyId, expiresAt);
  }

  @Override
  public boolean touchLastUsed(String keyId, Instant at, Instant ifLastUsedAtOrBefore) throws ApiKeyStoreException {
    touchCalls.incrementAndGet();
    boolean changed = target.touchLastUsed(keyId, at, ifLastUsedAtOrBefore);
    if (changed) {
      touchWrites.incrementAndGet();
    }
    return changed;
  }
}
