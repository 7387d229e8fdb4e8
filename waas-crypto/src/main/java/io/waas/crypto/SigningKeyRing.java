package io.waas.crypto;

import io.waas.core.Base32;
import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyDisabledException;
import io.waas.core.KeyNotFoundException;
import io.waas.core.KeyUnavailableException;
import io.waas.core.MalformedDataException;
import io.waas.core.SecurityEvent;
import io.waas.core.WaasSecurityException;
import io.waas.crypto.internal.DetachedSignature;
import io.waas.crypto.internal.SigningKey;
import io.waas.crypto.internal.SigningKeyset;
import io.waas.crypto.internal.SigningKeysetCodec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The signing-key part of a {@link KeyRing}: named signing keysets kept as their own blobs in the
 * key ring's {@link KeysetStore}, wrapped by its KEK, plus the {@link Signer} and {@link
 * SignatureVerifier} that use them.
 *
 * <p>Design:
 *
 * <ul>
 *   <li>Storage name {@code sig-} + lower-case base32 of the keyset name: reversible (so {@link
 *       #names()} can list them), inside the store's name alphabet, and never starting with
 *       {@code t-}/{@code th-}, which the key ring reads as tenants. The KEK's associated data
 *       binds each blob to its name, and the payload repeats the name, so a blob copied or moved
 *       under another name fails to load.
 *   <li>Changes are read-modify-write under {@link KeysetStore#lock()}, reading the store (not the
 *       cache) inside the lock, so concurrent rotations in threads or processes never lose a key.
 *   <li>Snapshots are cached per name. Every change this process writes bumps {@link #epoch}; a
 *       cached snapshot is used only while its epoch is current and it is younger than the key
 *       ring's cache max age, so a load that raced with a change is never served after it, and
 *       changes by other processes are seen within the max age. A signature naming an unknown key
 *       id forces one re-read (at most every 100 ms per name), so keys rotated in another process
 *       verify at once without letting made-up key ids turn into a stream of store reads.
 * </ul>
 *
 * <p>Thread-safe.
 */
final class SigningKeyRing {
  static final String STORAGE_PREFIX = "sig-";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final long FORCED_RELOAD_INTERVAL_NANOS = 100_000_000L;

  private final KeyRing ring;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong();
  /** Serializes loads (rare: once per name per max age) so a burst of callers reads once. */
  private final Object loadLock = new Object();

  private static final class Cached {
    final SigningKeyset keyset;
    final long loadedAtMillis;
    final long epoch;
    /** Set when this copy was re-read because a signature named an unknown key id. */
    final long forcedAtNanos;

    Cached(SigningKeyset keyset, long loadedAtMillis, long epoch, long forcedAtNanos) {
      this.keyset = keyset;
      this.loadedAtMillis = loadedAtMillis;
      this.epoch = epoch;
      this.forcedAtNanos = forcedAtNanos;
    }
  }

  @FunctionalInterface
  private interface Change {
    SigningKeyset apply(@Nullable SigningKeyset current) throws GeneralSecurityException;
  }

  SigningKeyRing(KeyRing ring) {
    this.ring = ring;
  }

  /** Validates a signing keyset name. */
  static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "signing key name must be 1 to 64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter"
              + " or digit, was '" + name + "'");
    }
    return name;
  }

  static String storageName(String name) {
    return STORAGE_PREFIX + Base32.encode(name.getBytes(StandardCharsets.US_ASCII)).toLowerCase(Locale.ROOT);
  }

  private static String scope(String name) {
    return "signing key '" + name + "'";
  }

  Signer signer(String name) {
    return new KeyRingSigner(checkName(name));
  }

  SignatureVerifier verifier(String name) {
    return new KeyRingVerifier(checkName(name));
  }

  /** Drops every cached signing keyset (on close and on {@link KeyRing#invalidateCache()}). */
  void clearCache() {
    cache.clear();
  }

  // ---------------------------------------------------------------- signing and verification

  private byte[] sign(String name, byte[] data) throws GeneralSecurityException {
    SigningKeyset ks = cached(name, ring.createsKeysOnFirstUse()).keyset;
    SigningKey primary = requirePrimary(name, ks);
    return DetachedSignature.encode(primary.algorithm(), primary.id(), primary.sign(data));
  }

  private void verify(String name, byte[] signature, byte[] data) throws GeneralSecurityException {
    long keyId = -1;
    try {
      DetachedSignature s = DetachedSignature.parse(signature);
      keyId = s.keyId();
      SigningKey key = usable(name, findKey(name, keyId));
      if (key.algorithm() != s.algorithm()) {
        throw new VerificationFailedException(
            "signature names algorithm " + s.algorithm() + " but key " + SigningPublicKey.kid(keyId) + " of "
                + scope(name) + " is " + key.algorithm(),
            null);
      }
      try {
        key.verify(s.raw(), data);
      } catch (GeneralSecurityException e) {
        throw new VerificationFailedException(
            "signature does not match the data (key " + SigningPublicKey.kid(keyId) + " of " + scope(name) + ")", e);
      }
    } catch (WaasSecurityException e) {
      ring.emitEvent(
          event(SignatureEvents.VERIFY_FAILED, name, SecurityEvent.Outcome.FAILURE)
              .attribute("reason", e.getClass().getSimpleName())
              .attribute("keyId", keyId < 0 ? "-" : SigningPublicKey.kid(keyId))
              .build());
      throw e;
    }
  }

  private static SigningKey usable(String name, SigningKey key) throws KeyUnavailableException {
    switch (key.status()) {
      case DISABLED -> throw new KeyDisabledException(
          "key " + SigningPublicKey.kid(key.id()) + " of " + scope(name) + " is disabled", scope(name), key.id());
      case DESTROYED -> throw new KeyDestroyedException(
          "key " + SigningPublicKey.kid(key.id()) + " of " + scope(name) + " was destroyed", scope(name), key.id());
      case ENABLED -> {
        return key;
      }
    }
    throw new IllegalStateException("unknown key status " + key.status());
  }

  private static SigningKey requirePrimary(String name, SigningKeyset ks) throws KeyUnavailableException {
    SigningKey p = ks.primary();
    if (p == null) {
      throw new KeyDisabledException(scope(name) + " has no enabled primary key; rotate it", scope(name), -1);
    }
    return p;
  }

  // ---------------------------------------------------------------- key management

  SigningKeyMetadata create(String name, SignatureAlgorithm algorithm) throws GeneralSecurityException {
    return create(name, algorithm, true);
  }

  /**
   * Creates the keyset's first key if it has none. With {@code exactAlgorithm}, an existing
   * keyset whose primary key has another algorithm is refused rather than silently returned.
   */
  private SigningKeyMetadata create(String name, SignatureAlgorithm algorithm, boolean exactAlgorithm)
      throws GeneralSecurityException {
    checkName(name);
    boolean[] created = {false};
    SigningKeyset ks =
        update(
            name,
            current -> {
              if (current == null) {
                created[0] = true;
                return new SigningKeyset(name, 0, List.of()).withNewPrimary(algorithm, ring.clock().instant());
              }
              SigningKey p = current.primary();
              if (exactAlgorithm && p != null && p.algorithm() != algorithm) {
                throw new IllegalStateException(
                    scope(name) + " already exists with algorithm " + p.algorithm() + ", not " + algorithm
                        + "; use rotateSigningKey(name, algorithm) to change it");
              }
              return current;
            },
            false);
    SigningKey p = requirePrimary(name, ks);
    if (created[0]) {
      emitKeyEvent(SignatureEvents.SIGNING_KEY_CREATED, name, p);
    }
    return metadata(name, ks, p);
  }

  SigningKeyMetadata rotate(String name, @Nullable SignatureAlgorithm algorithm) throws GeneralSecurityException {
    checkName(name);
    SigningKeyset ks =
        update(
            name,
            current -> {
              SigningKeyset base = current == null ? new SigningKeyset(name, 0, List.of()) : current;
              SigningKey p = base.primary();
              SignatureAlgorithm alg =
                  algorithm != null ? algorithm : p != null ? p.algorithm() : SignatureAlgorithm.ED25519;
              return base.withNewPrimary(alg, ring.clock().instant());
            },
            false);
    SigningKey p = Objects.requireNonNull(ks.primary());
    emitKeyEvent(
        ks.keys().size() == 1 ? SignatureEvents.SIGNING_KEY_CREATED : SignatureEvents.SIGNING_KEY_ROTATED, name, p);
    return metadata(name, ks, p);
  }

  void changeStatus(String name, long keyId, KeyStatus status, String eventType) throws GeneralSecurityException {
    checkName(name);
    update(
        name,
        current -> {
          if (current == null) {
            throw new KeyNotFoundException("no " + scope(name) + " in this key store", scope(name), keyId);
          }
          SigningKey k = current.find(keyId);
          if (k == null) {
            throw new KeyNotFoundException(
                scope(name) + " has no key " + SigningPublicKey.kid(keyId), scope(name), keyId);
          }
          if (k.status() == KeyStatus.DESTROYED) {
            throw new KeyDestroyedException(
                "key " + SigningPublicKey.kid(keyId) + " of " + scope(name) + " was already destroyed",
                scope(name),
                keyId);
          }
          if (keyId == current.primaryId() && status != KeyStatus.ENABLED) {
            throw new IllegalStateException(
                "key " + SigningPublicKey.kid(keyId) + " is the primary key of " + scope(name)
                    + "; rotate before changing it");
          }
          return current.withStatus(keyId, status, ring.clock().instant());
        },
        status == KeyStatus.DESTROYED);
    ring.emitEvent(
        event(eventType, name, SecurityEvent.Outcome.SUCCESS).attribute("keyId", SigningPublicKey.kid(keyId)).build());
  }

  List<SigningKeyMetadata> keys(String name) throws GeneralSecurityException {
    checkName(name);
    SigningKeyset ks = read(name);
    if (ks == null) {
      return List.of();
    }
    List<SigningKeyMetadata> out = new ArrayList<>();
    for (SigningKey k : ks.keys()) {
      out.add(metadata(name, ks, k));
    }
    return out;
  }

  PublicKeySet publicKeys(String name) throws GeneralSecurityException {
    checkName(name);
    // Read the store, not the cache: an export should show every change made so far.
    SigningKeyset ks = read(name);
    if (ks == null) {
      throw new KeyNotFoundException("no " + scope(name) + " in this key store", scope(name), -1);
    }
    List<SigningPublicKey> keys = new ArrayList<>();
    for (SigningKey k : ks.keys()) {
      byte[] pub = k.publicKey();
      if (k.status() == KeyStatus.ENABLED && pub != null) {
        keys.add(new SigningPublicKey(k.id(), k.algorithm(), pub));
      }
    }
    return new PublicKeySet(keys);
  }

  List<String> names() throws GeneralSecurityException {
    List<String> out = new ArrayList<>();
    try {
      for (String blob : ring.store().list()) {
        if (blob.startsWith(STORAGE_PREFIX)) {
          String name = new String(Base32.decode(blob.substring(STORAGE_PREFIX.length())), StandardCharsets.US_ASCII);
          if (!NAME.matcher(name).matches() || !storageName(name).equals(blob)) {
            throw new KeyStoreAccessException("key store file '" + blob + "' is not a signing keyset name", null);
          }
          out.add(name);
        }
      }
    } catch (IOException e) {
      throw storeFailure("list signing keys", e);
    } catch (IllegalArgumentException e) {
      throw new KeyStoreAccessException("key store has a signing keyset file with an invalid name", e);
    }
    out.sort(null);
    return out;
  }

  private static SigningKeyMetadata metadata(String name, SigningKeyset ks, SigningKey k) {
    return new SigningKeyMetadata(
        name, k.id(), k.algorithm(), k.status(), k.id() == ks.primaryId(), k.createdAt(), k.statusChangedAt());
  }

  private SecurityEvent.Builder event(String type, String name, SecurityEvent.Outcome outcome) {
    return SecurityEvent.builder(type, outcome).timestamp(ring.clock().instant()).attribute("signingKey", name);
  }

  private void emitKeyEvent(String type, String name, SigningKey k) {
    ring.emitEvent(
        event(type, name, SecurityEvent.Outcome.SUCCESS)
            .attribute("keyId", SigningPublicKey.kid(k.id()))
            .attribute("algorithm", k.algorithm().name())
            .build());
  }

  // ---------------------------------------------------------------- cache

  private boolean fresh(Cached c, long nowMillis) {
    return c.epoch == epoch.get() && nowMillis - c.loadedAtMillis < ring.signingKeyCacheMaxAgeMillis();
  }

  private Cached cached(String name, boolean create) throws GeneralSecurityException {
    long now = ring.clock().millis();
    Cached c = cache.get(name);
    if (c != null && fresh(c, now)) {
      ring.store(); // refuses use after close
      return c;
    }
    synchronized (loadLock) {
      c = cache.get(name);
      if (c != null && fresh(c, now)) {
        return c;
      }
      long e = epoch.get();
      SigningKeyset ks = read(name);
      if (ks == null) {
        if (!create) {
          throw new KeyNotFoundException("no " + scope(name) + " in this key store", scope(name), -1);
        }
        // Another thread or process may create it first, with any algorithm: use theirs.
        create(name, SignatureAlgorithm.ED25519, false); // caches the new keyset itself
        return cached(name, false);
      }
      Cached fresh = new Cached(ks, now, e, 0);
      cache.put(name, fresh);
      return fresh;
    }
  }

  private SigningKey findKey(String name, long keyId) throws GeneralSecurityException {
    Cached c = cached(name, false);
    SigningKey key = c.keyset.find(keyId);
    if (key == null && (c.forcedAtNanos == 0 || System.nanoTime() - c.forcedAtNanos > FORCED_RELOAD_INTERVAL_NANOS)) {
      c = reload(name, c);
      key = c.keyset.find(keyId);
    }
    if (key == null) {
      throw new KeyNotFoundException(
          scope(name) + " has no key " + SigningPublicKey.kid(keyId) + " (another keyset, or a foreign key store?)",
          scope(name),
          keyId);
    }
    return key;
  }

  private Cached reload(String name, Cached stale) throws GeneralSecurityException {
    synchronized (loadLock) {
      Cached current = cache.get(name);
      if (current != null && current != stale) {
        return current; // another thread already re-read it
      }
      long e = epoch.get();
      SigningKeyset ks = read(name);
      if (ks == null) {
        cache.remove(name);
        throw new KeyNotFoundException("no " + scope(name) + " in this key store", scope(name), -1);
      }
      Cached fresh = new Cached(ks, ring.clock().millis(), e, Math.max(1, System.nanoTime()));
      cache.put(name, fresh);
      return fresh;
    }
  }

  // ---------------------------------------------------------------- store access

  /** Read-modify-write of one signing keyset under the store lock; returns the new keyset. */
  private SigningKeyset update(String name, Change change, boolean scrub) throws GeneralSecurityException {
    KeysetStore store = ring.store();
    String blob = storageName(name);
    try (Closeable lock = store.lock()) {
      SigningKeyset current = read(name);
      SigningKeyset next = change.apply(current);
      if (next != current) {
        write(store, blob, next, scrub);
        long e = epoch.incrementAndGet();
        cache.put(name, new Cached(next, ring.clock().millis(), e, 0));
      }
      return next;
    } catch (IOException e) {
      throw storeFailure("update " + scope(name), e);
    }
  }

  private @Nullable SigningKeyset read(String name) throws GeneralSecurityException {
    String blob = storageName(name);
    Optional<byte[]> file;
    try {
      file = ring.store().read(blob);
    } catch (IOException e) {
      throw storeFailure("read " + scope(name), e);
    }
    if (file.isEmpty()) {
      return null;
    }
    KeyEncryptionKey kek = ring.kek();
    byte[] payload;
    try {
      SigningKeysetCodec.WrappedSigningKeyset w = SigningKeysetCodec.decodeFile(file.get(), blob);
      if (!w.kekId.equals(kek.id())) {
        throw new KeyStoreAccessException(
            scope(name) + " is wrapped by key-encryption key " + w.kekId + ", not " + kek.id(), null);
      }
      try {
        payload = kek.unwrap(w.wrapped, SigningKeysetCodec.wrapAssociatedData(blob));
      } catch (GeneralSecurityException e) {
        throw new KeyStoreAccessException(
            "key store file '" + blob + "' (" + scope(name) + ") failed authentication: it was modified or moved", e);
      }
    } catch (MalformedDataException e) {
      throw new KeyStoreAccessException(e.getMessage() + " (" + scope(name) + ")", e);
    }
    SigningKeyset ks;
    try {
      ks = SigningKeysetCodec.decodePayload(payload);
    } catch (GeneralSecurityException e) {
      throw new KeyStoreAccessException(scope(name) + " is malformed in the key store: " + e.getMessage(), e);
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
    if (!ks.name().equals(name)) {
      throw new KeyStoreAccessException(
          "key store file '" + blob + "' holds a keyset named '" + ks.name() + "', not " + scope(name), null);
    }
    return ks;
  }

  private void write(KeysetStore store, String blob, SigningKeyset ks, boolean scrub)
      throws GeneralSecurityException, IOException {
    byte[] payload = SigningKeysetCodec.encodePayload(ks);
    try {
      KeyEncryptionKey kek = ring.kek();
      byte[] file =
          SigningKeysetCodec.encodeFile(kek.id(), kek.wrap(payload, SigningKeysetCodec.wrapAssociatedData(blob)));
      if (scrub) {
        store.replaceAndScrub(blob, file);
      } else {
        store.write(blob, file);
      }
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
  }

  private static KeyStoreAccessException storeFailure(String what, IOException e) {
    return new KeyStoreAccessException("key store failed to " + what + ": " + e, e);
  }

  // ---------------------------------------------------------------- the handed-out objects

  /** The {@link Signer} of one named keyset. */
  private final class KeyRingSigner implements Signer {
    private final String name;

    KeyRingSigner(String name) {
      this.name = name;
    }

    @Override
    public byte[] sign(byte[] data) throws GeneralSecurityException {
      return SigningKeyRing.this.sign(name, data);
    }

    @Override
    public String toString() {
      return "Signer[" + scope(name) + "]";
    }
  }

  /** The {@link SignatureVerifier} of one named keyset, with the key store's view of key status. */
  private final class KeyRingVerifier implements SignatureVerifier {
    private final String name;

    KeyRingVerifier(String name) {
      this.name = name;
    }

    @Override
    public void verify(byte[] signature, byte[] data) throws GeneralSecurityException {
      SigningKeyRing.this.verify(name, signature, data);
    }

    @Override
    public String toString() {
      return "SignatureVerifier[" + scope(name) + "]";
    }
  }
}
