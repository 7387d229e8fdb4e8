package io.waas.crypto;

import io.waas.core.Base32;
import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyDisabledException;
import io.waas.core.KeyNotFoundException;
import io.waas.core.KeyUnavailableException;
import io.waas.core.MalformedDataException;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.core.SecurityEvents;
import io.waas.core.WaasSecurityException;
import io.waas.crypto.internal.AeadEngine;
import io.waas.crypto.internal.ContextCodec;
import io.waas.crypto.internal.DataKey;
import io.waas.crypto.internal.Keyset;
import io.waas.crypto.internal.KeysetCodec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Envelope encryption and key management for many tenants: each {@link KeyScope} (a tenant, or a
 * data subject within a tenant) has its own keyset of data keys, stored wrapped by a {@link
 * KeyEncryptionKey} in a {@link KeysetStore}. The key ring creates keys on first use, rotates,
 * disables and destroys them, crypto-shreds whole scopes, re-encrypts old ciphertexts, and hands
 * out the {@link DataEncryptor} that does the actual encryption.
 *
 * <pre>{@code
 * try (KeyRing keys = KeyRing.openLocal(dir, MasterKeySource.environment("WAAS_MASTER_KEY"))) {
 *   DataEncryptor enc = keys.encryptor();
 *   EncryptionContext ctx = EncryptionContext.of("acme", "customer.email", "cust-42");
 *   byte[] stored = enc.encrypt(email, ctx);
 *   byte[] back = enc.decrypt(stored, ctx);
 *   keys.rotate(KeyScope.tenant("acme"));          // new data uses a new key; old still decrypts
 *   keys.shred(KeyScope.tenant("acme"));           // every ciphertext of acme is now unreadable
 * }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Data keys never leave the key ring unwrapped: the store only ever holds keysets encrypted
 *       and authenticated by the KEK, each bound to its scope's storage name, so a keyset file
 *       moved to another tenant fails to load.
 *   <li>Opening a store with the wrong master key fails at once with {@link
 *       MasterKeyMismatchException}, before anything is read or written.
 *   <li>After {@link #shred}, every ciphertext of the scope fails with {@link
 *       KeyDestroyedException}: the key material is gone from the store's current files and from
 *       this process. See {@link #shred} for what shredding cannot reach.
 *   <li>Key changes are atomic and crash-safe in the store, and serialized across threads and (for
 *       {@link DirectoryKeysetStore}) processes.
 * </ul>
 *
 * <p>Thread-safe: encryption, decryption and key changes may run concurrently from any number of
 * threads; readers see each keyset either before or after a change, never during.
 */
public final class KeyRing implements AutoCloseable {
  static final String KEK_CHECK_BLOB = "kek-check";
  static final String NAMING_KEY_BLOB = "subject-naming-key";
  private static final byte[] KEK_CHECK_AAD = "waas-keystore/v1:kek-check".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NAMING_KEY_AAD = "waas-keystore/v1:subject-naming-key".getBytes(StandardCharsets.US_ASCII);
  private static final String TENANT_PREFIX = "t-";
  private static final String HASHED_TENANT_PREFIX = "th-";
  private static final int MAX_READABLE_TENANT_BYTES = 96;
  private static final String SUBJECT_INFIX = ".s-";

  private final KeysetStore store;
  private final KeyEncryptionKey kek;
  private final SecurityEventListener events;
  private final Clock clock;
  private final DataKeyCachePolicy cachePolicy;
  private final long maxAgeMillis;
  private final AeadAlgorithm defaultAlgorithm;
  private final boolean createKeysOnFirstUse;
  private final byte[] namingKey;
  private final ConcurrentHashMap<KeyScope, Cached> cache = new ConcurrentHashMap<>();
  private final Object[] loadLocks = new Object[64];
  /**
   * Change counters, striped by tenant: bumped after every key change this key ring writes for a
   * tenant or one of its subjects. A cached keyset remembers its stripe's value from before it was
   * loaded, so a load that raced with a change (for example a shred) is never served again: the
   * next call sees a newer value and re-reads the store. Striping keeps a change in one tenant from
   * invalidating every other tenant's cache.
   */
  private final AtomicLongArray epochs = new AtomicLongArray(64);
  private static final long FORCED_RELOAD_INTERVAL_NANOS = 100_000_000L;
  private final DataEncryptor encryptor = new EnvelopeEncryptor(this);
  private volatile boolean closed;

  /** A scope's keyset as loaded, with the usage that counts against the cache limits. */
  static final class Cached {
    final Keyset keyset;
    final long loadedAtMillis;
    final int stripe;
    final long epoch;
    /** Set when this copy was re-read because a ciphertext named an unknown key id. */
    final long forcedAtNanos;
    final LongAdder messages = new LongAdder();
    final LongAdder bytes = new LongAdder();

    Cached(Keyset keyset, long loadedAtMillis, int stripe, long epoch, long forcedAtNanos) {
      this.keyset = keyset;
      this.loadedAtMillis = loadedAtMillis;
      this.stripe = stripe;
      this.epoch = epoch;
      this.forcedAtNanos = forcedAtNanos;
    }
  }

  private KeyRing(Builder b, KeysetStore store, KeyEncryptionKey kek, byte[] namingKey) {
    this.store = store;
    this.kek = kek;
    this.events = b.events;
    this.clock = b.clock;
    this.cachePolicy = b.cachePolicy;
    this.maxAgeMillis = b.cachePolicy.maxAge().toMillis();
    this.defaultAlgorithm = b.algorithm;
    this.createKeysOnFirstUse = b.createKeysOnFirstUse;
    this.namingKey = namingKey;
    for (int i = 0; i < loadLocks.length; i++) {
      loadLocks[i] = new Object();
    }
  }

  /**
   * Starts configuring a key ring.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens (creating if needed) a key ring on a local directory with default settings.
   *
   * @param directory the key store directory
   * @param masterKey where the master key comes from
   * @return the key ring
   * @throws MasterKeyMismatchException if the store was created with another master key
   * @throws KeyStoreAccessException if the store cannot be read or created
   * @throws GeneralSecurityException for other failures
   */
  public static KeyRing openLocal(Path directory, MasterKeySource masterKey) throws GeneralSecurityException {
    return builder().directory(directory).masterKey(masterKey).build();
  }

  /**
   * Returns the encryptor that uses this key ring's keys. It stays valid until the key ring is
   * closed.
   *
   * @return the thread-safe encryptor
   */
  public DataEncryptor encryptor() {
    return encryptor;
  }

  /**
   * Returns a message authenticator (HMAC-SHA256) under a scope's keys for one purpose. Tags made
   * for one purpose never verify for another. It stays valid until the key ring is closed.
   *
   * @param scope whose keys to use
   * @param purpose what the tags are for, 1 to 64 characters of {@code [a-z0-9._-]}, for example
   *     {@code "audit-chain"}
   * @return the thread-safe authenticator
   * @throws IllegalArgumentException if {@code purpose} is malformed
   */
  public MessageAuthenticator messageAuthenticator(KeyScope scope, String purpose) {
    checkOpen();
    return new ScopedMessageAuthenticator(this, scope, checkPurpose(purpose));
  }

  // ---- KEK rotation

  /**
   * Re-wraps everything in the store that the key-encryption key wrapped — every keyset, the
   * store's check value and its subject-naming key — under the KEK's current version, so that
   * older KEK versions can then be deleted (for example {@code
   * Pkcs11KeyEncryptionKey#destroyVersion}). Data keys and ciphertexts do not change. Idempotent;
   * after a crash part-way, run it again.
   *
   * <p>Each blob is read, unwrapped, wrapped again and atomically replaced under the store's update
   * lock, one blob at a time, so key changes by other threads and processes continue meanwhile. A
   * KEK that re-reads its current version under that lock when it wraps (as the PKCS#11 KEK does)
   * makes every blob written after the rotation use the new version, so after this method returns
   * nothing in the store depends on an older one. Blobs that are not in the keyset file format
   * (such as a passphrase store's {@code master-key-params}) are not wrapped by the KEK and are left
   * alone.
   *
   * @return how many blobs were re-wrapped
   * @throws KeyStoreAccessException if a blob cannot be read, fails authentication, or cannot be
   *     written (blobs already re-wrapped stay re-wrapped)
   * @throws GeneralSecurityException if the KEK fails
   * @throws IllegalStateException if the key ring is closed
   */
  public int rewrapKeysets() throws GeneralSecurityException {
    checkOpen();
    List<String> names;
    try (Closeable lock = store.lock()) {
      names = store.list();
    } catch (IOException e) {
      throw storeFailure("list the key store", e);
    }
    int count = 0;
    for (String name : names) {
      try (Closeable lock = store.lock()) {
        if (rewrapBlob(name)) {
          count++;
        }
      } catch (IOException e) {
        throw storeFailure("re-wrap '" + name + "'", e);
      }
    }
    emit(SecurityEvent.builder(CryptoEvents.KEY_STORE_REWRAPPED, SecurityEvent.Outcome.SUCCESS)
        .timestamp(clock.instant())
        .attribute("store", store.toString())
        .attribute("kek", kek.id())
        .attribute("blobs", Integer.toString(count)));
    return count;
  }

  /** Re-wraps a signing keyset file ("WSK"), whose associated data differs from data keysets'. */
  private boolean rewrapSigningKeyset(String name, byte[] file) throws GeneralSecurityException, IOException {
    io.waas.crypto.internal.SigningKeysetCodec.WrappedSigningKeyset w;
    try {
      w = io.waas.crypto.internal.SigningKeysetCodec.decodeFile(file, name);
    } catch (MalformedDataException e) {
      throw new KeyStoreAccessException(String.valueOf(e.getMessage()), e);
    }
    if (!w.kekId.equals(kek.id())) {
      throw new KeyStoreAccessException(
          "key store file '" + name + "' is wrapped by key-encryption key " + w.kekId + ", not " + kek.id(), null);
    }
    byte[] aad = io.waas.crypto.internal.SigningKeysetCodec.wrapAssociatedData(name);
    byte[] payload;
    try {
      payload = kek.unwrap(w.wrapped, aad);
    } catch (GeneralSecurityException e) {
      throw new KeyStoreAccessException(
          "key store file '" + name + "' failed authentication: it was modified or moved", e);
    }
    try {
      store.write(name, io.waas.crypto.internal.SigningKeysetCodec.encodeFile(kek.id(), kek.wrap(payload, aad)));
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
    return true;
  }

  /** Re-wraps one blob under the store lock; false if it is gone or not wrapped by the KEK. */
  private boolean rewrapBlob(String name) throws GeneralSecurityException, IOException {
    if (name.equals(KEK_CHECK_BLOB) || name.equals(NAMING_KEY_BLOB)) {
      byte[] aad = name.equals(KEK_CHECK_BLOB) ? KEK_CHECK_AAD : NAMING_KEY_AAD;
      Optional<byte[]> wrapped = store.read(name);
      if (wrapped.isEmpty()) {
        return false;
      }
      byte[] plain;
      try {
        plain = kek.unwrap(wrapped.get(), aad);
      } catch (GeneralSecurityException e) {
        throw new KeyStoreAccessException("key store's " + name + " file failed authentication", e);
      }
      try {
        store.write(name, kek.wrap(plain, aad));
      } finally {
        Arrays.fill(plain, (byte) 0);
      }
      return true;
    }
    if (name.startsWith(TENANT_PREFIX) || name.startsWith(HASHED_TENANT_PREFIX)) {
      // Only for messages: a scope id is at most 128 characters, a blob name up to 200.
      String shown = name.length() <= 120 ? name : name.substring(0, 117) + "...";
      Keyset ks = readKeyset(name, KeyScope.tenant("(" + shown + ")"));
      if (ks == null) {
        return false;
      }
      writeKeyset(name, ks, false);
      return true;
    }
    Optional<byte[]> file = store.read(name);
    if (file.isPresent() && file.get().length >= 3
        && file.get()[0] == 'W' && file.get()[1] == 'S' && file.get()[2] == 'K') {
      return rewrapSigningKeyset(name, file.get());
    }
    // Keysets of other primitives that use the keyset file format: re-wrap the payload as is.
    if (file.isEmpty() || file.get().length < 3
        || file.get()[0] != 'W' || file.get()[1] != 'K' || file.get()[2] != 'S') {
      return false;
    }
    KeysetCodec.WrappedKeyset w;
    try {
      w = KeysetCodec.decodeFile(file.get(), name);
    } catch (MalformedDataException e) {
      throw new KeyStoreAccessException(String.valueOf(e.getMessage()), e);
    }
    if (!w.kekId.equals(kek.id())) {
      throw new KeyStoreAccessException(
          "key store file '" + name + "' is wrapped by key-encryption key " + w.kekId + ", not " + kek.id(), null);
    }
    byte[] aad = KeysetCodec.wrapAssociatedData(name);
    byte[] payload;
    try {
      payload = kek.unwrap(w.wrapped, aad);
    } catch (GeneralSecurityException e) {
      throw new KeyStoreAccessException(
          "key store file '" + name + "' failed authentication: it was modified or moved", e);
    }
    try {
      store.write(name, KeysetCodec.encodeFile(kek.id(), kek.wrap(payload, aad)));
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
    return true;
  }

  // ---- searchable encryption: deterministic encryption and blind indexes

  /**
   * Returns the deterministic (AES-SIV) encryptor for fields that must be found by equality. Read
   * {@link DeterministicEncryptor} for what it reveals. It stays valid until the key ring is
   * closed.
   *
   * @return the thread-safe deterministic encryptor
   */
  public DeterministicEncryptor deterministicEncryptor() {
    checkOpen();
    return new SivDeterministicEncryptor(this);
  }

  /**
   * Returns a blind index (truncated HMAC-SHA256 tokens) for one field under a scope's keys. Read
   * {@link BlindIndex} for what it reveals. Indexes of different fields, scopes or parameters never
   * share tokens. It stays valid until the key ring is closed.
   *
   * @param scope whose keys to use; a tenant scope to search across the tenant's records
   * @param field which field, 1 to 64 characters of {@code [a-z0-9._-]}, for example {@code
   *     "customer.email"}
   * @param parameters token length and normalization, for example {@link
   *     BlindIndexParameters#email()}
   * @return the thread-safe blind index
   * @throws IllegalArgumentException if {@code field} is malformed
   */
  public BlindIndex blindIndex(KeyScope scope, String field, BlindIndexParameters parameters) {
    checkOpen();
    return new HmacBlindIndex(this, Objects.requireNonNull(scope), field, Objects.requireNonNull(parameters));
  }

  // ---- signatures
  //
  // Named signing keysets live in the same store as the data keys, under their own blob names
  // ("sig-" + base32 of the name), wrapped by the same KEK. The logic is in SigningKeyRing.

  private final SigningKeyRing signingKeyRing = new SigningKeyRing(this);

  /**
   * Returns a signer that makes detached signatures with the primary key of a named signing
   * keyset, for example {@code "audit"}. If the keyset does not exist yet, the first signature
   * creates it with an Ed25519 key (unless the key ring was built with {@code
   * createKeysOnFirstUse(false)}; then use {@link #createSigningKeys}). It stays valid until the
   * key ring is closed. The private keys never leave the key ring.
   *
   * @param keyName 1 to 64 characters of {@code [a-z0-9._-]}, starting with a letter or digit
   * @return the thread-safe signer
   * @throws IllegalArgumentException if {@code keyName} is malformed
   */
  public Signer signer(String keyName) {
    checkOpen();
    return signingKeyRing.signer(keyName);
  }

  /**
   * Returns a verifier of a named keyset's signatures that uses the key store's current view of
   * its keys: signatures by disabled or destroyed keys are refused ({@link KeyDisabledException},
   * {@link KeyDestroyedException}). Verifiers without key store access use {@link #publicKeys}.
   *
   * @param keyName the signing keyset's name
   * @return the thread-safe verifier
   * @throws IllegalArgumentException if {@code keyName} is malformed
   */
  public SignatureVerifier signatureVerifier(String keyName) {
    checkOpen();
    return signingKeyRing.verifier(keyName);
  }

  /**
   * Exports the public keys of a named signing keyset: its enabled keys, oldest first. This is
   * the explicit capability to hand out verification keys (as JWK Set or PEM); it reads the store,
   * so it reflects every change made so far, and never creates keys.
   *
   * @param keyName the signing keyset's name
   * @return the public keys
   * @throws KeyNotFoundException if the keyset does not exist
   * @throws GeneralSecurityException if the store fails
   */
  public PublicKeySet publicKeys(String keyName) throws GeneralSecurityException {
    checkOpen();
    return signingKeyRing.publicKeys(keyName);
  }

  /**
   * Makes sure a named signing keyset exists, creating its first key with {@code algorithm} if it
   * has none. Idempotent.
   *
   * @param keyName the signing keyset's name
   * @param algorithm the algorithm of the first key
   * @return the primary key's metadata
   * @throws IllegalStateException if the keyset exists with a primary key of another algorithm
   *     (use {@link #rotateSigningKey(String, SignatureAlgorithm)} to change it)
   * @throws GeneralSecurityException if the store fails
   */
  public SigningKeyMetadata createSigningKeys(String keyName, SignatureAlgorithm algorithm)
      throws GeneralSecurityException {
    checkOpen();
    return signingKeyRing.create(keyName, algorithm);
  }

  /**
   * Adds a new primary key to a named signing keyset (creating the keyset if needed), with the
   * algorithm of the current primary key (Ed25519 for a new keyset). Old keys stay enabled, so
   * existing signatures still verify; new signatures use the new key. Re-export {@link
   * #publicKeys} so outside verifiers learn the new key.
   *
   * @param keyName the signing keyset's name
   * @return the new primary key's metadata
   * @throws GeneralSecurityException if the store fails
   */
  public SigningKeyMetadata rotateSigningKey(String keyName) throws GeneralSecurityException {
    checkOpen();
    return signingKeyRing.rotate(keyName, null);
  }

  /**
   * Adds a new primary key with a given algorithm to a named signing keyset.
   *
   * @param keyName the signing keyset's name
   * @param algorithm the new key's algorithm
   * @return the new primary key's metadata
   * @throws GeneralSecurityException if the store fails
   */
  public SigningKeyMetadata rotateSigningKey(String keyName, SignatureAlgorithm algorithm)
      throws GeneralSecurityException {
    checkOpen();
    return signingKeyRing.rotate(keyName, Objects.requireNonNull(algorithm));
  }

  /**
   * Disables a signing key: the key ring's verifiers refuse its signatures until it is enabled
   * again, and {@link #publicKeys} leaves it out. The primary key cannot be disabled; rotate
   * first.
   *
   * @param keyName the signing keyset's name
   * @param keyId the key
   * @throws KeyNotFoundException if the keyset has no such key
   * @throws KeyDestroyedException if the key was destroyed
   * @throws IllegalStateException if it is the primary key
   * @throws GeneralSecurityException if the store fails
   */
  public void disableSigningKey(String keyName, long keyId) throws GeneralSecurityException {
    checkOpen();
    signingKeyRing.changeStatus(keyName, keyId, KeyStatus.DISABLED, SignatureEvents.SIGNING_KEY_DISABLED);
  }

  /**
   * Enables a disabled signing key again.
   *
   * @param keyName the signing keyset's name
   * @param keyId the key
   * @throws KeyNotFoundException if the keyset has no such key
   * @throws KeyDestroyedException if the key was destroyed
   * @throws GeneralSecurityException if the store fails
   */
  public void enableSigningKey(String keyName, long keyId) throws GeneralSecurityException {
    checkOpen();
    signingKeyRing.changeStatus(keyName, keyId, KeyStatus.ENABLED, SignatureEvents.SIGNING_KEY_ENABLED);
  }

  /**
   * Destroys a signing key's material (private and public half) in the store: the key ring never
   * signs or verifies with it again. Public keys already exported keep verifying its old
   * signatures wherever they were copied. The primary key cannot be destroyed; rotate first.
   *
   * @param keyName the signing keyset's name
   * @param keyId the key
   * @throws KeyNotFoundException if the keyset has no such key
   * @throws KeyDestroyedException if the key was already destroyed
   * @throws IllegalStateException if it is the primary key
   * @throws GeneralSecurityException if the store fails
   */
  public void destroySigningKey(String keyName, long keyId) throws GeneralSecurityException {
    checkOpen();
    signingKeyRing.changeStatus(keyName, keyId, KeyStatus.DESTROYED, SignatureEvents.SIGNING_KEY_DESTROYED);
  }

  /**
   * Lists a named signing keyset's keys, oldest first, without their material.
   *
   * @param keyName the signing keyset's name
   * @return the keys' metadata; empty if the keyset does not exist
   * @throws GeneralSecurityException if the store fails
   */
  public List<SigningKeyMetadata> signingKeys(String keyName) throws GeneralSecurityException {
    checkOpen();
    return signingKeyRing.keys(keyName);
  }

  /**
   * Lists the names of the signing keysets in the store.
   *
   * @return the names, sorted
   * @throws GeneralSecurityException if the store cannot be listed
   */
  public List<String> signingKeyNames() throws GeneralSecurityException {
    checkOpen();
    return signingKeyRing.names();
  }

  /** Whether a scope or signing keyset without keys gets its first key on first use. */
  boolean createsKeysOnFirstUse() {
    return createKeysOnFirstUse;
  }

  /** How long a cached signing keyset may be used before the store is read again. */
  long signingKeyCacheMaxAgeMillis() {
    return maxAgeMillis;
  }

  // ---- streaming encryption

  /**
   * Returns the streaming encryptor that uses this key ring's keys: encryption of large data
   * (files, backups, datasets) in constant memory, in segments of 1 MiB, bound to an {@link
   * EncryptionContext} like {@link #encryptor()}'s ciphertexts and rotating and shredding with the
   * same keys. It stays valid until the key ring is closed.
   *
   * @return the thread-safe streaming encryptor
   * @throws IllegalStateException if the key ring is closed
   */
  public StreamingEncryptor streamingEncryptor() {
    checkOpen();
    return new KeyRingStreamingEncryptor(this);
  }

  /** Validates a purpose label used in sub-key derivation. */
  static String checkPurpose(String purpose) {
    if (!purpose.matches("[a-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException(
          "purpose must be 1 to 64 characters of a-z, 0-9, '.', '_' or '-', was '" + purpose + "'");
    }
    return purpose;
  }

  // ---------------------------------------------------------------- key management

  /**
   * Makes sure a scope has keys, creating its first key if it has none. Idempotent.
   *
   * @param scope the scope
   * @return the primary key's metadata
   * @throws KeyDestroyedException if the scope was shredded (use {@link #rotate} to start anew)
   * @throws GeneralSecurityException if the store fails
   */
  public KeyMetadata createKeys(KeyScope scope) throws GeneralSecurityException {
    Cached c = cached(scope, true);
    DataKey primary = requirePrimary(scope, c.keyset);
    return metadata(scope, c.keyset, primary);
  }

  /**
   * Adds a new primary key to a scope, under the key ring's default algorithm. Old keys stay
   * enabled, so existing ciphertexts still decrypt. On a shredded scope this starts a new key
   * generation; the shredded data stays unreadable.
   *
   * @param scope the scope
   * @return the new primary key's metadata
   * @throws GeneralSecurityException if the store fails
   */
  public KeyMetadata rotate(KeyScope scope) throws GeneralSecurityException {
    return rotate(scope, defaultAlgorithm);
  }

  /**
   * Adds a new primary key with a given algorithm to a scope.
   *
   * @param scope the scope
   * @param algorithm the new key's algorithm
   * @return the new primary key's metadata
   * @throws GeneralSecurityException if the store fails
   */
  public KeyMetadata rotate(KeyScope scope, AeadAlgorithm algorithm) throws GeneralSecurityException {
    Keyset updated =
        update(
            scope,
            current -> {
              Keyset base = current == null ? new Keyset(label(scope), 0, List.of()) : current;
              return base.withNewPrimary(algorithm, clock.instant());
            },
            false);
    DataKey p = Objects.requireNonNull(updated.primary());
    emit(event(updated.keys().size() == 1 ? CryptoEvents.KEY_CREATED : CryptoEvents.KEY_ROTATED, scope)
        .attribute("keyId", Long.toString(p.id()))
        .attribute("algorithm", p.algorithm().name()));
    return metadata(scope, updated, p);
  }

  /**
   * Disables a key: every operation with it is refused until it is enabled again. The primary key
   * cannot be disabled; rotate first.
   *
   * @param scope the scope
   * @param keyId the key
   * @throws KeyNotFoundException if the scope has no such key
   * @throws KeyDestroyedException if the key was destroyed
   * @throws IllegalStateException if it is the primary key
   * @throws GeneralSecurityException if the store fails
   */
  public void disableKey(KeyScope scope, long keyId) throws GeneralSecurityException {
    changeStatus(scope, keyId, KeyStatus.DISABLED, CryptoEvents.KEY_DISABLED);
  }

  /**
   * Enables a disabled key again.
   *
   * @param scope the scope
   * @param keyId the key
   * @throws KeyNotFoundException if the scope has no such key
   * @throws KeyDestroyedException if the key was destroyed
   * @throws GeneralSecurityException if the store fails
   */
  public void enableKey(KeyScope scope, long keyId) throws GeneralSecurityException {
    changeStatus(scope, keyId, KeyStatus.ENABLED, CryptoEvents.KEY_ENABLED);
  }

  /**
   * Destroys one key's material: ciphertexts under it become permanently unreadable. Re-encrypt
   * what must survive first ({@link #reencrypt}). The primary key cannot be destroyed this way;
   * rotate first, or {@link #shred} the whole scope.
   *
   * @param scope the scope
   * @param keyId the key
   * @throws KeyNotFoundException if the scope has no such key
   * @throws IllegalStateException if it is the primary key
   * @throws GeneralSecurityException if the store fails
   */
  public void destroyKey(KeyScope scope, long keyId) throws GeneralSecurityException {
    changeStatus(scope, keyId, KeyStatus.DESTROYED, CryptoEvents.KEY_DESTROYED);
  }

  private void changeStatus(KeyScope scope, long keyId, KeyStatus status, String eventType)
      throws GeneralSecurityException {
    update(
        scope,
        current -> {
          if (current == null) {
            throw new KeyNotFoundException(scope + " has no keys", scope.toString(), keyId);
          }
          DataKey k = current.find(keyId);
          if (k == null) {
            throw new KeyNotFoundException(scope + " has no key " + keyId, scope.toString(), keyId);
          }
          if (k.status() == KeyStatus.DESTROYED) {
            throw new KeyDestroyedException(
                "key " + keyId + " of " + scope + " was already destroyed", scope.toString(), keyId);
          }
          if (keyId == current.primaryId() && status != KeyStatus.ENABLED) {
            throw new IllegalStateException(
                "key " + keyId + " is the primary key of " + scope + "; rotate before changing it");
          }
          return current.withStatus(keyId, status, clock.instant());
        },
        status == KeyStatus.DESTROYED);
    emit(event(eventType, scope).attribute("keyId", Long.toString(keyId)));
  }

  /**
   * Crypto-shreds a scope: destroys all its key material, so every ciphertext ever made in it
   * fails with {@link KeyDestroyedException}. Shredding a tenant also shreds all its data
   * subjects. The scope keeps a tombstone (key ids and times, no material, and for a subject not
   * even its id) so later encryption is refused rather than silently creating new keys; {@link
   * #rotate} starts a new generation explicitly.
   *
   * <p><b>What shredding does not reach:</b> copies of the key store in backups or snapshots (they
   * remain decryptable with the master key: rotate or destroy the master key, or keep backups
   * short-lived); old disk blocks on copy-on-write or flash storage (they stay encrypted under the
   * KEK); other processes sharing the store, which notice within the cache's {@link
   * DataKeyCachePolicy#maxAge()}; and plaintext that callers already decrypted and kept.
   *
   * @param scope the scope to erase
   * @return how many keysets were shredded (the scope itself plus, for a tenant, its subjects)
   * @throws GeneralSecurityException if the store fails
   */
  public int shred(KeyScope scope) throws GeneralSecurityException {
    checkOpen();
    int count = 0;
    try (Closeable lock = store.lock()) {
      List<String> names = new ArrayList<>();
      if (!scope.isSubject()) {
        String prefix = storageName(scope) + SUBJECT_INFIX;
        for (String n : store.list()) {
          if (n.startsWith(prefix)) {
            names.add(n);
          }
        }
      }
      // The scope's own keyset last: a crash part-way then leaves a tenant that still looks live
      // (so the shred is retried), never one that looks shredded while subjects stay readable.
      names.add(storageName(scope));
      for (String name : names) {
        Keyset current = readKeyset(name, scope);
        String keepLabel = scope.isSubject() || !name.equals(storageName(scope)) ? "" : label(scope);
        Keyset tomb =
            current == null
                ? new Keyset(keepLabel, 0, List.of())
                : current.shredded(keepLabel, clock.instant());
        writeKeyset(name, tomb, true);
        count++;
      }
    } catch (IOException e) {
      throw storeFailure("shred " + scope, e);
    } finally {
      changed(scope);
    }
    emit(event(CryptoEvents.SCOPE_SHREDDED, scope).attribute("keysets", Integer.toString(count)));
    return count;
  }

  /**
   * Lists a scope's keys, oldest first, without their material.
   *
   * @param scope the scope
   * @return the keys' metadata; empty if the scope has none
   * @throws GeneralSecurityException if the store fails
   */
  public List<KeyMetadata> keys(KeyScope scope) throws GeneralSecurityException {
    checkOpen();
    Keyset ks = readKeyset(storageName(scope), scope);
    if (ks == null) {
      return List.of();
    }
    List<KeyMetadata> out = new ArrayList<>();
    for (DataKey k : ks.keys()) {
      out.add(metadata(scope, ks, k));
    }
    return out;
  }

  /**
   * Lists the tenants that have (or had, if shredded) keys in the store.
   *
   * @return tenant scopes, sorted by id
   * @throws GeneralSecurityException if the store cannot be listed
   */
  public List<KeyScope> tenants() throws GeneralSecurityException {
    checkOpen();
    List<KeyScope> out = new ArrayList<>();
    try {
      for (String n : store.list()) {
        if (n.contains(SUBJECT_INFIX)) {
          continue;
        }
        if (n.startsWith(TENANT_PREFIX)) {
          byte[] id = Base32.decode(n.substring(TENANT_PREFIX.length()));
          out.add(KeyScope.tenant(new String(id, StandardCharsets.UTF_8)));
        } else if (n.startsWith(HASHED_TENANT_PREFIX)) {
          // Long tenant ids are stored under a hash; the keyset's label holds the id.
          Keyset ks = readKeyset(n, KeyScope.tenant("(" + n + ")"));
          if (ks != null && !ks.label().isEmpty()) {
            out.add(KeyScope.tenant(ks.label()));
          }
        }
      }
    } catch (IOException e) {
      throw storeFailure("list tenants", e);
    } catch (IllegalArgumentException e) {
      throw new KeyStoreAccessException("key store has a file with an invalid tenant name", e);
    }
    out.sort((a, b) -> a.tenant().compareTo(b.tenant()));
    return out;
  }


  /** One keyset in the store and whose it is, for {@link KeyInventory}. */
  static final class StoredKeyset {
    final String tenant;
    /** The subject id; null for tenant keysets and for shredded subjects (their id is forgotten). */
    final @Nullable String subject;
    final boolean subjectKeyset;
    final Keyset keyset;

    StoredKeyset(String tenant, @Nullable String subject, boolean subjectKeyset, Keyset keyset) {
      this.tenant = tenant;
      this.subject = subject;
      this.subjectKeyset = subjectKeyset;
      this.keyset = keyset;
    }
  }

  /**
   * Reads every data keyset in the store (tenants and subjects), for the key inventory. Bypasses
   * the cache: the inventory must show the store as it is now.
   */
  List<StoredKeyset> storedKeysets() throws GeneralSecurityException {
    checkOpen();
    List<String> names;
    try {
      names = store.list();
    } catch (IOException e) {
      throw storeFailure("list keysets", e);
    }
    java.util.Map<String, String> tenantOfName = new java.util.HashMap<>();
    List<StoredKeyset> out = new ArrayList<>();
    List<String> sorted = new ArrayList<>(names);
    // Tenant keysets first, so subjects of hashed tenant names can be attributed.
    sorted.sort((a, b) -> Boolean.compare(a.contains(SUBJECT_INFIX), b.contains(SUBJECT_INFIX)));
    for (String n : sorted) {
      boolean subject = n.contains(SUBJECT_INFIX);
      String tenantName = subject ? n.substring(0, n.indexOf(SUBJECT_INFIX)) : n;
      if (!tenantName.startsWith(TENANT_PREFIX) && !tenantName.startsWith(HASHED_TENANT_PREFIX)) {
        continue; // not a data keyset (KEK check, naming key, signing keys...)
      }
      Keyset ks = readKeyset(n, KeyScope.tenant("(" + n + ")"));
      if (ks == null) {
        continue; // removed since listing
      }
      String tenant;
      String subjectId = null;
      if (subject) {
        String label = ks.label();
        int nul = label.indexOf('\u0000');
        if (nul >= 0) {
          tenant = label.substring(0, nul);
          subjectId = label.substring(nul + 1);
        } else {
          tenant = tenantOfName.getOrDefault(tenantName, tenantFromName(tenantName));
        }
      } else {
        tenant = ks.label().isEmpty() ? tenantFromName(tenantName) : ks.label();
        tenantOfName.put(tenantName, tenant);
      }
      out.add(new StoredKeyset(tenant, subjectId, subject, ks));
    }
    return out;
  }

  private static String tenantFromName(String name) {
    if (name.startsWith(TENANT_PREFIX)) {
      try {
        return new String(Base32.decode(name.substring(TENANT_PREFIX.length())), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return "(" + name + ")";
      }
    }
    return "(" + name + ")"; // a hashed tenant name whose tenant keyset is missing
  }

  /**
   * Counts the data-subject keysets of a tenant (live and shredded). Subject ids are not listed:
   * their storage names are keyed hashes, so the store does not reveal whom it holds keys for.
   *
   * @param tenant the tenant scope
   * @return the number of subject keysets
   * @throws GeneralSecurityException if the store cannot be listed
   */
  public int subjectKeysetCount(KeyScope tenant) throws GeneralSecurityException {
    String prefix = storageName(KeyScope.tenant(tenant.tenant())) + SUBJECT_INFIX;
    try {
      return (int) store.list().stream().filter(n -> n.startsWith(prefix)).count();
    } catch (IOException e) {
      throw storeFailure("list subjects", e);
    }
  }

  // ---------------------------------------------------------------- re-encryption

  /**
   * Tells whether a ciphertext is already under its scope's current primary key.
   *
   * @param ciphertext the ciphertext
   * @param context its context
   * @return whether re-encryption would change nothing
   * @throws MalformedCiphertextException if it is not a ciphertext
   * @throws GeneralSecurityException if the store fails
   */
  public boolean isUnderPrimaryKey(byte[] ciphertext, EncryptionContext context) throws GeneralSecurityException {
    CiphertextHeader h = CiphertextHeader.parse(ciphertext);
    Cached c = cached(context.keyScope(), false);
    return c.keyset.primaryId() == h.keyId();
  }

  /**
   * Migrates a ciphertext to its scope's current primary key: decrypts (authenticating it with its
   * context) and encrypts again. Returns the input unchanged if it already uses the primary key.
   * Use after {@link #rotate}, before {@link #destroyKey} of an old key.
   *
   * @param ciphertext the stored ciphertext
   * @param context its context
   * @return a ciphertext under the primary key
   * @throws GeneralSecurityException as {@link DataEncryptor#decrypt} and {@link
   *     DataEncryptor#encrypt} do
   */
  public byte[] reencrypt(byte[] ciphertext, EncryptionContext context) throws GeneralSecurityException {
    if (isUnderPrimaryKey(ciphertext, context)) {
      return ciphertext;
    }
    byte[] plaintext = decrypt(ciphertext, context);
    try {
      return encrypt(plaintext, context);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  /** Drops all cached keys; the next operation on each scope reads the store again. */
  public void invalidateCache() {
    cache.clear();
    signingKeyRing.clearCache();
  }

  /**
   * Closes the key ring: drops cached keys and refuses further use. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    cache.clear();
    signingKeyRing.clearCache();
    Arrays.fill(namingKey, (byte) 0);
  }

  @Override
  public String toString() {
    return "KeyRing[" + store + ", kek=" + kek.id() + "]";
  }

  // ---------------------------------------------------------------- encryption (via EnvelopeEncryptor)

  byte[] encrypt(byte[] plaintext, EncryptionContext context) throws GeneralSecurityException {
    KeyScope scope = context.keyScope();
    Cached c = cached(scope, createKeysOnFirstUse);
    DataKey primary = requirePrimary(scope, c.keyset);
    c.messages.increment();
    c.bytes.add(plaintext.length);
    return Objects.requireNonNull(primary.engine()).encrypt(plaintext, context.encoded);
  }

  byte[] decrypt(byte[] ciphertext, EncryptionContext context) throws GeneralSecurityException {
    KeyScope scope = context.keyScope();
    long keyId = -1;
    try {
      CiphertextHeader h = CiphertextHeader.parse(ciphertext);
      keyId = h.keyId();
      AeadEngine engine = usableEngine(scope, findKey(scope, keyId));
      if (engine.algorithm() != h.algorithm()) {
        throw new DecryptionFailedException(
            "ciphertext names algorithm " + h.algorithm() + " but key " + keyId + " is " + engine.algorithm(),
            null);
      }
      return engine.decrypt(ciphertext, context.encoded);
    } catch (WaasSecurityException e) {
      emit(
          event(CryptoEvents.DECRYPT_FAILED, scope, SecurityEvent.Outcome.FAILURE)
              .attribute("reason", e.getClass().getSimpleName())
              .attribute("keyId", Long.toString(keyId)));
      throw e;
    }
  }

  // ------------------------------------------------- key access for the other primitives (package)
  //
  // Streaming, deterministic, blind-index and MAC primitives all use the scope's data keys through
  // DataKey.derived(...), each under its own HKDF label, so they rotate, disable and shred with the
  // scope exactly like DataEncryptor ciphertexts.

  /**
   * Returns the scope's primary key for writing, creating the scope's first key if this key ring
   * allows it, and counts the use against the cache limits.
   */
  DataKey primaryKey(KeyScope scope, long bytes) throws GeneralSecurityException {
    Cached c = cached(scope, createKeysOnFirstUse);
    DataKey primary = requirePrimary(scope, c.keyset);
    c.messages.increment();
    c.bytes.add(bytes);
    return primary;
  }

  /**
   * Returns an enabled key of the scope by id for reading, re-reading the store (rate-limited) if
   * the id is unknown.
   *
   * @throws KeyNotFoundException if the scope has no such key
   * @throws KeyDisabledException if it is disabled
   * @throws KeyDestroyedException if it was destroyed
   */
  DataKey enabledKey(KeyScope scope, long keyId) throws GeneralSecurityException {
    DataKey key = findKey(scope, keyId);
    usableEngine(scope, key);
    return key;
  }

  /**
   * Returns every enabled key of the scope, primary first: a lookup by a deterministic value must
   * try each key that may have written it.
   *
   * @throws KeyNotFoundException if the scope has no keys
   */
  List<DataKey> enabledKeys(KeyScope scope) throws GeneralSecurityException {
    Cached c = cached(scope, false);
    List<DataKey> out = new ArrayList<>();
    DataKey p = c.keyset.primary();
    if (p != null) {
      out.add(p);
    }
    for (DataKey k : c.keyset.keys()) {
      if (k.status() == KeyStatus.ENABLED && k != p) {
        out.add(k);
      }
    }
    return out;
  }

  private DataKey findKey(KeyScope scope, long keyId) throws GeneralSecurityException {
    Cached c = cached(scope, false);
    DataKey key = c.keyset.find(keyId);
    if (key == null) {
      // Another process may have rotated since we cached: look once more in the store. At most
      // one such re-read per scope per FORCED_RELOAD_INTERVAL, so ciphertexts with made-up key
      // ids cannot turn into a stream of store reads and KEK unwraps.
      if (c.forcedAtNanos == 0 || System.nanoTime() - c.forcedAtNanos > FORCED_RELOAD_INTERVAL_NANOS) {
        c = reload(scope, c);
        key = c.keyset.find(keyId);
      }
    }
    if (key == null) {
      throw new KeyNotFoundException(
          scope + " has no key " + keyId + " (wrong tenant or subject, or a foreign key store?)",
          scope.toString(),
          keyId);
    }
    return key;
  }

  /** The store, for primitives that keep keysets of their own (signing keys). */
  KeysetStore store() {
    checkOpen();
    return store;
  }

  /** The KEK that wraps every keyset in the store. */
  KeyEncryptionKey kek() {
    return kek;
  }

  /** The key ring's clock. */
  Clock clock() {
    return clock;
  }

  /** Delivers a security event to this key ring's listener. */
  void emitEvent(SecurityEvent event) {
    SecurityEvents.deliver(events, event);
  }

  private static AeadEngine usableEngine(KeyScope scope, DataKey key) throws KeyUnavailableException {
    switch (key.status()) {
      case DISABLED:
        throw new KeyDisabledException("key " + key.id() + " of " + scope + " is disabled", scope.toString(), key.id());
      case DESTROYED:
        throw new KeyDestroyedException(
            "key " + key.id() + " of " + scope + " was destroyed; data under it is permanently unreadable",
            scope.toString(),
            key.id());
      case ENABLED:
        break;
    }
    return Objects.requireNonNull(key.engine());
  }

  private static DataKey requirePrimary(KeyScope scope, Keyset ks) throws KeyUnavailableException {
    DataKey p = ks.primary();
    if (p != null) {
      return p;
    }
    boolean shredded = ks.keys().stream().allMatch(k -> k.status() == KeyStatus.DESTROYED);
    if (shredded) {
      throw new KeyDestroyedException(
          scope + " was crypto-shredded; rotate it to start a new key generation", scope.toString(), -1);
    }
    throw new KeyDisabledException(scope + " has no enabled primary key; rotate it", scope.toString(), -1);
  }

  // ---------------------------------------------------------------- cache

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("key ring is closed");
    }
  }

  private Cached cached(KeyScope scope, boolean create) throws GeneralSecurityException {
    checkOpen();
    long now = clock.millis();
    Cached c = cache.get(scope);
    if (c != null && fresh(c, now)) {
      return c;
    }
    synchronized (loadLocks[scope.hashCode() & (loadLocks.length - 1)]) {
      c = cache.get(scope);
      if (c != null && fresh(c, now)) {
        return c;
      }
      long epoch = epochs.get(stripe(scope));
      Keyset ks = readKeyset(storageName(scope), scope);
      if (ks == null) {
        if (!create) {
          throw new KeyNotFoundException(scope + " has no keys in this key store", scope.toString(), -1);
        }
        ks = createFirstKey(scope);
        epoch = epochs.get(stripe(scope));
      }
      Cached fresh = new Cached(ks, now, stripe(scope), epoch, 0);
      cache.put(scope, fresh);
      evictIfFull();
      return fresh;
    }
  }

  /** Re-reads a scope's keyset now, replacing {@code stale} in the cache. */
  private Cached reload(KeyScope scope, Cached stale) throws GeneralSecurityException {
    synchronized (loadLocks[scope.hashCode() & (loadLocks.length - 1)]) {
      Cached current = cache.get(scope);
      if (current != null && current != stale) {
        return current; // another thread already re-read it
      }
      long epoch = epochs.get(stripe(scope));
      Keyset ks = readKeyset(storageName(scope), scope);
      if (ks == null) {
        cache.remove(scope);
        throw new KeyNotFoundException(scope + " has no keys in this key store", scope.toString(), -1);
      }
      Cached fresh = new Cached(ks, clock.millis(), stripe(scope), epoch, Math.max(1, System.nanoTime()));
      cache.put(scope, fresh);
      return fresh;
    }
  }

  /** Subjects share their tenant's stripe, so shredding a tenant invalidates its subjects too. */
  private int stripe(KeyScope scope) {
    return scope.tenant().hashCode() & (epochs.length() - 1);
  }

  private boolean fresh(Cached c, long now) {
    return c.epoch == epochs.get(c.stripe)
        && now - c.loadedAtMillis < maxAgeMillis
        && c.messages.sum() < cachePolicy.maxMessages()
        && c.bytes.sum() < cachePolicy.maxBytes();
  }

  private void evictIfFull() {
    while (cache.size() > cachePolicy.maxScopes()) {
      KeyScope oldest = null;
      long oldestAt = Long.MAX_VALUE;
      for (Map.Entry<KeyScope, Cached> e : cache.entrySet()) {
        if (e.getValue().loadedAtMillis < oldestAt) {
          oldestAt = e.getValue().loadedAtMillis;
          oldest = e.getKey();
        }
      }
      if (oldest == null) {
        return;
      }
      cache.remove(oldest);
    }
  }

  /** Called after a change was written: every cached keyset becomes stale, and the scope's is dropped. */
  private void changed(KeyScope scope) {
    epochs.incrementAndGet(stripe(scope));
    cache.remove(scope);
    if (!scope.isSubject()) {
      cache.keySet().removeIf(s -> s.tenant().equals(scope.tenant()));
    }
  }

  private Keyset createFirstKey(KeyScope scope) throws GeneralSecurityException {
    boolean[] created = {false};
    Keyset ks =
        update(
            scope,
            current -> {
              if (current != null) {
                return current; // another thread or process created it first
              }
              if (scope.isSubject()) {
                Keyset tenant = readKeyset(storageName(KeyScope.tenant(scope.tenant())), scope);
                if (tenant != null && tenant.primary() == null
                    && tenant.keys().stream().allMatch(k -> k.status() == KeyStatus.DESTROYED)) {
                  throw new KeyDestroyedException(
                      "tenant '" + scope.tenant() + "' was crypto-shredded", scope.toString(), -1);
                }
              }
              created[0] = true;
              return new Keyset(label(scope), 0, List.of()).withNewPrimary(defaultAlgorithm, clock.instant());
            },
            false);
    if (created[0]) {
      DataKey p = Objects.requireNonNull(ks.primary());
      emit(event(CryptoEvents.KEY_CREATED, scope)
          .attribute("keyId", Long.toString(p.id()))
          .attribute("algorithm", p.algorithm().name()));
    }
    return ks;
  }

  // ---------------------------------------------------------------- store access

  @FunctionalInterface
  private interface Change {
    Keyset apply(@Nullable Keyset current) throws GeneralSecurityException;
  }

  /** Read-modify-write of one scope's keyset under the store lock; returns the new keyset. */
  private Keyset update(KeyScope scope, Change change, boolean scrub) throws GeneralSecurityException {
    checkOpen();
    String name = storageName(scope);
    try (Closeable lock = store.lock()) {
      Keyset current = readKeyset(name, scope);
      Keyset next = change.apply(current);
      if (next != current) {
        writeKeyset(name, next, scrub);
        changed(scope);
      }
      return next;
    } catch (IOException e) {
      throw storeFailure("update " + scope, e);
    }
  }

  private @Nullable Keyset readKeyset(String name, KeyScope scope) throws GeneralSecurityException {
    Optional<byte[]> file;
    try {
      file = store.read(name);
    } catch (IOException e) {
      throw storeFailure("read keys of " + scope, e);
    }
    if (file.isEmpty()) {
      return null;
    }
    byte[] payload;
    try {
      KeysetCodec.WrappedKeyset w = KeysetCodec.decodeFile(file.get(), name);
      if (!w.kekId.equals(kek.id())) {
        throw new KeyStoreAccessException(
            "keys of " + scope + " are wrapped by key-encryption key " + w.kekId + ", not " + kek.id(), null);
      }
      try {
        payload = kek.unwrap(w.wrapped, KeysetCodec.wrapAssociatedData(name));
      } catch (GeneralSecurityException e) {
        throw new KeyStoreAccessException(
            "key store file '" + name + "' (" + scope + ") failed authentication: it was modified or moved",
            e);
      }
    } catch (MalformedDataException e) {
      throw new KeyStoreAccessException(e.getMessage() + " (" + scope + ")", e);
    }
    try {
      return KeysetCodec.decodePayload(payload);
    } catch (GeneralSecurityException e) {
      throw new KeyStoreAccessException("keys of " + scope + " are malformed: " + e.getMessage(), e);
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
  }

  private void writeKeyset(String name, Keyset ks, boolean scrub) throws GeneralSecurityException, IOException {
    byte[] payload = KeysetCodec.encodePayload(ks);
    try {
      byte[] file = KeysetCodec.encodeFile(kek.id(), kek.wrap(payload, KeysetCodec.wrapAssociatedData(name)));
      if (scrub) {
        store.replaceAndScrub(name, file);
      } else {
        store.write(name, file);
      }
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
  }

  private static KeyStoreAccessException storeFailure(String what, IOException e) {
    return new KeyStoreAccessException("key store failed to " + what + ": " + e, e);
  }

  private static String label(KeyScope scope) {
    return scope.isSubject() ? scope.tenant() + "\u0000" + scope.subject() : scope.tenant();
  }

  /**
   * Storage names. Tenants: {@code t-} + reversible base32 of the id while that keeps every name of
   * the tenant (subjects included) within the store's 200 characters, i.e. up to 96 UTF-8 bytes;
   * longer ids get {@code th-} + a keyed hash, and {@link #tenants()} reads them from the keyset
   * label. Subjects: the tenant's name + {@code .s-} + a keyed hash, so file names reveal no one.
   */
  String storageName(KeyScope scope) {
    byte[] tenantBytes = ContextCodec.strictUtf8(scope.tenant());
    String tenant =
        tenantBytes.length <= MAX_READABLE_TENANT_BYTES
            ? TENANT_PREFIX + Base32.encode(tenantBytes).toLowerCase(Locale.ROOT)
            : HASHED_TENANT_PREFIX + namingHash((byte) 1, tenantBytes, null);
    String subject = scope.subject();
    if (subject == null) {
      return tenant;
    }
    return tenant + SUBJECT_INFIX + namingHash((byte) 0, tenantBytes, ContextCodec.strictUtf8(subject));
  }

  private String namingHash(byte domain, byte[] tenant, byte @Nullable [] subject) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(namingKey, "HmacSHA256"));
      if (subject == null) {
        mac.update(domain);
        return HexFormat.of().formatHex(mac.doFinal(tenant), 0, 20);
      }
      // Subjects keep the original layout (tenant, 0, subject): stores already use these names.
      mac.update(tenant);
      mac.update(domain);
      return HexFormat.of().formatHex(mac.doFinal(subject), 0, 20);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }


  private static KeyMetadata metadata(KeyScope scope, Keyset ks, DataKey k) {
    return new KeyMetadata(
        scope, k.id(), k.algorithm(), k.status(), k.id() == ks.primaryId(), k.createdAt(), k.statusChangedAt());
  }

  SecurityEvent.Builder event(String type, KeyScope scope) {
    return event(type, scope, SecurityEvent.Outcome.SUCCESS);
  }

  SecurityEvent.Builder event(String type, KeyScope scope, SecurityEvent.Outcome outcome) {
    return SecurityEvent.builder(type, outcome)
        .timestamp(clock.instant())
        .tenant(scope.tenant())
        .subject(scope.subject());
  }

  private void emit(SecurityEvent.Builder b) {
    SecurityEvents.deliver(events, b.build());
  }

  // ---------------------------------------------------------------- opening

  private static KeyRing open(Builder b) throws GeneralSecurityException {
    KeysetStore store = b.store;
    if (store == null) {
      throw new IllegalStateException("no key store: call directory(...) or keysetStore(...)");
    }
    KeyEncryptionKey kek = b.kek;
    try (Closeable lock = store.lock()) {
      Optional<byte[]> check = store.read(KEK_CHECK_BLOB);
      if (kek == null) {
        MasterKeySource src = b.masterKey;
        if (src == null) {
          throw new IllegalStateException("no master key: call masterKey(...) or keyEncryptionKey(...)");
        }
        kek = src.load(store, check.isEmpty());
      }
      byte[] namingKey;
      if (check.isPresent()) {
        try {
          kek.unwrap(check.get(), KEK_CHECK_AAD);
        } catch (GeneralSecurityException e) {
          throw new MasterKeyMismatchException(
              "the master key does not match the one this key store was created with (" + store + ")");
        }
        byte[] wrappedNaming = store.read(NAMING_KEY_BLOB).orElseThrow(
            () -> new KeyStoreAccessException("key store is missing its " + NAMING_KEY_BLOB + " file", null));
        try {
          namingKey = kek.unwrap(wrappedNaming, NAMING_KEY_AAD);
        } catch (GeneralSecurityException e) {
          throw new KeyStoreAccessException("key store's " + NAMING_KEY_BLOB + " file failed authentication", e);
        }
      } else {
        namingKey = new byte[32];
        new SecureRandom().nextBytes(namingKey);
        // Naming key first, check value last: the check value marks a fully initialized store.
        store.write(NAMING_KEY_BLOB, kek.wrap(namingKey, NAMING_KEY_AAD));
        store.write(KEK_CHECK_BLOB, kek.wrap(new byte[0], KEK_CHECK_AAD));
      }
      KeyRing ring = new KeyRing(b, store, kek, namingKey);
      ring.emit(SecurityEvent.builder(CryptoEvents.KEY_STORE_OPENED, SecurityEvent.Outcome.SUCCESS)
          .timestamp(b.clock.instant())
          .attribute("store", store.toString())
          .attribute("kek", kek.id()));
      return ring;
    } catch (IOException e) {
      throw storeFailure("open", e);
    }
  }

  /** Configures and opens a {@link KeyRing}. Not thread-safe. */
  public static final class Builder {
    private @Nullable KeysetStore store;
    private @Nullable MasterKeySource masterKey;
    private @Nullable KeyEncryptionKey kek;
    private SecurityEventListener events = SecurityEventListener.logging();
    private Clock clock = Clock.systemUTC();
    private DataKeyCachePolicy cachePolicy = DataKeyCachePolicy.defaults();
    private AeadAlgorithm algorithm = AeadAlgorithm.AES_256_GCM;
    private boolean createKeysOnFirstUse = true;

    private Builder() {}

    /**
     * Stores keysets in a local directory ({@link DirectoryKeysetStore}).
     *
     * @param directory the directory, created owner-only if missing
     * @return this builder
     * @throws KeyStoreAccessException if the directory cannot be created
     */
    public Builder directory(Path directory) throws KeyStoreAccessException {
      try {
        this.store = DirectoryKeysetStore.open(directory);
      } catch (IOException e) {
        throw new KeyStoreAccessException("cannot open key store directory " + directory + ": " + e, e);
      }
      return this;
    }

    /**
     * Stores keysets in a custom store.
     *
     * @param store the store
     * @return this builder
     */
    public Builder keysetStore(KeysetStore store) {
      this.store = Objects.requireNonNull(store);
      return this;
    }

    /**
     * Uses a locally held master key as KEK.
     *
     * @param source where the master key comes from
     * @return this builder
     */
    public Builder masterKey(MasterKeySource source) {
      this.masterKey = Objects.requireNonNull(source);
      this.kek = null;
      return this;
    }

    /**
     * Uses a custom KEK (a KMS or HSM key).
     *
     * @param kek the key-encryption key
     * @return this builder
     */
    public Builder keyEncryptionKey(KeyEncryptionKey kek) {
      this.kek = Objects.requireNonNull(kek);
      this.masterKey = null;
      return this;
    }

    /**
     * Sets where security events go (default: {@link SecurityEventListener#logging()}).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder eventListener(SecurityEventListener listener) {
      this.events = Objects.requireNonNull(listener);
      return this;
    }

    /**
     * Sets the clock for key times and cache expiry (default: system UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * Sets the cache limits (default: {@link DataKeyCachePolicy#defaults()}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder cachePolicy(DataKeyCachePolicy policy) {
      this.cachePolicy = Objects.requireNonNull(policy);
      return this;
    }

    /**
     * Sets the algorithm of newly created keys (default: AES-256-GCM).
     *
     * @param algorithm the algorithm
     * @return this builder
     */
    public Builder algorithm(AeadAlgorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm);
      return this;
    }

    /**
     * Sets whether encrypting for a scope without keys creates its first key (default: true). With
     * false, scopes need {@link KeyRing#createKeys} first.
     *
     * @param create whether to create keys on first use
     * @return this builder
     */
    public Builder createKeysOnFirstUse(boolean create) {
      this.createKeysOnFirstUse = create;
      return this;
    }

    /**
     * Opens the key ring, initializing the store if it is new.
     *
     * @return the key ring
     * @throws MasterKeyMismatchException if the store was created with another master key
     * @throws KeyStoreAccessException if the store cannot be read or initialized
     * @throws GeneralSecurityException for other failures
     */
    public KeyRing build() throws GeneralSecurityException {
      return open(this);
    }
  }
}
