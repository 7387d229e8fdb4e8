package io.waas.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir
  @SuppressWarnings("NullAway.Init") // injected by JUnit
  Path tmp;

  @Test
  void demo_inTempDir_exitsZeroAndPassesEveryCheck() {
    Path dir = tmp.resolve("demo");
    Cli.Result r = new Cli().run("demo", "--dir", dir.toString()).succeeds();

    assertTrue(r.out().matches("(?s).*All \\d+ checks passed\\..*"), r.out());
    assertTrue(r.out().contains("ok  user-17's address is unreadable: KeyDestroyedException"), r.out());
    assertTrue(r.out().contains("globex's email is unreadable: KeyDestroyedException"), r.out());
    assertTrue(r.out().contains("ok  a flipped bit in the last segment is caught when that segment is read"), r.out());
    assertTrue(r.out().contains("ok  an edited page is refused: VerificationFailedException"), r.out());
    assertFalse(r.out().contains("demo check failed"), r.out());
    // --dir keeps the store for inspection.
    assertTrue(Files.isRegularFile(dir.resolve("master.key")));
    assertTrue(Files.isDirectory(dir.resolve("keystore")));
  }

  @Test
  void demo_keptStore_isReadableByKeysList() {
    Path dir = tmp.resolve("demo");
    Cli cli = new Cli();
    cli.run("demo", "--dir", dir.toString()).succeeds();

    Cli.Result list = cli.runOnStore(dir.resolve("keystore"), dir.resolve("master.key"), "keys", "list").succeeds();

    assertTrue(list.out().lines().anyMatch(l -> l.startsWith("globex") && l.contains("DESTROYED")), list.out());
    assertTrue(list.out().lines().anyMatch(l -> l.startsWith("acme") && l.contains("yes")), list.out());
  }

  @Test
  void demo_nonEmptyDir_isRefusedAsUsageError() throws Exception {
    Files.writeString(tmp.resolve("something"), "x");

    new Cli().run("demo", "--dir", tmp.toString()).failsWith(ExitCodes.USAGE);

    assertFalse(Files.exists(tmp.resolve("keystore")));
  }
}
