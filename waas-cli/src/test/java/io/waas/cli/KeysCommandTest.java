package io.waas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
  @TempDir
  @SuppressWarnings("NullAway.Init") // injected by JUnit
  Path tmp;
  Path keyFile;
  Path store;
  final Cli cli = new Cli();

  @BeforeEach
  void masterKey() {
    keyFile = tmp.resolve("master.key");
    store = tmp.resolve("store");
    cli.run("keys", "generate-master-key", keyFile.toString()).succeeds();
  }

  /** The data rows of a key table (without the header). */
  private static List<String> rows(String listing) {
    return listing.lines().filter(l -> !l.startsWith("TENANT") && l.matches("^\\S+\\s+\\d+\\s.*")).toList();
  }

  @Test
  void keys_createRotateListShred_roundTrip() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    List<String> afterCreate = rows(cli.runOnStore(store, keyFile, "keys", "list", "--tenant", "acme").succeeds().out());
    assertEquals(1, afterCreate.size(), afterCreate::toString);
    assertTrue(afterCreate.get(0).matches("acme\\s+\\d+\\s+aes-256-gcm\\s+ENABLED\\s+yes\\s+\\S+"), afterCreate::toString);

    cli.runOnStore(store, keyFile, "keys", "rotate", "--tenant", "acme", "--algorithm", "xchacha20-poly1305")
        .succeeds();
    List<String> afterRotate = rows(cli.runOnStore(store, keyFile, "keys", "list", "--tenant", "acme").succeeds().out());
    assertEquals(2, afterRotate.size(), afterRotate::toString);
    assertTrue(afterRotate.get(0).matches("acme\\s+\\d+\\s+aes-256-gcm\\s+ENABLED\\s+\\S+"), afterRotate::toString);
    assertTrue(afterRotate.get(1).matches("acme\\s+\\d+\\s+xchacha20-poly1305\\s+ENABLED\\s+yes\\s+\\S+"), afterRotate::toString);

    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "globex").succeeds();
    Cli.Result shred = cli.runOnStore(store, keyFile, "keys", "shred", "--tenant", "acme", "--yes").succeeds();
    assertTrue(shred.out().contains("Shredded tenant 'acme'"), shred.out());

    List<String> all = rows(cli.runOnStore(store, keyFile, "keys", "list").succeeds().out());
    assertEquals(3, all.size(), all::toString);
    assertTrue(all.stream().filter(l -> l.startsWith("acme")).allMatch(l -> l.contains("DESTROYED")), all::toString);
    assertTrue(all.stream().filter(l -> l.startsWith("globex")).allMatch(l -> l.contains("ENABLED")), all::toString);
  }

  @Test
  void keys_createTwice_isIdempotent() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    Cli.Result again = cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();

    assertTrue(again.out().contains("already has keys"), again.out());
    assertEquals(1, rows(cli.runOnStore(store, keyFile, "keys", "list", "--tenant", "acme").out()).size());
  }

  @Test
  void keys_subject_hasItsOwnKeysAndIsCountedNotNamed() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme", "--subject", "user-17").succeeds();

    Cli.Result subject =
        cli.runOnStore(store, keyFile, "keys", "list", "--tenant", "acme", "--subject", "user-17").succeeds();
    Cli.Result all = cli.runOnStore(store, keyFile, "keys", "list").succeeds();

    assertTrue(subject.out().lines().anyMatch(l -> l.matches("acme\\s+user-17\\s+\\d+\\s+aes-256-gcm\\s+ENABLED\\s+yes.*")), subject.out());
    assertTrue(all.out().contains("keys for 1 data subject"), all.out());
    assertFalse(all.out().contains("user-17"), all.out());
  }

  @Test
  void shred_withoutYes_wrongConfirmation_abortsAndKeepsKeys() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    cli.answers.add("acme-typo");

    cli.runOnStore(store, keyFile, "keys", "shred", "--tenant", "acme").failsWith(ExitCodes.ABORTED);

    assertTrue(cli.prompts.get(0).contains("Type the tenant id (acme)"), cli.prompts::toString);
    List<String> keys = rows(cli.runOnStore(store, keyFile, "keys", "list", "--tenant", "acme").out());
    assertTrue(keys.stream().allMatch(l -> l.contains("ENABLED")), keys::toString);
  }

  @Test
  void shred_withoutYes_endOfInput_abortsAndKeepsKeys() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();

    Cli.Result r = cli.runOnStore(store, keyFile, "keys", "shred", "--tenant", "acme").failsWith(ExitCodes.ABORTED);

    assertTrue(r.err().contains("--yes"), r.err());
    List<String> keys = rows(cli.runOnStore(store, keyFile, "keys", "list", "--tenant", "acme").out());
    assertTrue(keys.stream().allMatch(l -> l.contains("ENABLED")), keys::toString);
  }

  @Test
  void shred_withoutYes_typedTenantId_shreds() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    cli.answers.add("acme");

    cli.runOnStore(store, keyFile, "keys", "shred", "--tenant", "acme").succeeds();

    List<String> keys = rows(cli.runOnStore(store, keyFile, "keys", "list", "--tenant", "acme").out());
    assertTrue(!keys.isEmpty() && keys.stream().allMatch(l -> l.contains("DESTROYED")), keys::toString);
  }

  @Test
  void destroy_withoutYes_wrongConfirmation_abortsAndKeepsKey() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    cli.runOnStore(store, keyFile, "keys", "rotate", "--tenant", "acme").succeeds();
    String oldKey = keyId(rows(cli.runOnStore(store, keyFile, "keys", "list", "--tenant", "acme").out()).get(0));
    cli.answers.add("globex");

    cli.runOnStore(store, keyFile, "keys", "destroy", "--tenant", "acme", "--key-id", oldKey)
        .failsWith(ExitCodes.ABORTED);

    assertTrue(rows(cli.runOnStore(store, keyFile, "keys", "list", "--tenant", "acme").out()).get(0).contains("ENABLED"));
  }

  @Test
  void disableEnableDestroy_oldKey_changesItsStatus() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    cli.runOnStore(store, keyFile, "keys", "rotate", "--tenant", "acme").succeeds();
    String oldKey = keyId(rows(cli.runOnStore(store, keyFile, "keys", "list", "--tenant", "acme").out()).get(0));

    cli.runOnStore(store, keyFile, "keys", "disable", "--tenant", "acme", "--key-id", oldKey).succeeds();
    assertTrue(firstRow().contains("DISABLED"), firstRow());
    cli.runOnStore(store, keyFile, "keys", "enable", "--tenant", "acme", "--key-id", oldKey).succeeds();
    assertTrue(firstRow().contains("ENABLED"), firstRow());
    cli.runOnStore(store, keyFile, "keys", "destroy", "--tenant", "acme", "--key-id", oldKey, "--yes").succeeds();
    assertTrue(firstRow().contains("DESTROYED"), firstRow());
  }

  @Test
  void disable_primaryKey_isRefusedWithKeyExitCode() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    String primary = keyId(firstRow());

    Cli.Result r =
        cli.runOnStore(store, keyFile, "keys", "disable", "--tenant", "acme", "--key-id", primary)
            .failsWith(ExitCodes.DATA_OR_KEY);

    assertTrue(r.err().contains("primary key"), r.err());
    assertTrue(firstRow().contains("ENABLED"), firstRow());
  }

  @Test
  void disable_unknownKey_failsWithKeyExitCode() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();

    cli.runOnStore(store, keyFile, "keys", "disable", "--tenant", "acme", "--key-id", "12345")
        .failsWith(ExitCodes.DATA_OR_KEY);
  }

  @Test
  void list_missingStore_failsWithoutCreatingIt() {
    Cli.Result r = cli.runOnStore(store, keyFile, "keys", "list").failsWith(ExitCodes.STORE_OR_IO);

    assertTrue(r.err().contains("does not exist"), r.err());
    assertFalse(Files.exists(store));
  }

  @Test
  void create_inNonEmptyDirectoryThatIsNoStore_isRefused() throws Exception {
    Files.createDirectories(store);
    Files.writeString(store.resolve(".notes.tmp"), "not mine to delete");

    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").failsWith(ExitCodes.STORE_OR_IO);

    assertTrue(Files.exists(store.resolve(".notes.tmp")), "the store must not clean up foreign files");
  }

  @Test
  void create_wrongMasterKey_givesClearErrorAndChangesNothing() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    Path otherKey = tmp.resolve("other.key");
    cli.run("keys", "generate-master-key", otherKey.toString()).succeeds();

    Cli.Result r =
        cli.runOnStore(store, otherKey, "keys", "create", "--tenant", "globex").failsWith(ExitCodes.STORE_OR_IO);

    assertTrue(r.err().contains("master key does not match"), r.err());
    assertEquals(1, rows(cli.runOnStore(store, keyFile, "keys", "list").out()).size());
  }

  @Test
  void generateMasterKey_existingFile_isRefusedAndUnchanged() throws Exception {
    String before = Files.readString(keyFile);

    cli.run("keys", "generate-master-key", keyFile.toString()).failsWith(ExitCodes.USAGE);

    assertEquals(before, Files.readString(keyFile));
  }

  @Test
  void generateMasterKey_output_neverShowsTheKey() throws Exception {
    Path another = tmp.resolve("another.key");
    Cli.Result r = cli.run("keys", "generate-master-key", another.toString()).succeeds();

    assertFalse(r.out().contains(Files.readString(another).strip()), r.out());
  }

  @Test
  void create_unknownAlgorithm_isUsageError() {
    Cli.Result r =
        cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme", "--algorithm", "des")
            .failsWith(ExitCodes.USAGE);

    assertTrue(r.err().contains("aes-256-gcm"), r.err());
    assertFalse(Files.exists(store));
  }

  @Test
  void create_twoMasterKeyOptions_isUsageError() {
    cli.run(
            "keys", "create", "--tenant", "acme", "--store", store.toString(),
            "--master-key-file", keyFile.toString(), "--master-key-env", "SOME_VAR")
        .failsWith(ExitCodes.USAGE);

    assertFalse(Files.exists(store));
  }

  @Test
  void create_noMasterKeyOptionAndNoDefaultVariable_isUsageError() {
    Cli.Result r =
        cli.run("keys", "create", "--tenant", "acme", "--store", store.toString()).failsWith(ExitCodes.USAGE);

    assertTrue(r.err().contains("WAAS_MASTER_KEY"), r.err());
  }

  @Test
  void create_masterKeyEnvUnset_isStoreError() {
    cli.run(
            "keys", "create", "--tenant", "acme", "--store", store.toString(),
            "--master-key-env", "WAAS_TEST_SURELY_UNSET_" + System.nanoTime())
        .failsWith(ExitCodes.STORE_OR_IO);
  }

  @Test
  void create_invalidTenantId_isUsageError() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", " padded ").failsWith(ExitCodes.USAGE);
  }

  private String firstRow() {
    return rows(cli.runOnStore(store, keyFile, "keys", "list", "--tenant", "acme").out()).get(0);
  }

  private static String keyId(String row) {
    return row.trim().split("\\s+", -1)[1];
  }
}
