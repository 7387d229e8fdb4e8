package io.waas.crypto.pkcs11;

import io.waas.core.KeyNotFoundException;
import io.waas.core.MalformedDataException;
import io.waas.crypto.DecryptionFailedException;
import io.waas.crypto.KeyEncryptionKey;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyStoreAccessException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key-encryption key that never leaves a hardware security module: an AES-256 key inside a
 * PKCS#11 token, used through the JDK's SunPKCS11 provider to wrap and unwrap the key ring's
 * keysets with AES-256-GCM inside the token.
 *
 * <pre>{@code
 * // once, when provisioning:
 * Pkcs11KeyEncryptionKey.create(config).close();
 * // at every start:
 * try (Pkcs11KeyEncryptionKey kek = Pkcs11KeyEncryptionKey.open(config);
 *      KeyRing keys = KeyRing.builder().directory(dir).keyEncryptionKey(kek).build()) {
 *   ...
 * }
 * }</pre>
 *
 * <h2>Versions and rotation</h2>
 *
 * <p>The key has versions, stored in the token as {@code <label>.v1}, {@code <label>.v2}, ...
 * {@link #id()} is the same for all of them ({@code pkcs11:<label>}), so rotating the KEK does not
 * change which KEK a key store belongs to. {@link #wrap} uses the newest version and records its
 * number in the wrapped value; {@link #unwrap} uses the version the value names. {@link #rotate}
 * adds a version; {@link KeyRing#rewrapKeysets()} then moves a key store to it, after which {@link
 * #destroyVersion} can delete the old one. Every {@link #wrap} first re-reads the token's key list
 * (wraps are rare: one per keyset change), so a version added by another process is used at once;
 * {@link #unwrap} re-reads it when a value names a version newer than any it knows.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Keys this class creates are generated inside the token as sensitive, non-extractable AES
 *       keys usable only to encrypt and decrypt; {@link #open} refuses keys the token reports as
 *       extractable. No key material of the KEK is ever in this process.
 *   <li>Wrapped values are authenticated (AES-256-GCM, 128-bit tag) together with the caller's
 *       associated data and the version they name; a changed byte, other associated data or
 *       another key fails with {@link DecryptionFailedException}.
 *   <li>IVs are 12 random bytes from {@link SecureRandom}; with one version wrapping at most a few
 *       million values the chance of a repeated IV stays negligible (rotate long before 2^32).
 *   <li>The PIN is read only while opening; the SDK wipes its copy right after the login
 *       (SunPKCS11 keeps its own until it is garbage-collected). It is never part of a message,
 *       {@code toString()} or log line.
 * </ul>
 *
 * <h2>Limits</h2>
 *
 * <ul>
 *   <li>PKCS#11 login state belongs to the process: once any provider in this JVM has logged in to
 *       a token, the JDK does not check the PIN of later providers on that token, and {@link
 *       #close()} does not log out (that would log out every other user of the token in the
 *       process).
 *   <li>The JDK cannot unload a PKCS#11 library: the provider's sessions are released when it is
 *       garbage-collected, the library stays loaded until the JVM exits.
 *   <li>Tokens that insist on generating GCM IVs themselves (some HSMs in FIPS mode) are not
 *       supported: SunPKCS11 passes the IV in.
 *   <li>Run {@link #rotate} and {@link #destroyVersion} from one process at a time: two processes
 *       rotating at once may both try to create the same version (one of them then fails).
 * </ul>
 *
 * <p>Thread-safe: any number of threads may wrap and unwrap at once, each with its own {@link
 * Cipher} on a session from the provider's pool; rotation and version changes are serialized.
 */
public final class Pkcs11KeyEncryptionKey implements KeyEncryptionKey, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pkcs11KeyEncryptionKey.class);
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int TAG_BITS = WrappedKeyFormat.TAG_LENGTH * 8;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pkcs11Token token;
  private final String label;
  private final String id;
  private final Object changeLock = new Object();
  /** The versions last read from the token; replaced, never modified. */
  private volatile SortedMap<Integer, SecretKey> versions;
  private volatile boolean closed;

  private Pkcs11KeyEncryptionKey(Pkcs11Token token, String label, SortedMap<Integer, SecretKey> versions) {
    this.token = token;
    this.label = label;
    this.id = "pkcs11:" + label;
    this.versions = Collections.unmodifiableSortedMap(versions);
  }

  /**
   * Opens an existing key in the token: logs in and finds the key's versions.
   *
   * @param config where the key is
   * @return the key-encryption key
   * @throws KeyNotFoundException if the token holds no version of the key label
   * @throws TokenLoginException if the token refuses the PIN
   * @throws KeyStoreAccessException if the library is missing or cannot be loaded, the slot holds
   *     no initialized token, or a version of the key is not a sensitive, non-extractable AES key
   * @throws IllegalStateException if the configuration's PIN was already closed
   */
  public static Pkcs11KeyEncryptionKey open(Pkcs11KekConfig config) throws GeneralSecurityException {
    Pkcs11Token token = Pkcs11Token.login(config);
    SortedMap<Integer, SecretKey> found = token.versions(config.keyLabel(), Map.of());
    if (found.isEmpty()) {
      throw new KeyNotFoundException(
          "the token at " + token.description() + " holds no key labelled '" + config.keyLabel() + ".v<n>'",
          "pkcs11:" + config.keyLabel(),
          -1);
    }
    Pkcs11KeyEncryptionKey kek = new Pkcs11KeyEncryptionKey(token, config.keyLabel(), found);
    LOG.debug("opened {} with versions {}", kek, found.keySet());
    return kek;
  }

  /**
   * Creates a new key in the token (version 1) and opens it. Use once, when provisioning.
   *
   * @param config where to create the key
   * @return the key-encryption key
   * @throws IllegalStateException if the token already holds a version of this key label, or the
   *     configuration's PIN was already closed
   * @throws TokenLoginException if the token refuses the PIN
   * @throws KeyStoreAccessException if the library is missing or cannot be loaded, the slot holds
   *     no initialized token, or the token cannot create the key
   */
  public static Pkcs11KeyEncryptionKey create(Pkcs11KekConfig config) throws GeneralSecurityException {
    Pkcs11Token token = Pkcs11Token.login(config);
    if (!token.versions(config.keyLabel(), Map.of()).isEmpty()) {
      throw new IllegalStateException(
          "the token at " + token.description() + " already holds key '" + config.keyLabel()
              + "'; open it instead");
    }
    token.generate(alias(config.keyLabel(), 1));
    Pkcs11KeyEncryptionKey kek =
        new Pkcs11KeyEncryptionKey(token, config.keyLabel(), token.versions(config.keyLabel(), Map.of()));
    if (kek.versions.isEmpty()) {
      throw new KeyStoreAccessException("the token at " + token.description() + " did not keep the new key", null);
    }
    LOG.info("created key-encryption key {} version 1", kek.id);
    return kek;
  }

  private static String alias(String label, int version) {
    return label + ".v" + version;
  }

  /**
   * Returns {@code pkcs11:<label>}, the same for every version.
   *
   * @return the id
   */
  @Override
  public String id() {
    return id;
  }

  /**
   * Wraps under the newest version, after re-reading the token's versions.
   *
   * @param plaintext the key material to wrap
   * @param associatedData data to bind to the wrapped value
   * @return the wrapped value: header with the version, IV, ciphertext and tag
   * @throws KeyStoreAccessException if the token fails or holds no version of the key any more
   * @throws IllegalStateException if this key was closed
   */
  @Override
  public byte[] wrap(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
    checkOpen();
    SortedMap<Integer, SecretKey> current = refresh();
    if (current.isEmpty()) {
      throw new KeyStoreAccessException("no version of " + id + " is left in the token at " + token.description(), null);
    }
    int version = current.lastKey();
    byte[] header = WrappedKeyFormat.header(version);
    byte[] iv = new byte[WrappedKeyFormat.IV_LENGTH];
    RANDOM.nextBytes(iv);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION, token.provider());
      try {
        cipher.init(Cipher.ENCRYPT_MODE, current.get(version), new GCMParameterSpec(TAG_BITS, iv));
      } catch (InvalidKeyException e) {
        // A stale handle: the label was deleted and created again outside this class. Look it up.
        SecretKey again = fullRefresh().get(version);
        if (again == null) {
          throw e;
        }
        cipher.init(Cipher.ENCRYPT_MODE, again, new GCMParameterSpec(TAG_BITS, iv));
      }
      cipher.updateAAD(header);
      cipher.updateAAD(associatedData);
      sealed = cipher.doFinal(plaintext);
    } catch (GeneralSecurityException | ProviderException e) {
      throw new KeyStoreAccessException(
          "the token at " + token.description() + " failed to wrap with " + id + " version " + version + ": "
              + Pkcs11Token.reason(e),
          e);
    }
    byte[] out = new byte[header.length + iv.length + sealed.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(iv, 0, out, header.length, iv.length);
    System.arraycopy(sealed, 0, out, header.length + iv.length, sealed.length);
    return out;
  }

  /**
   * Unwraps with the version the value names.
   *
   * @param wrapped the output of {@link #wrap}
   * @param associatedData the same associated data given to {@link #wrap}
   * @return the key material; the caller wipes it
   * @throws MalformedDataException if the value is not in this key's format
   * @throws KeyNotFoundException if the version it names is not (or no longer) in the token
   * @throws DecryptionFailedException if it was modified, wrapped by another key or bound to other
   *     associated data
   * @throws KeyStoreAccessException if the token fails
   * @throws IllegalStateException if this key was closed
   */
  @Override
  public byte[] unwrap(byte[] wrapped, byte[] associatedData) throws GeneralSecurityException {
    checkOpen();
    int version = WrappedKeyFormat.kekVersion(wrapped);
    SecretKey key = versions.get(version);
    if (key == null && (versions.isEmpty() || version > versions.lastKey())) {
      key = refresh().get(version); // another process may have rotated
    }
    if (key == null) {
      throw versionNotFound(version);
    }
    int hl = WrappedKeyFormat.HEADER_LENGTH;
    int il = WrappedKeyFormat.IV_LENGTH;
    Cipher cipher;
    try {
      cipher = Cipher.getInstance(TRANSFORMATION, token.provider());
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, hl, il));
    } catch (InvalidKeyException e) {
      // The object may have been deleted from the token by another process.
      if (fullRefresh().get(version) == null) {
        throw versionNotFound(version);
      }
      throw new KeyStoreAccessException(
          "the token at " + token.description() + " refused " + id + " version " + version + ": "
              + Pkcs11Token.reason(e),
          e);
    } catch (GeneralSecurityException | ProviderException e) {
      throw new KeyStoreAccessException(
          "the token at " + token.description() + " failed to unwrap: " + Pkcs11Token.reason(e), e);
    }
    try {
      cipher.updateAAD(wrapped, 0, hl);
      cipher.updateAAD(associatedData);
      return cipher.doFinal(wrapped, hl + il, wrapped.length - hl - il);
    } catch (AEADBadTagException e) {
      throw new DecryptionFailedException(
          "wrapped value failed authentication under " + id + " version " + version
              + ": it was modified, or bound to other associated data",
          e);
    } catch (GeneralSecurityException | ProviderException e) {
      throw new KeyStoreAccessException(
          "the token at " + token.description() + " failed to unwrap: " + Pkcs11Token.reason(e), e);
    }
  }

  private KeyNotFoundException versionNotFound(int version) {
    return new KeyNotFoundException(
        "version " + version + " of key-encryption key " + id + " is not in the token at " + token.description()
            + " (destroyed, or another token?)",
        id,
        version);
  }

  /**
   * Adds a new version inside the token; from now on {@link #wrap} uses it, in this and (at their
   * next wrap) every other process using the key. Values wrapped under older versions still
   * unwrap. To retire an old version: rotate, run {@link KeyRing#rewrapKeysets()} on every key
   * store the key protects, then {@link #destroyVersion}.
   *
   * @return the new version's number
   * @throws KeyStoreAccessException if the token cannot create the key
   * @throws IllegalStateException if this key was closed
   */
  public int rotate() throws GeneralSecurityException {
    checkOpen();
    synchronized (changeLock) {
      SortedMap<Integer, SecretKey> current = refresh();
      if (!current.isEmpty() && current.lastKey() == WrappedKeyFormat.MAX_KEK_VERSION) {
        throw new KeyStoreAccessException(id + " has reached its last version number", null);
      }
      int next = current.isEmpty() ? 1 : current.lastKey() + 1;
      token.generate(alias(label, next));
      if (!refresh().containsKey(next)) {
        throw new KeyStoreAccessException("the token at " + token.description() + " did not keep " + alias(label, next), null);
      }
      LOG.info("rotated key-encryption key {} to version {}", id, next);
      return next;
    }
  }

  /**
   * Deletes an old version from the token: values wrapped under it can never be unwrapped again.
   * Run {@link KeyRing#rewrapKeysets()} on every key store the key protects first.
   *
   * @param version the version to delete; not the newest
   * @throws KeyNotFoundException if the token holds no such version
   * @throws IllegalStateException if it is the newest version (rotate first), or this key was
   *     closed
   * @throws KeyStoreAccessException if the token refuses
   */
  public void destroyVersion(int version) throws GeneralSecurityException {
    checkOpen();
    synchronized (changeLock) {
      SortedMap<Integer, SecretKey> current = refresh();
      if (!current.containsKey(version)) {
        throw versionNotFound(version);
      }
      if (version == current.lastKey()) {
        throw new IllegalStateException(
            "version " + version + " is the newest version of " + id + "; rotate before destroying it");
      }
      token.delete(alias(label, version), id, version);
      refresh();
      LOG.info("destroyed version {} of key-encryption key {}", version, id);
    }
  }

  /**
   * Returns the version {@link #wrap} uses, as last read from the token.
   *
   * @return the newest version
   * @throws IllegalStateException if this key was closed
   */
  public int currentVersion() {
    checkOpen();
    SortedMap<Integer, SecretKey> v = versions;
    if (v.isEmpty()) {
      throw new IllegalStateException("no version of " + id + " is left in the token");
    }
    return v.lastKey();
  }

  /**
   * Re-reads the token and returns the versions it holds.
   *
   * @return the version numbers, oldest first
   * @throws KeyStoreAccessException if the token cannot be read
   * @throws IllegalStateException if this key was closed
   */
  public List<Integer> versions() throws KeyStoreAccessException {
    checkOpen();
    return List.copyOf(refresh().keySet());
  }

  /**
   * Tells which version of the key wrapped a value, without unwrapping it.
   *
   * @param wrapped the output of {@link #wrap}
   * @return the version it names
   * @throws MalformedDataException if the value is not in this key's format
   */
  public static int wrappedVersion(byte[] wrapped) throws MalformedDataException {
    return WrappedKeyFormat.kekVersion(wrapped);
  }

  /** Re-reads the token's versions, reusing the keys already known under their labels. */
  private SortedMap<Integer, SecretKey> refresh() throws KeyStoreAccessException {
    synchronized (changeLock) {
      SortedMap<Integer, SecretKey> fresh = Collections.unmodifiableSortedMap(token.versions(label, versions));
      versions = fresh;
      return fresh;
    }
  }

  /** Re-reads the token's versions and looks every key up again (after a stale key handle). */
  private SortedMap<Integer, SecretKey> fullRefresh() throws KeyStoreAccessException {
    synchronized (changeLock) {
      SortedMap<Integer, SecretKey> fresh = Collections.unmodifiableSortedMap(token.versions(label, Map.of()));
      versions = fresh;
      return fresh;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(id + " is closed");
    }
  }

  /**
   * Stops using the key: later calls throw {@link IllegalStateException}. Does not log out (see
   * the class description). Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    versions = Collections.emptySortedMap();
  }

  /**
   * Returns a description without the PIN.
   *
   * @return for example {@code Pkcs11KeyEncryptionKey[pkcs11:waas-kek, PKCS#11 library
   *     /usr/lib/softhsm/libsofthsm2.so, slot 42]}
   */
  @Override
  public String toString() {
    return "Pkcs11KeyEncryptionKey[" + id + ", " + token.description() + "]";
  }
}
