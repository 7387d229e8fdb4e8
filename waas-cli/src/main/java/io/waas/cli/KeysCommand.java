package io.waas.cli;

import io.waas.crypto.AeadAlgorithm;
import io.waas.crypto.KeyMetadata;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.MasterKeySource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code waas keys}: manages the keys of a local key store. Each subcommand opens the store,
 * makes one change and reports it; destructive ones (shred, destroy) ask for the tenant id as
 * confirmation unless {@code --yes} is given.
 */
@Command(
    name = "keys",
    description = "Create, rotate, list, disable, enable, destroy and shred keys of a key store.",
    subcommands = {
      KeysCommand.Create.class,
      KeysCommand.Rotate.class,
      KeysCommand.ListKeys.class,
      KeysCommand.Disable.class,
      KeysCommand.Enable.class,
      KeysCommand.Destroy.class,
      KeysCommand.Shred.class,
      KeysCommand.GenerateMasterKey.class
    })
final class KeysCommand implements Runnable {
  @Mixin
  @SuppressWarnings("UnusedVariable") // picocli reads it
  private HelpOption help = new HelpOption();

  @Spec
  @SuppressWarnings("NullAway.Init") // injected by picocli
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "missing subcommand: create, rotate, list, disable, enable, destroy, shred or generate-master-key");
  }

  /** The options every command about one tenant or data subject shares. */
  abstract static class ScopedCommand implements Callable<Integer> {
    @Mixin
    @SuppressWarnings("UnusedVariable") // picocli reads it
    private HelpOption help = new HelpOption();

    @Mixin
    @SuppressWarnings("NullAway.Init") // injected by picocli
    StoreOptions store;

    @Mixin
    @SuppressWarnings("NullAway.Init") // injected by picocli
    ScopeOptions scope;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    CommandSpec spec;
  }

  /** Makes sure a tenant or subject has keys, creating the store and first key if needed. */
  @Command(
      name = "create",
        description = "Create the first key of a tenant or data subject (and the key store, if new).")
  static final class Create extends ScopedCommand {
    @Option(
        names = "--algorithm",
        paramLabel = "ALG",
        converter = AlgorithmNames.Converter.class,
        completionCandidates = AlgorithmNames.Candidates.class,
        description = "Algorithm of the new key: ${COMPLETION-CANDIDATES}. Default: aes-256-gcm.")
    private @Nullable AeadAlgorithm algorithm;

    @Override
    public Integer call() throws Exception {
      KeyScope s = scope.scope();
      PrintWriter out = spec.commandLine().getOut();
      AeadAlgorithm alg = algorithm;
      try (KeyRing ring =
          store.open(StoreOptions.Mode.CREATE_IF_MISSING, b -> alg == null ? b : b.algorithm(alg))) {
        boolean existed = !ring.keys(s).isEmpty();
        KeyMetadata primary = ring.createKeys(s);
        if (existed) {
          out.printf(
              "%s already has keys; its primary key is %d (%s). Nothing changed.%n",
              capitalized(s), primary.keyId(), AlgorithmNames.of(primary.algorithm()));
          if (alg != null && alg != primary.algorithm()) {
            out.printf(
                "To switch to %s, rotate: waas keys rotate --algorithm %s ...%n",
                AlgorithmNames.of(alg), AlgorithmNames.of(alg));
          }
        } else {
          out.printf(
              "Created key %d (%s) for %s in key store %s.%n",
              primary.keyId(), AlgorithmNames.of(primary.algorithm()), s, store.directory());
        }
        out.flush();
        return ExitCodes.OK;
      }
    }
  }

  /** Adds a new primary key; old keys keep decrypting existing data. */
  @Command(
      name = "rotate",
        description = {
        "Give a tenant or data subject a new primary key.",
        "New data is encrypted under it; older keys stay enabled, so existing data still decrypts."
      })
  static final class Rotate extends ScopedCommand {
    @Option(
        names = "--algorithm",
        paramLabel = "ALG",
        converter = AlgorithmNames.Converter.class,
        completionCandidates = AlgorithmNames.Candidates.class,
        description =
            "Algorithm of the new key: ${COMPLETION-CANDIDATES}."
                + " Default: that of the current primary key (aes-256-gcm for a new scope).")
    private @Nullable AeadAlgorithm algorithm;

    @Override
    public Integer call() throws Exception {
      KeyScope s = scope.scope();
      PrintWriter out = spec.commandLine().getOut();
      try (KeyRing ring = store.open(StoreOptions.Mode.CREATE_IF_MISSING, b -> b)) {
        AeadAlgorithm alg = algorithm;
        if (alg == null) {
          // Rotation renews the key; changing the algorithm is a separate, explicit decision.
          alg = AeadAlgorithm.AES_256_GCM;
          for (KeyMetadata k : ring.keys(s)) {
            if (k.primary()) {
              alg = k.algorithm();
            }
          }
        }
        KeyMetadata primary = ring.rotate(s, alg);
        out.printf(
            "%s now encrypts with key %d (%s). Older keys still decrypt existing data;"
                + " re-encrypt it before destroying them.%n",
            capitalized(s), primary.keyId(), AlgorithmNames.of(primary.algorithm()));
        out.flush();
        return ExitCodes.OK;
      }
    }
  }

  /** Prints a table of keys: one scope, or every tenant of the store. */
  @Command(
      name = "list",
        description = "List the keys of a tenant or data subject, or of every tenant in the store.")
  static final class ListKeys implements Callable<Integer> {
  @Mixin
  @SuppressWarnings("UnusedVariable") // picocli reads it
  private HelpOption help = new HelpOption();

    @Mixin
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private StoreOptions store;

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Tenant id. Default: all tenants.")
    private @Nullable String tenant;

    @Option(names = "--subject", paramLabel = "SUBJECT", description = "Data subject within the tenant.")
    private @Nullable String subject;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (tenant == null && subject != null) {
        throw new CommandFailedException(ExitCodes.USAGE, "--subject needs --tenant");
      }
      List<KeyScope> scopes =
          tenant == null ? null : List.of(ScopeOptions.scope(tenant, subject));
      try (KeyRing ring = store.open(StoreOptions.Mode.MUST_EXIST, b -> b)) {
        if (scopes == null) {
          scopes = ring.tenants();
        }
        if (scopes.isEmpty()) {
          out.println("No tenants in key store " + store.directory() + ".");
          out.flush();
          return ExitCodes.OK;
        }
        printKeys(out, ring, scopes, subject != null, "");
        for (KeyScope s : scopes) {
          if (!s.isSubject()) {
            int subjects = ring.subjectKeysetCount(s);
            if (subjects > 0) {
              out.printf(
                  "%s has keys for %d data subject%s (their ids are stored only as keyed hashes;"
                      + " list one with --subject).%n",
                  capitalized(s), subjects, subjects == 1 ? "" : "s");
            }
          }
        }
        out.flush();
        return ExitCodes.OK;
      }
    }
  }

  /**
   * The options and flow that disable, enable and destroy share: open an existing store, change
   * one key of one scope, print what happened.
   */
  abstract static class KeyIdCommand extends ScopedCommand {
    @Option(names = "--key-id", required = true, paramLabel = "N", description = "The key's id (see 'waas keys list').")
    long keyId;

    /** Makes the change and returns the line to print. */
    abstract String change(KeyRing ring, KeyScope s) throws Exception;

    @Override
    public final Integer call() throws Exception {
      KeyScope s = scope.scope();
      String done;
      try (KeyRing ring = store.open(StoreOptions.Mode.MUST_EXIST, b -> b)) {
        done = change(ring, s);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(done);
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** Refuses every use of one key until it is enabled again. */
  @Command(
      name = "disable",
      description = "Disable a key: data under it cannot be decrypted until it is enabled again.")
  static final class Disable extends KeyIdCommand {
    @Override
    String change(KeyRing ring, KeyScope s) throws Exception {
      refusedIfPrimary(() -> ring.disableKey(s, keyId));
      return String.format(
          "Disabled key %d of %s. Data under it cannot be decrypted until it is enabled.", keyId, s);
    }
  }

  /** Makes a disabled key usable again. */
  @Command(name = "enable", description = "Enable a disabled key again.")
  static final class Enable extends KeyIdCommand {
    @Override
    String change(KeyRing ring, KeyScope s) throws Exception {
      ring.enableKey(s, keyId);
      return String.format("Enabled key %d of %s.", keyId, s);
    }
  }

  /** Erases one key's material for good. */
  @Command(
      name = "destroy",
      description = {
        "Destroy one key: data under it becomes permanently unreadable.",
        "Rotate and re-encrypt what must survive first. Asks for the tenant id unless --yes."
      })
  static final class Destroy extends KeyIdCommand {
    @Option(names = "--yes", description = "Do not ask for confirmation.")
    private boolean yes;

    @Override
    String change(KeyRing ring, KeyScope s) throws Exception {
      confirm(
          spec,
          yes,
          scope.tenant(),
          "This destroys key " + keyId + " of " + s + ": everything encrypted under it becomes"
              + " permanently unreadable.");
      refusedIfPrimary(() -> ring.destroyKey(s, keyId));
      return String.format("Destroyed key %d of %s. Data under it is permanently unreadable.", keyId, s);
    }
  }

  /** Crypto-shreds a tenant (with all its subjects) or one data subject. */
  @Command(
      name = "shred",
        description = {
        "Crypto-shred a tenant (with its data subjects) or one data subject.",
        "Destroys all their keys, so every ciphertext they own becomes unreadable.",
        "Asks for the tenant id unless --yes."
      })
  static final class Shred extends ScopedCommand {
    @Option(names = "--yes", description = "Do not ask for confirmation.")
    private boolean yes;

    @Override
    public Integer call() throws Exception {
      KeyScope s = scope.scope();
      int keysets;
      try (KeyRing ring = store.open(StoreOptions.Mode.MUST_EXIST, b -> b)) {
        if (ring.keys(s).isEmpty() && (s.isSubject() || ring.subjectKeysetCount(s) == 0)) {
          throw new CommandFailedException(ExitCodes.DATA_OR_KEY, s + " has no keys in this key store");
        }
        confirm(
            spec,
            yes,
            scope.tenant(),
            "This crypto-shreds " + s + (s.isSubject() ? "" : " and all its data subjects")
                + ": every ciphertext they own becomes permanently unreadable.");
        keysets = ring.shred(s);
      }
      PrintWriter out = spec.commandLine().getOut();
      String which =
          s.isSubject() || keysets == 1
              ? ""
              : " (the tenant's and " + (keysets - 1) + " data subject" + (keysets == 2 ? "'s" : "s'") + ")";
      out.printf(
          "Shredded %s: destroyed the key material of %d keyset%s%s. Its data is now unreadable.%n",
          s, keysets, keysets == 1 ? "" : "s", which);
      out.println(
          "Copies of the key store in backups or snapshots still hold the old keys (wrapped by the"
              + " master key): expire them, or retire that master key.");
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** Writes a new random master key file. */
  @Command(
      name = "generate-master-key",
        description = "Write a new random 256-bit master key, base64, to FILE (owner-only readable).")
  static final class GenerateMasterKey implements Callable<Integer> {
  @Mixin
  @SuppressWarnings("UnusedVariable") // picocli reads it
  private HelpOption help = new HelpOption();

    @Parameters(paramLabel = "FILE", description = "Where to write the key; must not exist.")
    @SuppressWarnings("NullAway.Init") // required positional: picocli sets it
    private Path file;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new CommandFailedException(
            ExitCodes.USAGE, file + " already exists; a master key file is never overwritten");
      }
      MasterKeySource.generateKeyFile(file);
      PrintWriter out = spec.commandLine().getOut();
      out.printf("Wrote a new master key to %s (readable by you only).%n", file);
      out.println(
          "Keep it secret and backed up: without it the key stores it protects cannot be opened.");
      out.printf("Use it with --master-key-file %s.%n", file);
      out.flush();
      return ExitCodes.OK;
    }
  }

  // ---------------------------------------------------------------- shared

  /** A key change the SDK refuses as a state error (the primary key) is the user's to fix. */
  @FunctionalInterface
  private interface KeyChange {
    void run() throws Exception;
  }

  private static void refusedIfPrimary(KeyChange change) throws Exception {
    try {
      change.run();
    } catch (IllegalStateException e) {
      throw new CommandFailedException(ExitCodes.DATA_OR_KEY, String.valueOf(e.getMessage()));
    }
  }

  /**
   * Asks the user to type the tenant id before a destructive change. Typing an id, rather than
   * "y", makes the user read which tenant is about to lose its data.
   */
  private static void confirm(CommandSpec spec, boolean yes, String tenant, String warning) {
    if (yes) {
      return;
    }
    String answer =
        WaasCommand.root(spec)
            .terminal()
            .readLine(warning + System.lineSeparator() + "Type the tenant id (" + tenant + ") to confirm: ");
    if (answer == null) {
      throw new CommandFailedException(
          ExitCodes.ABORTED, "aborted: no confirmation given (type the tenant id, or pass --yes); nothing changed");
    }
    if (!answer.strip().equals(tenant)) {
      throw new CommandFailedException(
          ExitCodes.ABORTED, "aborted: the confirmation did not match tenant '" + tenant + "'; nothing changed");
    }
  }

  /**
   * Prints the keys of the given scopes as one table.
   *
   * @param out where to print
   * @param ring the key ring
   * @param scopes whose keys
   * @param withSubject whether to add a SUBJECT column
   * @param indent prefix of every line
   * @throws Exception if the store fails
   */
  static void printKeys(
      PrintWriter out, KeyRing ring, List<KeyScope> scopes, boolean withSubject, String indent)
      throws Exception {
    TextTable table =
        withSubject
            ? new TextTable("TENANT", "SUBJECT", "KEY ID", "ALGORITHM", "STATUS", "PRIMARY", "CREATED")
            : new TextTable("TENANT", "KEY ID", "ALGORITHM", "STATUS", "PRIMARY", "CREATED");
    boolean any = false;
    for (KeyScope s : scopes) {
      for (KeyMetadata k : ring.keys(s)) {
        any = true;
        String[] cells = {
          Long.toString(k.keyId()),
          AlgorithmNames.of(k.algorithm()),
          k.status().name(),
          k.primary() ? "yes" : "",
          k.createdAt().truncatedTo(ChronoUnit.SECONDS).toString()
        };
        if (withSubject) {
          String subject = s.subject();
          table.row(prepend(s.tenant(), subject == null ? "" : subject, cells));
        } else {
          table.row(prepend(s.tenant(), null, cells));
        }
      }
    }
    if (any) {
      table.print(out, indent);
    } else {
      for (KeyScope s : scopes) {
        out.println(indent + capitalized(s) + " has no keys in this key store.");
      }
    }
  }

  private static String[] prepend(String first, @Nullable String second, String[] rest) {
    int extra = second == null ? 1 : 2;
    String[] all = new String[rest.length + extra];
    all[0] = first;
    if (second != null) {
      all[1] = second;
    }
    System.arraycopy(rest, 0, all, extra, rest.length);
    return all;
  }

  static String capitalized(KeyScope scope) {
    String s = scope.toString();
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
