package io.waas.cli;

import io.waas.core.MalformedDataException;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.MessageAuthenticator;
import io.waas.crypto.PublicKeySet;
import io.waas.crypto.SignatureVerifier;
import io.waas.crypto.audit.AuditHead;
import io.waas.crypto.audit.AuditLogVerifier;
import io.waas.crypto.audit.AuditProblem;
import io.waas.crypto.audit.AuditVerificationReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code waas audit}: checks tamper-evident audit logs written by the SDK's {@code AuditLog}.
 * Verification reads only: it never changes the log, and opens the key store without creating
 * keys.
 */
@Command(
    name = "audit",
    description = "Check tamper-evident audit logs written by the SDK's AuditLog.",
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
  @Mixin
  @SuppressWarnings("UnusedVariable") // picocli reads it
  private HelpOption help = new HelpOption();

  @Spec
  @SuppressWarnings("NullAway.Init") // injected by picocli
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: verify");
  }

  /** Verifies one audit log directory and prints what it holds and what is wrong with it. */
  @Command(
      name = "verify",
      description = {
        "Verify an audit log directory: every record's chain tag (with the key store's keys) and every"
            + " checkpoint signature, the order of records and files.",
        "Prints a summary per file and each problem with its file, line and record. Exit code 0 if the"
            + " log is intact, 1 if anything was modified, deleted, inserted, reordered, truncated,"
            + " or a checkpoint or file is bad or missing.",
        "Cutting off the newest records leaves a log that verifies; give --expect-head with a head"
            + " kept elsewhere to detect that."
      })
  static final class Verify implements Callable<Integer> {
    @Mixin
    @SuppressWarnings("UnusedVariable") // picocli reads it
    private HelpOption help = new HelpOption();

    @Mixin
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private StoreOptions store;

    @Parameters(paramLabel = "DIR", description = "The audit log's directory.")
    @SuppressWarnings("NullAway.Init") // required positional: picocli sets it
    private Path directory;

    @Option(
        names = "--chain-tenant",
        paramLabel = "TENANT",
        defaultValue = "audit",
        description = "Tenant whose keys hold the chain key (the scope the log was written with). Default: ${DEFAULT-VALUE}.")
    @SuppressWarnings("NullAway.Init") // has a default
    private String chainTenant;

    @Option(
        names = "--chain-purpose",
        paramLabel = "PURPOSE",
        defaultValue = "audit-chain",
        description = "Purpose of the chain key. Default: ${DEFAULT-VALUE}.")
    @SuppressWarnings("NullAway.Init") // has a default
    private String chainPurpose;

    @Option(
        names = "--checkpoint-key",
        paramLabel = "NAME",
        defaultValue = "audit",
        description = "Signing keyset of the key store whose keys signed the checkpoints. Default: ${DEFAULT-VALUE}.")
    @SuppressWarnings("NullAway.Init") // has a default
    private String checkpointKey;

    @Option(
        names = "--checkpoint-public-keys",
        paramLabel = "FILE",
        description = "Check checkpoints with the public keys in this JWK Set file (as exported from the"
            + " signing keyset) instead of --checkpoint-key.")
    private @Nullable Path publicKeys;

    @Option(
        names = "--expect-head",
        paramLabel = "SEQ:CHAIN",
        description = "A head kept outside the log (AuditLog.head(), printed as <sequence>:<base64>): the log"
            + " must contain it; a log that ends before it was truncated.")
    private @Nullable String expectHead;

    @Option(
        names = "--first-file",
        paramLabel = "N",
        defaultValue = "0",
        description = "Files before index N were removed on purpose (retention); do not report them missing.")
    private long firstFile;

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!Files.exists(directory)) {
        throw new CommandFailedException(ExitCodes.STORE_OR_IO, "audit log directory " + directory + " does not exist");
      }
      if (!Files.isDirectory(directory)) {
        throw new CommandFailedException(ExitCodes.STORE_OR_IO, directory + " is not a directory");
      }
      AuditHead head = null;
      if (expectHead != null) {
        try {
          head = AuditHead.parse(expectHead);
        } catch (MalformedDataException e) {
          throw new CommandFailedException(
              ExitCodes.USAGE, "--expect-head: " + e.getMessage() + " (expected <sequence>:<base64>)");
        }
      }
      if (firstFile < 0) {
        throw new CommandFailedException(ExitCodes.USAGE, "--first-file must not be negative");
      }
      KeyScope scope = ScopeOptions.scope(chainTenant, null);
      PublicKeySet keysFromFile = publicKeys == null ? null : readPublicKeys(publicKeys);
      AuditVerificationReport report;
      try (KeyRing ring = store.open(StoreOptions.Mode.MUST_EXIST, b -> b.createKeysOnFirstUse(false))) {
        MessageAuthenticator chain;
        SignatureVerifier checkpoints;
        try {
          chain = ring.messageAuthenticator(scope, chainPurpose);
          checkpoints = keysFromFile != null ? keysFromFile.verifier() : ring.signatureVerifier(checkpointKey);
        } catch (IllegalArgumentException e) {
          throw new CommandFailedException(ExitCodes.USAGE, String.valueOf(e.getMessage()));
        }
        if (keysFromFile == null) {
          ring.publicKeys(checkpointKey); // a missing signing keyset is an error, not N bad signatures
        }
        AuditLogVerifier.Builder verifier =
            AuditLogVerifier.builder().authenticator(chain).signatureVerifier(checkpoints).firstFileIndex(firstFile);
        if (head != null) {
          verifier.expectHead(head);
        }
        report = verifier.build().verify(directory);
      }
      print(spec.commandLine().getOut(), report);
      if (!report.intact()) {
        long n = report.problems().size() + report.omittedProblems();
        throw new CommandFailedException(
            ExitCodes.DATA_OR_KEY,
            "audit log " + directory + " is NOT intact: " + n + (n == 1 ? " problem" : " problems") + " (listed above)");
      }
      return ExitCodes.OK;
    }

    private static PublicKeySet readPublicKeys(Path file) throws java.io.IOException {
      String json = Files.readString(file, StandardCharsets.UTF_8);
      try {
        return PublicKeySet.fromJwkSetJson(json);
      } catch (MalformedDataException e) {
        throw new CommandFailedException(ExitCodes.DATA_OR_KEY, file + ": " + e.getMessage());
      }
    }

    private void print(PrintWriter out, AuditVerificationReport report) {
      out.printf("Audit log %s%n", directory);
      if (report.files().isEmpty()) {
        out.println("  (no log files)");
      }
      for (AuditVerificationReport.FileSummary f : report.files()) {
        out.println("  " + f);
      }
      if (!report.problems().isEmpty()) {
        out.println("Problems:");
        for (AuditProblem p : report.problems()) {
          out.println("  " + p);
        }
        if (report.omittedProblems() > 0) {
          out.printf("  ... and %d more%n", report.omittedProblems());
        }
      }
      if (!report.notes().isEmpty()) {
        out.println("Notes:");
        for (String n : report.notes()) {
          out.println("  " + n);
        }
      }
      long events = report.files().stream().mapToLong(AuditVerificationReport.FileSummary::events).sum();
      String head = report.head().map(AuditHead::toString).orElse("none");
      if (report.intact()) {
        out.printf(
            "Intact: %d file%s, %d event%s; head %s (keep it elsewhere to detect truncation later).%n",
            report.files().size(), report.files().size() == 1 ? "" : "s", events, events == 1 ? "" : "s", head);
      } else {
        out.printf("NOT intact: see the problems above. Last record verified in sequence: %s.%n", head);
      }
      out.flush();
    }
  }
}
