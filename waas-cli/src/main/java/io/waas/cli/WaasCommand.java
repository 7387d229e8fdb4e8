package io.waas.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code waas} command: entry point of the WaaS Security SDK's command-line tool.
 *
 * <p>Subcommands: {@code demo} walks through the SDK end to end and checks every claim it makes;
 * {@code keys} manages the keys of a local key store; {@code encrypt} and {@code decrypt} protect
 * files with a tenant's keys; {@code audit verify} checks a tamper-evident audit log; {@code auth}
 * hashes and verifies passwords and enrolls TOTP authenticators. Errors are
 * reported as one line, {@code waas: error: <message>}, with the exit codes documented in the
 * module's README: 0 success, 1 data or key refused (for {@code audit verify}: the log is not
 * intact), 2 usage, 3 key store or I/O, 4 internal error, 5 aborted by the user.
 *
 * <p>Embed or test it with {@code new CommandLine(new WaasCommand()).execute(args)}: the error
 * handling is installed with the command, not by {@link #main}.
 */
@Command(
    name = "waas",
    mixinStandardHelpOptions = true,
    versionProvider = WaasCommand.Version.class,
    modelTransformer = ErrorReporter.class,
    usageHelpAutoWidth = true,
    description = {
      "WaaS Security SDK: encryption at rest, passwords and MFA for multi-tenant backends.",
      "Start with 'waas demo' to see what the SDK does, step by step."
    },
    subcommands = {
      DemoCommand.class,
      KeysCommand.class,
      EncryptCommand.class,
      DecryptCommand.class,
      InventoryCommand.class,
      AuditCommand.class,
      AuthCommand.class,
      CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  data or key refused: decryption failed, not a ciphertext,",
      "     key missing, disabled or destroyed",
      "  2  usage: bad options or values, output exists, input too large",
      "  3  key store, master key or file problem (e.g. a wrong master key)",
      "  4  internal error",
      "  5  aborted: a confirmation was not given"
    })
public final class WaasCommand implements Runnable {
  /** Files larger than this are refused: they are encrypted in memory, in one piece. */
  static final long DEFAULT_MAX_INPUT_BYTES = 256L * 1024 * 1024;

  private final Function<String, @Nullable String> environment;
  private final Terminal terminal;
  private long maxInputBytes = DEFAULT_MAX_INPUT_BYTES;

  @Spec
  @SuppressWarnings("NullAway.Init") // injected by picocli
  private CommandLine.Model.CommandSpec spec;

  /** Creates the command for this process: its environment variables and its terminal. */
  public WaasCommand() {
    this(System::getenv, Terminal.system());
  }

  /**
   * Creates the command with a given environment and terminal, for tests.
   *
   * @param environment looks up environment variables
   * @param terminal asks for confirmations and passphrases
   */
  WaasCommand(Function<String, @Nullable String> environment, Terminal terminal) {
    this.environment = Objects.requireNonNull(environment);
    this.terminal = Objects.requireNonNull(terminal);
  }

  /**
   * Runs the command and exits the JVM with its exit code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new WaasCommand()).execute(args));
  }

  /** Without a subcommand there is nothing to do: say so like any other usage error. */
  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing command: demo, keys, encrypt, decrypt, inventory, audit or auth");
  }

  /** Looks up an environment variable (through the test seam, if any). */
  @Nullable String env(String name) {
    return environment.apply(name);
  }

  /** Returns where to ask for confirmations and passphrases. */
  Terminal terminal() {
    return terminal;
  }

  /** Returns the largest input file accepted by encrypt and decrypt, in bytes. */
  long maxInputBytes() {
    return maxInputBytes;
  }

  /**
   * Lowers the input size limit, so tests can check the limit without 256 MiB files.
   *
   * @param bytes the new limit
   * @return this command
   */
  WaasCommand maxInputBytes(long bytes) {
    this.maxInputBytes = bytes;
    return this;
  }

  /**
   * Finds the root command of any subcommand's spec.
   *
   * @param spec a spec within a {@code waas} command tree
   * @return the root {@link WaasCommand}
   */
  static WaasCommand root(CommandLine.Model.CommandSpec spec) {
    // Subcommands used on their own (outside 'waas') still get a working environment.
    return spec.root().userObject() instanceof WaasCommand root ? root : new WaasCommand();
  }

  /** Prints the version from the build's filtered {@code version.properties}. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = WaasCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "waas " + p.getProperty("version", "(unknown version)"),
        "WaaS Security SDK command-line tool; Java " + System.getProperty("java.version")
      };
    }
  }
}
