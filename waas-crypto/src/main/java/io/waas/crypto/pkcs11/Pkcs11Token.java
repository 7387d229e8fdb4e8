package io.waas.crypto.pkcs11;

import io.waas.core.KeyNotFoundException;
import io.waas.crypto.KeyStoreAccessException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.security.auth.login.FailedLoginException;
import org.jspecify.annotations.Nullable;

/**
 * One logged-in SunPKCS11 provider instance on a token, and the token's PKCS#11 key store.
 *
 * <p>Design: the provider is configured from a private temporary file (deleted at once) and is
 * never added to {@link Security}, so it affects nothing else in the process; every JCA object is
 * requested from this instance explicitly. The key store is not thread-safe, so every use of it
 * is synchronized here; ciphers are made per operation by the caller and never shared.
 *
 * <p>PKCS#11 keeps the login per process and token, not per provider: once any provider in the
 * process logged in, SunPKCS11 skips the login for further providers on that token (and so does
 * not check their PIN), and a logout would log out all of them. This class therefore never logs
 * out.
 */
final class Pkcs11Token {
  private static final AtomicInteger PROVIDER_COUNT = new AtomicInteger();
  private static final Pattern CKR = Pattern.compile("CKR_[A-Z0-9_]+");

  private final Provider provider;
  private final KeyStore keyStore;
  private final String description;

  private Pkcs11Token(Provider provider, KeyStore keyStore, String description) {
    this.provider = provider;
    this.keyStore = keyStore;
    this.description = description;
  }

  /**
   * Configures a provider for the configured slot and logs in with the PIN.
   *
   * @throws KeyStoreAccessException if the library is missing or cannot be loaded, the slot does
   *     not exist or holds no initialized token, or the JDK has no SunPKCS11 provider
   * @throws TokenLoginException if the token refuses the PIN
   */
  static Pkcs11Token login(Pkcs11KekConfig config) throws KeyStoreAccessException {
    Path library = config.library();
    String where = "PKCS#11 library " + library + ", " + config.slotDescription();
    if (!Files.isRegularFile(library)) {
      throw new KeyStoreAccessException(
          "PKCS#11 library " + library + " does not exist or is not a file (is the HSM client installed?)", null);
    }
    Provider prototype = Security.getProvider("SunPKCS11");
    if (prototype == null) {
      throw new KeyStoreAccessException(
          "this Java runtime has no SunPKCS11 provider: add the module jdk.crypto.cryptoki to it", null);
    }
    char[] pin = config.pin().copyChars(); // first: a closed PIN fails before the library is loaded
    try {
      Provider provider = configure(prototype, config, where);
      KeyStore ks;
      try {
        ks = KeyStore.getInstance("PKCS11", provider);
      } catch (GeneralSecurityException e) {
        throw new KeyStoreAccessException("the PKCS#11 key store is not available for " + where, e);
      }
      try {
        ks.load(null, pin);
      } catch (IOException | GeneralSecurityException | RuntimeException e) {
        throw loginFailure(e, where);
      }
      return new Pkcs11Token(provider, ks, where);
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  private static Provider configure(Provider prototype, Pkcs11KekConfig config, String where)
      throws KeyStoreAccessException {
    String name = "waas-kek-" + PROVIDER_COUNT.incrementAndGet();
    Path file = null;
    try {
      try {
        file = Files.createTempFile(
            "waas-pkcs11-", ".cfg", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        file = Files.createTempFile("waas-pkcs11-", ".cfg"); // not a POSIX file system
      }
      Files.write(file, config.sunPkcs11Config(name).getBytes(StandardCharsets.ISO_8859_1));
      return prototype.configure(file.toString());
    } catch (IOException e) {
      throw new KeyStoreAccessException("cannot write the SunPKCS11 configuration for " + where + ": " + e, e);
    } catch (RuntimeException e) {
      // ProviderException or InvalidParameterException, caused by a PKCS#11 error code or an I/O
      // failure loading the library.
      throw new KeyStoreAccessException("cannot open " + where + ": " + reason(e), e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // The file holds no secret; a leftover temporary file is harmless.
        }
      }
    }
  }

  private static KeyStoreAccessException loginFailure(Exception e, String where) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FailedLoginException || t instanceof UnrecoverableKeyException) {
        return new TokenLoginException("the token at " + where + " refused the PIN (wrong PIN)", e);
      }
    }
    String code = pkcs11Code(e);
    if (code != null && code.startsWith("CKR_PIN_")) {
      return new TokenLoginException("the token at " + where + " refused the login: " + code, e);
    }
    return new KeyStoreAccessException("cannot log in to the token at " + where + ": " + reason(e), e);
  }

  /** The first PKCS#11 error code (CKR_...) in a failure's cause chain, or null. */
  static @Nullable String pkcs11Code(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      Matcher m = CKR.matcher(String.valueOf(t.getMessage()));
      if (m.find()) {
        return m.group();
      }
    }
    return null;
  }

  /**
   * Describes a provider failure: the PKCS#11 error code if there is one, else the innermost
   * cause's message. Provider messages carry error codes and paths, never PINs or key material.
   */
  static String reason(Throwable e) {
    String code = pkcs11Code(e);
    if (code != null) {
      return code;
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  Provider provider() {
    return provider;
  }

  /**
   * Re-reads the token's objects and returns the versions of a key label: {@code <label>.v<n>} to
   * its key. Sees keys created or deleted by other processes since the last call. Keys in {@code
   * known} whose label is still there are reused rather than looked up again (a lookup costs
   * several PKCS#11 calls).
   *
   * @throws KeyStoreAccessException if the token cannot be read, or a version is not a sensitive,
   *     non-extractable AES key
   */
  synchronized SortedMap<Integer, SecretKey> versions(String label, Map<Integer, SecretKey> known)
      throws KeyStoreAccessException {
    Pattern versioned = Pattern.compile(Pattern.quote(label) + "\\.v([1-9][0-9]{0,9})");
    TreeMap<Integer, SecretKey> out = new TreeMap<>();
    try {
      keyStore.load(null, null); // already logged in: re-reads the token's labels
      for (String alias : Collections.list(keyStore.aliases())) {
        Matcher m = versioned.matcher(alias);
        if (!m.matches()) {
          continue;
        }
        long version = Long.parseLong(m.group(1));
        if (version > WrappedKeyFormat.MAX_KEK_VERSION) {
          continue;
        }
        SecretKey reused = known.get((int) version);
        if (reused != null) {
          out.put((int) version, reused);
          continue;
        }
        Key key = keyStore.getKey(alias, null);
        if (!(key instanceof SecretKey) || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
          throw new KeyStoreAccessException(
              "token object '" + alias + "' at " + description + " is not an AES secret key", null);
        }
        if (key.getFormat() != null) {
          // SunPKCS11 reports a format only for keys whose value can be read out of the token.
          throw new KeyStoreAccessException(
              "token key '" + alias + "' at " + description
                  + " is extractable or not sensitive; refusing to use it as a key-encryption key",
              null);
        }
        out.put((int) version, (SecretKey) key);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e instanceof KeyStoreAccessException) {
        throw (KeyStoreAccessException) e;
      }
      throw new KeyStoreAccessException("cannot list the keys of the token at " + description + ": " + reason(e), e);
    }
    return out;
  }

  /**
   * Generates a new AES-256 key inside the token and stores it as a private token object labelled
   * {@code alias}: the key is generated as a sensitive, non-extractable session object (see {@link
   * Pkcs11KekConfig#sunPkcs11Config}) and the PKCS#11 key store copies it into the token under the
   * label, so a failure part-way leaves no unlabelled key behind.
   *
   * @throws KeyStoreAccessException if the token refuses, or {@code alias} is already taken
   */
  synchronized void generate(String alias) throws KeyStoreAccessException {
    try {
      keyStore.load(null, null);
      if (keyStore.containsAlias(alias)) {
        throw new KeyStoreAccessException("the token at " + description + " already holds '" + alias + "'", null);
      }
      KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
      generator.init(256);
      SecretKey sessionKey = generator.generateKey();
      keyStore.setEntry(alias, new KeyStore.SecretKeyEntry(sessionKey), null);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e instanceof KeyStoreAccessException) {
        throw (KeyStoreAccessException) e;
      }
      throw new KeyStoreAccessException(
          "cannot create key '" + alias + "' in the token at " + description + ": " + reason(e), e);
    }
  }

  /**
   * Deletes a key from the token.
   *
   * @throws KeyNotFoundException if there is no such key
   * @throws KeyStoreAccessException if the token refuses
   */
  synchronized void delete(String alias, String scope, int version) throws GeneralSecurityException {
    try {
      keyStore.load(null, null);
      if (!keyStore.containsAlias(alias)) {
        throw new KeyNotFoundException(
            "the token at " + description + " holds no key '" + alias + "'", scope, version);
      }
      keyStore.deleteEntry(alias);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      if (e instanceof KeyNotFoundException) {
        throw (KeyNotFoundException) e;
      }
      throw new KeyStoreAccessException(
          "cannot delete key '" + alias + "' from the token at " + description + ": " + reason(e), e);
    }
  }

  String description() {
    return description;
  }
}
