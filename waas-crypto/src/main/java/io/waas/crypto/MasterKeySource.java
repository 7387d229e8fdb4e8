package io.waas.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waas.core.SecretBytes;
import io.waas.core.SecretChars;
import io.waas.crypto.internal.Argon2id;
import io.waas.crypto.internal.AtomicFiles;
import io.waas.crypto.internal.LocalMasterKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Where the embedded key store's 256-bit master key comes from: an environment variable, a key
 * file, a passphrase (through Argon2id), or key material fetched from a secrets manager. The master
 * key becomes the {@link KeyEncryptionKey} that wraps every stored keyset.
 *
 * <p>Environment variables and key files hold the key in base64 (standard or URL-safe alphabet);
 * a key file may also hold exactly 32 raw bytes. Key files readable or writable by group or others are refused.
 * Use {@link #generateKeyFile(Path)} to create one.
 *
 * <p>Immutable and thread-safe; {@link #toString()} names the source, never the key.
 */
public final class MasterKeySource {
  static final String PASSPHRASE_PARAMS_BLOB = "master-key-params";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  @FunctionalInterface
  private interface Loader {
    KeyEncryptionKey load(KeysetStore store, boolean storeIsNew) throws GeneralSecurityException;
  }

  private final String description;
  private final Loader loader;

  private MasterKeySource(String description, Loader loader) {
    this.description = description;
    this.loader = loader;
  }

  /**
   * Reads the master key, base64-encoded, from an environment variable (for example {@code
   * WAAS_MASTER_KEY}).
   *
   * @param variable the variable's name
   * @return the source
   */
  public static MasterKeySource environment(String variable) {
    return new MasterKeySource(
        "environment variable " + variable,
        (store, isNew) -> {
          String value = System.getenv(variable);
          if (value == null || value.isBlank()) {
            throw new KeyStoreAccessException(
                "environment variable " + variable + " is not set; it must hold a 32-byte master key in base64",
                null);
          }
          return fromBase64(value.strip(), "environment variable " + variable);
        });
  }

  /**
   * Reads the master key from a file holding it in base64, or as 32 raw bytes.
   *
   * @param file the key file; must not be readable by group or others
   * @return the source
   */
  public static MasterKeySource keyFile(Path file) {
    return new MasterKeySource(
        "key file " + file,
        (store, isNew) -> {
          byte[] content;
          try {
            checkOwnerOnly(file);
            content = Files.readAllBytes(file);
          } catch (NoSuchFileException e) {
            throw new KeyStoreAccessException("master key file " + file + " does not exist", e);
          } catch (IOException e) {
            throw new KeyStoreAccessException("cannot read master key file " + file + ": " + e.getMessage(), e);
          }
          try {
            if (content.length == 32) {
              return new LocalMasterKey(content);
            }
            return fromBase64(new String(content, StandardCharsets.US_ASCII).strip(), "key file " + file);
          } finally {
            Arrays.fill(content, (byte) 0);
          }
        });
  }

  /**
   * Derives the master key from a passphrase with Argon2id under {@linkplain
   * Argon2idParameters#RFC_9106_SECOND_RECOMMENDATION the default parameters}.
   *
   * @param passphrase the passphrase; copied, so the caller may close its holder afterwards
   * @return the source
   */
  public static MasterKeySource passphrase(SecretChars passphrase) {
    return passphrase(passphrase, Argon2idParameters.RFC_9106_SECOND_RECOMMENDATION);
  }

  /**
   * Derives the master key from a passphrase with Argon2id. {@code parameters} apply when the
   * store is created; an existing store uses the parameters and salt stored in it.
   *
   * @param passphrase the passphrase; copied
   * @param parameters Argon2id costs for a new store
   * @return the source
   * @throws IllegalArgumentException if the passphrase is shorter than 8 characters
   */
  public static MasterKeySource passphrase(SecretChars passphrase, Argon2idParameters parameters) {
    if (passphrase.length() < 8) {
      throw new IllegalArgumentException("a passphrase needs at least 8 characters");
    }
    SecretChars copy = SecretChars.wrap(passphrase.copyChars());
    return new MasterKeySource(
        "passphrase (Argon2id)", (store, isNew) -> fromPassphrase(copy, parameters, store, isNew));
  }

  /**
   * Uses key material the caller already holds, for example fetched from a secrets manager.
   *
   * @param masterKey 32 bytes; copied
   * @return the source
   * @throws IllegalArgumentException if the key is not 32 bytes
   */
  public static MasterKeySource keyMaterial(SecretBytes masterKey) {
    if (masterKey.length() != 32) {
      throw new IllegalArgumentException("a master key is 32 bytes, was " + masterKey.length());
    }
    SecretBytes copy = SecretBytes.wrap(masterKey.copyBytes());
    return new MasterKeySource(
        "caller-supplied key material",
        (store, isNew) -> {
          byte[] k = copy.copyBytes();
          try {
            return new LocalMasterKey(k);
          } finally {
            Arrays.fill(k, (byte) 0);
          }
        });
  }

  /**
   * Writes a new random master key, base64-encoded, to {@code file}, owner-only readable. Refuses
   * to overwrite an existing file.
   *
   * @param file where to write
   * @throws IOException if the file exists or cannot be written
   */
  public static void generateKeyFile(Path file) throws IOException {
    if (Files.exists(file)) {
      throw new IOException("refusing to overwrite existing file " + file);
    }
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      AtomicFiles.write(file, text, AtomicFiles.NO_HOOK);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(text, (byte) 0);
    }
  }

  KeyEncryptionKey load(KeysetStore store, boolean storeIsNew) throws GeneralSecurityException {
    return loader.load(store, storeIsNew);
  }

  private static KeyEncryptionKey fromBase64(String value, String where) throws GeneralSecurityException {
    byte[] key;
    try {
      key = value.indexOf('-') >= 0 || value.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(value)
          : Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new KeyStoreAccessException(where + " does not hold valid base64", null);
    }
    try {
      if (key.length != 32) {
        throw new KeyStoreAccessException(
            where + " must hold a 32-byte master key; it decodes to " + key.length + " bytes", null);
      }
      return new LocalMasterKey(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static void checkOwnerOnly(Path file) throws IOException {
    if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (perms.contains(PosixFilePermission.GROUP_READ)
        || perms.contains(PosixFilePermission.OTHERS_READ)) {
      throw new IOException("it is readable by group or others; run chmod 600 on it");
    }
    if (perms.contains(PosixFilePermission.GROUP_WRITE)
        || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      // Whoever can replace the master key can make the service encrypt new data under theirs.
      throw new IOException("it is writable by group or others; run chmod 600 on it");
    }
  }

  private static KeyEncryptionKey fromPassphrase(
      SecretChars passphrase, Argon2idParameters defaults, KeysetStore store, boolean storeIsNew)
      throws GeneralSecurityException {
    Argon2idParameters params;
    byte[] salt;
    try {
      Optional<byte[]> stored = store.read(PASSPHRASE_PARAMS_BLOB);
      if (stored.isPresent()) {
        JsonNode n = JSON.readTree(stored.get());
        if (!"argon2id".equals(n.path("kdf").asText()) || n.path("version").asInt() != 19) {
          throw new KeyStoreAccessException("unsupported passphrase KDF in key store: " + n.path("kdf"), null);
        }
        params =
            Argon2idParameters.fromStored(
                n.path("memoryKiB").asInt(), n.path("iterations").asInt(), n.path("parallelism").asInt());
        salt = Base64.getDecoder().decode(n.path("salt").asText());
        if (salt.length < 16 || salt.length > 64) {
          throw new KeyStoreAccessException("passphrase salt in key store has a bad length", null);
        }
      } else if (!storeIsNew) {
        throw new MasterKeyMismatchException(
            "this key store was created with a master key, not a passphrase");
      } else {
        params = defaults;
        salt = new byte[16];
        RANDOM.nextBytes(salt);
        ObjectNode n = JSON.createObjectNode();
        n.put("kdf", "argon2id").put("version", 19);
        n.put("memoryKiB", params.memoryKiB()).put("iterations", params.iterations());
        n.put("parallelism", params.parallelism()).put("salt", Base64.getEncoder().encodeToString(salt));
        store.write(PASSPHRASE_PARAMS_BLOB, JSON.writeValueAsBytes(n));
      }
    } catch (IOException e) {
      throw new KeyStoreAccessException("cannot read or store passphrase parameters: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new KeyStoreAccessException("passphrase parameters in key store are invalid: " + e.getMessage(), e);
    }
    char[] chars = passphrase.copyChars();
    byte[] key = Argon2id.derive(chars, salt, params.memoryKiB(), params.iterations(), params.parallelism());
    try {
      return new LocalMasterKey(key);
    } finally {
      Arrays.fill(chars, '\0');
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "MasterKeySource[" + description + "]";
  }
}
