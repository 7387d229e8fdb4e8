package io.waas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.KeyDestroyedException;
import io.waas.crypto.DecryptionFailedException;
import io.waas.crypto.MasterKeyMismatchException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrorReportingTest {
  private final Cli cli = new Cli();

  @Test
  void help_printsUsageWithExitCodesAndExitsZero() {
    Cli.Result r = cli.run("--help").succeeds();

    assertTrue(r.out().contains("Usage: waas"), r.out());
    assertTrue(r.out().contains("Exit codes:"), r.out());
  }

  @Test
  void version_printsProjectVersionAndExitsZero() {
    Cli.Result r = cli.run("--version").succeeds();

    assertTrue(r.out().startsWith("waas "), r.out());
  }

  @Test
  void subcommandHelp_exitsZero() {
    Cli.Result r = cli.run("keys", "shred", "--help").succeeds();

    assertTrue(r.out().contains("--yes"), r.out());
  }

  @Test
  void noCommand_isOneLineUsageError() {
    cli.run().failsWith(ExitCodes.USAGE);
  }

  @Test
  void unknownCommand_isOneLineUsageErrorWithSuggestion() {
    Cli.Result r = cli.run("keyz").failsWith(ExitCodes.USAGE);

    assertTrue(r.err().contains("did you mean keys?"), r.err());
  }

  @Test
  void unknownOption_isOneLineUsageError() {
    cli.run("demo", "--frobnicate").failsWith(ExitCodes.USAGE);
  }

  @Test
  void exitCodes_mapFailureKinds() {
    ErrorReporter reporter = new ErrorReporter();

    assertEquals(ExitCodes.DATA_OR_KEY, reporter.getExitCode(new DecryptionFailedException("x", null)));
    assertEquals(ExitCodes.DATA_OR_KEY, reporter.getExitCode(new KeyDestroyedException("x", "tenant 'a'", 1)));
    assertEquals(ExitCodes.STORE_OR_IO, reporter.getExitCode(new MasterKeyMismatchException("x")));
    assertEquals(ExitCodes.STORE_OR_IO, reporter.getExitCode(new NoSuchFileException("/x")));
    assertEquals(ExitCodes.ABORTED, reporter.getExitCode(new CommandFailedException(ExitCodes.ABORTED, "x")));
    assertEquals(ExitCodes.INTERNAL, reporter.getExitCode(new IllegalStateException("x")));
  }

  @Test
  void fileErrors_sayWhatHappenedToWhichFile() {
    assertEquals("no such file or directory: /x", ErrorReporter.message(new NoSuchFileException("/x")));
  }
}
