package io.waas.cli;

import io.waas.auth.password.Argon2Calibration;
import io.waas.auth.password.Argon2Parameters;
import io.waas.auth.password.PasswordCheck;
import io.waas.auth.password.PasswordHasher;
import io.waas.auth.password.PasswordMatch;
import io.waas.auth.password.PasswordPolicy;
import io.waas.auth.password.PasswordViolation;
import io.waas.core.ConstantTime;
import io.waas.core.SecurityEventListener;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code waas auth}: operator tools for waas-auth — hash and verify passwords with the SDK's
 * Argon2id settings, and enroll a TOTP authenticator (URI and QR code).
 *
 * <p>Passwords are never taken from the command line, where the process list and shell history
 * would keep them: they are typed at the terminal without echo, or read from an environment
 * variable for scripts.
 */
@Command(
    name = "auth",
    description = "Passwords and MFA: hash-password, verify-password, totp-enroll.",
    subcommands = {AuthCommand.HashPassword.class, AuthCommand.VerifyPassword.class, TotpEnrollCommand.class})
final class AuthCommand implements Runnable {
  @Mixin
  @SuppressWarnings("UnusedVariable") // picocli reads it
  private HelpOption help = new HelpOption();

  @Spec
  @SuppressWarnings("NullAway.Init") // injected by picocli
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing subcommand: hash-password, verify-password or totp-enroll");
  }

  /** Where the password comes from: the terminal (default) or an environment variable. */
  static final class PasswordSource {
    @Option(
        names = "--password-env",
        paramLabel = "VAR",
        description = "Read the password from this environment variable instead of the terminal.")
    @Nullable String passwordEnv;

    /**
     * Reads the password. The caller wipes the returned array.
     *
     * @param confirm ask twice at the terminal (when choosing a new password)
     */
    char[] read(CommandSpec spec, boolean confirm) {
      WaasCommand root = WaasCommand.root(spec);
      if (passwordEnv != null) {
        String value = root.env(passwordEnv);
        if (value == null || value.isEmpty()) {
          throw new CommandFailedException(ExitCodes.USAGE, "environment variable " + passwordEnv + " is not set");
        }
        return value.toCharArray();
      }
      char[] first = root.terminal().readPassword("Password: ");
      if (first == null) {
        throw new CommandFailedException(
            ExitCodes.USAGE, "no terminal to read the password from without echo; use --password-env VAR");
      }
      if (confirm) {
        char[] again = null;
        boolean same = false;
        try {
          again = root.terminal().readPassword("Repeat the password: ");
          same = again != null && ConstantTime.equal(first, again);
        } finally {
          if (again != null) {
            Arrays.fill(again, '\0');
          }
          if (!same) {
            Arrays.fill(first, '\0');
          }
        }
        if (!same) {
          throw new CommandFailedException(ExitCodes.USAGE, "the two passwords differ");
        }
      }
      return first;
    }
  }

  /** {@code waas auth hash-password}: prints the PHC string of a password. */
  @Command(
      name = "hash-password",
      description = {
        "Hash a password with Argon2id and print its PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash).",
        "The password is checked against the NIST SP 800-63B policy first (length, common passwords)"
            + " unless --policy none.",
        "Defaults to OWASP's minimum (m=19456 KiB, t=2, p=1); --calibrate picks stronger parameters"
            + " for a target time on this machine."
      })
  static final class HashPassword implements Callable<Integer> {
    @Mixin
    @SuppressWarnings("UnusedVariable") // picocli reads it
    private HelpOption help = new HelpOption();

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @Mixin private PasswordSource source = new PasswordSource();

    @Option(
        names = "--policy",
        paramLabel = "POLICY",
        description = "Password policy: 'mfa' (at least 8 characters; for accounts with a second factor),"
            + " 'single-factor' (at least 15), or 'none'. Default: ${DEFAULT-VALUE}.",
        defaultValue = "mfa")
    private String policy = "mfa";

    @Option(names = "--memory", paramLabel = "KIB", description = "Argon2id memory in KiB (not below OWASP's floor).")
    private @Nullable Integer memoryKiB;

    @Option(names = "--iterations", paramLabel = "N", description = "Argon2id iterations.")
    private @Nullable Integer iterations;

    @Option(names = "--parallelism", paramLabel = "N", description = "Argon2id lanes. Default: 1.")
    private @Nullable Integer parallelism;

    @Option(
        names = "--calibrate",
        paramLabel = "MILLIS",
        description = "Choose parameters that take about this long on this machine (never below OWASP's floor),"
            + " print them on stderr, and use them.")
    private @Nullable Long calibrateMillis;

    @Option(
        names = "--max-memory",
        paramLabel = "MIB",
        description = "With --calibrate: the most memory per hash, in MiB. Default: ${DEFAULT-VALUE}.",
        defaultValue = "256")
    private long maxMemoryMiB = 256;

    @Override
    public Integer call() throws GeneralSecurityException {
      Argon2Parameters parameters = parameters();
      PasswordPolicy chosen = switch (policy) {
        // nist80063b() and singleFactor(), without their rejection events: this is not a sign-up.
        case "mfa" -> PasswordPolicy.builder().eventListener(SecurityEventListener.none()).build();
        case "single-factor" -> PasswordPolicy.builder().minLength(15).eventListener(SecurityEventListener.none()).build();
        case "none" -> null;
        default -> throw new CommandFailedException(
            ExitCodes.USAGE, "unknown --policy '" + policy + "': use mfa, single-factor or none");
      };
      char[] password = source.read(spec, true);
      try {
        if (chosen != null) {
          PasswordCheck check = chosen.check(password);
          if (!check.acceptable()) {
            throw new CommandFailedException(ExitCodes.DATA_OR_KEY, "password refused by the " + policy
                + " policy: " + describe(check.violations()));
          }
        }
        String hash = PasswordHasher.builder()
            .parameters(parameters)
            .eventListener(SecurityEventListener.none()) // a command-line run is not a login
            .build().hash(password);
        spec.commandLine().getOut().println(hash);
        return ExitCodes.OK;
      } finally {
        Arrays.fill(password, '\0');
      }
    }

    private Argon2Parameters parameters() {
      if (calibrateMillis != null) {
        if (memoryKiB != null || iterations != null || parallelism != null) {
          throw new CommandFailedException(
              ExitCodes.USAGE, "give either --calibrate or --memory/--iterations/--parallelism, not both");
        }
        // 7 MiB is the smallest memory of OWASP's Argon2id configurations (m=7168 KiB, t=5).
        if (calibrateMillis < 1 || calibrateMillis > 60_000 || maxMemoryMiB < 7 || maxMemoryMiB > 65_536) {
          throw new CommandFailedException(
              ExitCodes.USAGE, "--calibrate must be 1..60000 ms and --max-memory 7..65536 MiB");
        }
        Argon2Calibration c = Argon2Calibration.calibrate(Duration.ofMillis(calibrateMillis), maxMemoryMiB << 20);
        PrintWriter err = spec.commandLine().getErr();
        err.println("calibrated: " + c.parameters() + " took " + c.measuredTime().toMillis() + " ms"
            + (c.meetsTarget() ? "" : " (the floor is slower than the target on this machine)"));
        return c.parameters();
      }
      if (memoryKiB == null && iterations == null && parallelism == null) {
        return Argon2Parameters.owaspMinimum();
      }
      Argon2Parameters floor = Argon2Parameters.owaspMinimum();
      try {
        return Argon2Parameters.of(
            memoryKiB == null ? floor.memoryKiB() : memoryKiB,
            iterations == null ? floor.iterations() : iterations,
            parallelism == null ? floor.parallelism() : parallelism);
      } catch (IllegalArgumentException e) {
        throw new CommandFailedException(ExitCodes.USAGE, String.valueOf(e.getMessage()));
      }
    }
  }

  /** {@code waas auth verify-password}: checks a password against a stored hash. */
  @Command(
      name = "verify-password",
      description = {
        "Check a password against a stored hash (Argon2id PHC string; bcrypt, scrypt and PBKDF2-SHA256"
            + " hashes are accepted too, for migrations).",
        "Exit code 0 if it matches, 1 if not. Says whether the hash should be upgraded."
      })
  static final class VerifyPassword implements Callable<Integer> {
    @Mixin
    @SuppressWarnings("UnusedVariable") // picocli reads it
    private HelpOption help = new HelpOption();

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @Mixin private PasswordSource source = new PasswordSource();

    @Parameters(index = "0", paramLabel = "HASH", description = "The stored hash (quote it: it contains '$').")
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private String hash;

    @Override
    public Integer call() throws GeneralSecurityException {
      PasswordHasher hasher = PasswordHasher.builder()
          .legacyAlgorithms(io.waas.auth.password.LegacyAlgorithm.values())
          .eventListener(SecurityEventListener.none()) // a command-line run is not a login
          .build();
      char[] password = source.read(spec, false);
      try {
        PasswordMatch match;
        try {
          match = hasher.verify(password, hash);
        } catch (IllegalStateException e) {
          // A peppered hash (pv=...) needs the key store that holds the pepper; this command has none.
          throw new CommandFailedException(ExitCodes.DATA_OR_KEY, String.valueOf(e.getMessage()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!match.matches()) {
          throw new CommandFailedException(ExitCodes.DATA_OR_KEY, "password does not match the hash");
        }
        out.println("ok: the password matches");
        match.upgradedHash().ifPresent(h -> {
          out.println("the hash uses weaker or older settings; store this one instead:");
          out.println(h);
        });
        return ExitCodes.OK;
      } finally {
        Arrays.fill(password, '\0');
      }
    }
  }

  static String describe(List<PasswordViolation> violations) {
    return violations.stream()
        .map(v -> v.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
        .collect(Collectors.joining(", "));
  }
}
