package io.waas.cli;

import io.waas.core.SecretChars;
import io.waas.crypto.KeyRing;
import io.waas.crypto.MasterKeySource;
import io.waas.core.SecurityEventListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options that locate a key store and its master key, shared by every command that opens a
 * store, and the code that opens it.
 */
final class StoreOptions {
  /** The default master key variable when no master key option is given. */
  static final String DEFAULT_MASTER_KEY_ENV = "WAAS_MASTER_KEY";

  /**
   * The file every initialized key store has. KeyRing writes it last when it creates a store, so
   * its presence tells a key store from any other directory. (The SDK does not expose this name;
   * see the CLI README's notes on the crypto API.)
   */
  private static final String STORE_MARKER = "kek-check";

  /** Whether a command may create a missing key store. */
  enum Mode {
    /** Key creation commands: a missing or empty directory becomes a new store. */
    CREATE_IF_MISSING,
    /** Everything else: a missing store is an error, so a typo cannot create an empty one. */
    MUST_EXIST
  }

  @Option(
      names = "--store",
      required = true,
      paramLabel = "DIR",
      description = "Key store directory.")
  @SuppressWarnings("NullAway.Init") // required: picocli sets it before the command runs
  private Path store;

  @Option(
      names = "--master-key-file",
      paramLabel = "FILE",
      description = "File holding the master key in base64 (see 'waas keys generate-master-key').")
  private @Nullable Path masterKeyFile;

  @Option(
      names = "--master-key-env",
      paramLabel = "VAR",
      description =
          "Environment variable holding the master key in base64."
              + " Default, if no master key option is given: " + DEFAULT_MASTER_KEY_ENV + ".")
  private @Nullable String masterKeyEnv;

  @Option(
      names = "--passphrase-env",
      paramLabel = "VAR",
      description = "Derive the master key (Argon2id) from the passphrase in this environment variable.")
  private @Nullable String passphraseEnv;

  @Option(
      names = "--passphrase",
      description = "Derive the master key (Argon2id) from a passphrase typed at the terminal (not echoed).")
  private boolean passphrasePrompt;

  @Spec(Spec.Target.MIXEE)
  @SuppressWarnings("NullAway.Init") // injected by picocli
  private CommandSpec mixee;

  /** Returns the key store directory as given. */
  Path directory() {
    return store;
  }

  /**
   * Opens the key store with the chosen master key. Security events are not printed: the
   * commands report what they did themselves.
   *
   * @param mode whether a missing store may be created
   * @param config further builder settings (algorithm, key creation on first use)
   * @return the open key ring; the caller closes it
   * @throws GeneralSecurityException as {@link KeyRing.Builder#build()}
   * @throws IOException if the directory cannot be inspected
   */
  KeyRing open(Mode mode, UnaryOperator<KeyRing.Builder> config)
      throws GeneralSecurityException, IOException {
    boolean isNew = checkDirectory(mode);
    WaasCommand root = WaasCommand.root(mixee);
    SecretChars passphrase = null;
    try {
      MasterKeySource source;
      if (masterKeyFile != null) {
        source = MasterKeySource.keyFile(masterKeyFile);
      } else if (masterKeyEnv != null) {
        source = MasterKeySource.environment(masterKeyEnv);
      } else if (passphraseEnv != null) {
        String value = root.env(passphraseEnv);
        if (value == null || value.isEmpty()) {
          throw new CommandFailedException(
              ExitCodes.STORE_OR_IO, "environment variable " + passphraseEnv + " is not set");
        }
        passphrase = SecretChars.wrap(value.toCharArray());
        source = passphraseSource(passphrase);
      } else if (passphrasePrompt) {
        passphrase = askPassphrase(root.terminal(), isNew);
        source = passphraseSource(passphrase);
      } else {
        if (root.env(DEFAULT_MASTER_KEY_ENV) == null) {
          throw new CommandFailedException(
              ExitCodes.USAGE,
              "no master key: set " + DEFAULT_MASTER_KEY_ENV + ", or use --master-key-file,"
                  + " --master-key-env, --passphrase-env or --passphrase");
        }
        source = MasterKeySource.environment(DEFAULT_MASTER_KEY_ENV);
      }
      KeyRing.Builder builder =
          KeyRing.builder()
              .directory(store)
              .masterKey(source)
              .eventListener(SecurityEventListener.none());
      return config.apply(builder).build();
    } finally {
      if (passphrase != null) {
        passphrase.close(); // MasterKeySource keeps its own copy
      }
    }
  }

  /** Checks the options among themselves; picocli's groups would print multi-line usage instead. */
  void checkMasterKeyOptions() {
    int given =
        (masterKeyFile == null ? 0 : 1)
            + (masterKeyEnv == null ? 0 : 1)
            + (passphraseEnv == null ? 0 : 1)
            + (passphrasePrompt ? 1 : 0);
    if (given > 1) {
      throw new CommandFailedException(
          ExitCodes.USAGE,
          "give at most one of --master-key-file, --master-key-env, --passphrase-env and --passphrase");
    }
  }

  /**
   * Refuses directories that would be damaged or are surely a mistake: opening a store deletes
   * stray {@code .*.tmp} files and writes its own files, so it must not happen in, say, a home
   * directory given by accident.
   *
   * @return whether the store does not exist yet
   */
  private boolean checkDirectory(Mode mode) throws IOException {
    checkMasterKeyOptions();
    if (Files.exists(store) && !Files.isDirectory(store)) {
      throw new CommandFailedException(ExitCodes.STORE_OR_IO, "key store " + store + " is not a directory");
    }
    boolean initialized = Files.isRegularFile(store.resolve(STORE_MARKER));
    if (initialized) {
      return false;
    }
    boolean empty = !Files.exists(store) || isEmptyDirectory(store);
    if (mode == Mode.MUST_EXIST) {
      throw new CommandFailedException(
          ExitCodes.STORE_OR_IO,
          (empty ? "key store " + store + " does not exist" : store + " is not a key store")
              + "; create one with 'waas keys create'");
    }
    if (!empty) {
      throw new CommandFailedException(
          ExitCodes.STORE_OR_IO,
          store + " is not a key store and not empty; give a new or empty directory to create one");
    }
    return true;
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static MasterKeySource passphraseSource(SecretChars passphrase) {
    try {
      return MasterKeySource.passphrase(passphrase);
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(ExitCodes.USAGE, String.valueOf(e.getMessage()));
    }
  }

  /** Asks for the passphrase; for a new store twice, since a typo would lock the store forever. */
  private SecretChars askPassphrase(Terminal terminal, boolean isNew) {
    char[] first = terminal.readPassword("Passphrase for key store " + store + ": ");
    if (first == null) {
      throw new CommandFailedException(
          ExitCodes.USAGE, "no terminal to ask for the passphrase; use --passphrase-env VAR instead");
    }
    if (isNew) {
      char[] again = terminal.readPassword("Repeat the passphrase: ");
      try {
        if (again == null || !Arrays.equals(first, again)) {
          Arrays.fill(first, '\0');
          throw new CommandFailedException(ExitCodes.USAGE, "the passphrases do not match");
        }
      } finally {
        if (again != null) {
          Arrays.fill(again, '\0');
        }
      }
    }
    return SecretChars.wrap(first);
  }
}
