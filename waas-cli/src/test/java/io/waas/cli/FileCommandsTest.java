package io.waas.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCommandsTest {
  @TempDir
  @SuppressWarnings("NullAway.Init") // injected by JUnit
  Path tmp;
  Path keyFile;
  Path store;
  Path files;
  Path plain;
  Path sealed;
  Path restored;
  byte[] content;
  final Cli cli = new Cli();

  @BeforeEach
  void setUp() throws IOException {
    keyFile = tmp.resolve("master.key");
    store = tmp.resolve("store");
    files = Files.createDirectory(tmp.resolve("files"));
    plain = files.resolve("orders.csv");
    sealed = files.resolve("orders.csv.enc");
    restored = files.resolve("orders.restored.csv");
    content = new byte[100_000];
    new Random(42).nextBytes(content); // binary content, every byte value
    Files.write(plain, content);
    cli.run("keys", "generate-master-key", keyFile.toString()).succeeds();
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "globex").succeeds();
  }

  private Cli.Result encrypt(String... context) {
    return cli.runOnStore(store, keyFile, concat(List.of("encrypt", "--in", plain.toString(), "--out", sealed.toString()), context));
  }

  private Cli.Result decrypt(String... context) {
    return cli.runOnStore(store, keyFile, concat(List.of("decrypt", "--in", sealed.toString(), "--out", restored.toString()), context));
  }

  private static String[] concat(List<String> head, String... tail) {
    return Stream.concat(head.stream(), Stream.of(tail)).toArray(String[]::new);
  }

  /** Names in the files directory: shows leftovers such as temporary files. */
  private List<String> fileNames() throws IOException {
    try (Stream<Path> s = Files.list(files)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void encryptDecrypt_roundTrip_restoresIdenticalBytes() throws Exception {
    String[] ctx = {"--tenant", "acme", "--purpose", "backup.orders", "--record", "2026-11", "--attribute", "region=eu", "--attribute", "shard=3"};
    Cli.Result enc = encrypt(ctx).succeeds();
    Cli.Result dec = decrypt(ctx).succeeds();

    assertArrayEquals(content, Files.readAllBytes(restored));
    assertEquals(content.length + 68, Files.size(sealed));
    assertTrue(enc.out().contains("aes-256-gcm"), enc.out());
    assertTrue(dec.out().contains("100000 bytes"), dec.out());
    assertEquals(List.of("orders.csv", "orders.csv.enc", "orders.restored.csv"), fileNames());
  }

  @Test
  void encryptDecrypt_subject_createsSubjectKeyAndRoundTrips() throws Exception {
    Cli.Result enc = encrypt("--tenant", "acme", "--subject", "user-17").succeeds();
    decrypt("--tenant", "acme", "--subject", "user-17").succeeds();

    assertTrue(enc.out().contains("Created the first key of tenant 'acme' subject 'user-17'"), enc.out());
    assertArrayEquals(content, Files.readAllBytes(restored));
  }

  @Test
  void decrypt_output_isOwnerOnlyReadable() throws Exception {
    encrypt("--tenant", "acme").succeeds();
    decrypt("--tenant", "acme").succeeds();

    if (restored.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(restored)));
    }
  }

  @Test
  void decrypt_wrongTenant_failsWithoutOutput() throws Exception {
    encrypt("--tenant", "acme").succeeds();

    decrypt("--tenant", "globex").failsWith(ExitCodes.DATA_OR_KEY);

    assertFalse(Files.exists(restored));
    assertEquals(List.of("orders.csv", "orders.csv.enc"), fileNames());
  }

  @Test
  void decrypt_wrongRecord_failsWithoutOutput() throws Exception {
    encrypt("--tenant", "acme", "--record", "order-1").succeeds();

    Cli.Result r = decrypt("--tenant", "acme", "--record", "order-2").failsWith(ExitCodes.DATA_OR_KEY);

    assertTrue(r.err().contains("decryption failed"), r.err());
    assertEquals(List.of("orders.csv", "orders.csv.enc"), fileNames());
  }

  @Test
  void decrypt_missingAttribute_failsWithoutOutput() throws Exception {
    encrypt("--tenant", "acme", "--attribute", "region=eu").succeeds();

    decrypt("--tenant", "acme").failsWith(ExitCodes.DATA_OR_KEY);

    assertEquals(List.of("orders.csv", "orders.csv.enc"), fileNames());
  }

  @Test
  void decrypt_tamperedFile_failsWithoutOutput() throws Exception {
    encrypt("--tenant", "acme").succeeds();
    byte[] ct = Files.readAllBytes(sealed);
    ct[ct.length / 2] ^= 0x01;
    Files.write(sealed, ct);

    Cli.Result r = decrypt("--tenant", "acme").failsWith(ExitCodes.DATA_OR_KEY);

    assertTrue(r.err().contains("failed authentication"), r.err());
    assertEquals(List.of("orders.csv", "orders.csv.enc"), fileNames());
  }

  @Test
  void decrypt_truncatedFile_failsWithoutOutput() throws Exception {
    encrypt("--tenant", "acme").succeeds();
    byte[] ct = Files.readAllBytes(sealed);
    Files.write(sealed, java.util.Arrays.copyOf(ct, ct.length - 1));

    decrypt("--tenant", "acme").failsWith(ExitCodes.DATA_OR_KEY);

    assertEquals(List.of("orders.csv", "orders.csv.enc"), fileNames());
  }

  @Test
  void decrypt_notACiphertext_failsWithoutOutput() throws Exception {
    Files.writeString(sealed, "just some text, not encrypted");

    Cli.Result r = decrypt("--tenant", "acme").failsWith(ExitCodes.DATA_OR_KEY);

    assertTrue(r.err().contains("not a WaaS ciphertext"), r.err());
    assertFalse(Files.exists(restored));
  }

  @Test
  void decrypt_wrongMasterKey_givesClearErrorWithoutOutput() throws Exception {
    encrypt("--tenant", "acme").succeeds();
    Path otherKey = tmp.resolve("other.key");
    cli.run("keys", "generate-master-key", otherKey.toString()).succeeds();

    Cli.Result r =
        cli.runOnStore(store, otherKey, "decrypt", "--in", sealed.toString(), "--out", restored.toString(), "--tenant", "acme")
            .failsWith(ExitCodes.STORE_OR_IO);

    assertTrue(r.err().contains("master key does not match"), r.err());
    assertFalse(r.err().contains(Files.readString(otherKey).strip()), "the key itself must never be printed");
    assertFalse(Files.exists(restored));
  }

  @Test
  void decrypt_afterTenantShred_failsWithKeyDestroyed() throws Exception {
    encrypt("--tenant", "acme").succeeds();
    cli.runOnStore(store, keyFile, "keys", "shred", "--tenant", "acme", "--yes").succeeds();

    Cli.Result r = decrypt("--tenant", "acme").failsWith(ExitCodes.DATA_OR_KEY);

    assertTrue(r.err().contains("destroyed"), r.err());
    assertFalse(Files.exists(restored));
  }

  @Test
  void decrypt_underDisabledKey_failsUntilEnabled() throws Exception {
    encrypt("--tenant", "acme").succeeds();
    cli.runOnStore(store, keyFile, "keys", "rotate", "--tenant", "acme").succeeds();
    String oldKey =
        cli.runOnStore(store, keyFile, "keys", "list", "--tenant", "acme").out().lines()
            .filter(l -> l.startsWith("acme")).findFirst().orElseThrow().split("\\s+", -1)[1];
    cli.runOnStore(store, keyFile, "keys", "disable", "--tenant", "acme", "--key-id", oldKey).succeeds();

    Cli.Result r = decrypt("--tenant", "acme").failsWith(ExitCodes.DATA_OR_KEY);
    assertTrue(r.err().contains("disabled"), r.err());
    assertFalse(Files.exists(restored));

    cli.runOnStore(store, keyFile, "keys", "enable", "--tenant", "acme", "--key-id", oldKey).succeeds();
    decrypt("--tenant", "acme").succeeds();
    assertArrayEquals(content, Files.readAllBytes(restored));
  }

  @Test
  void encrypt_existingOutputWithoutForce_isRefusedAndUnchanged() throws Exception {
    Files.writeString(sealed, "precious");

    Cli.Result r = encrypt("--tenant", "acme").failsWith(ExitCodes.USAGE);

    assertTrue(r.err().contains("--force"), r.err());
    assertEquals("precious", Files.readString(sealed));
    assertEquals(List.of("orders.csv", "orders.csv.enc"), fileNames());
  }

  @Test
  void decrypt_existingOutputWithoutForce_isRefusedAndUnchanged() throws Exception {
    encrypt("--tenant", "acme").succeeds();
    Files.writeString(restored, "precious");

    decrypt("--tenant", "acme").failsWith(ExitCodes.USAGE);

    assertEquals("precious", Files.readString(restored));
  }

  @Test
  void encrypt_existingOutputWithForce_isReplaced() throws Exception {
    Files.writeString(sealed, "old");

    cli.runOnStore(store, keyFile, "encrypt", "--in", plain.toString(), "--out", sealed.toString(), "--tenant", "acme", "--force")
        .succeeds();
    decrypt("--tenant", "acme").succeeds();

    assertArrayEquals(content, Files.readAllBytes(restored));
  }

  @Test
  void encrypt_inputOverLimit_isRefusedWithoutOutput() throws Exception {
    cli.maxInputBytes = content.length - 1L;

    Cli.Result r = encrypt("--tenant", "acme").failsWith(ExitCodes.USAGE);

    assertTrue(r.err().contains("larger than"), r.err());
    assertFalse(Files.exists(sealed));
  }

  @Test
  void encrypt_inputAtLimit_isAccepted() throws Exception {
    cli.maxInputBytes = content.length;

    encrypt("--tenant", "acme").succeeds();
  }

  @Test
  void encrypt_tenantWithoutKeys_failsWithHintAndNoOutput() throws Exception {
    Cli.Result r = encrypt("--tenant", "acmee").failsWith(ExitCodes.DATA_OR_KEY);

    assertTrue(r.err().contains("waas keys create"), r.err());
    assertFalse(Files.exists(sealed));
    assertFalse(
        cli.runOnStore(store, keyFile, "keys", "list").out().contains("acmee"),
        "a mistyped tenant must not get keys");
  }

  @Test
  void encrypt_missingInput_isIoError() {
    Cli.Result r =
        cli.runOnStore(store, keyFile, "encrypt", "--in", files.resolve("nope").toString(), "--out", sealed.toString(), "--tenant", "acme")
            .failsWith(ExitCodes.STORE_OR_IO);

    assertTrue(r.err().contains("no such file"), r.err());
    assertFalse(Files.exists(sealed));
  }

  @Test
  void encrypt_missingStore_isStoreErrorAndCreatesNothing() {
    Path missing = tmp.resolve("typo");
    cli.runOnStore(missing, keyFile, "encrypt", "--in", plain.toString(), "--out", sealed.toString(), "--tenant", "acme")
        .failsWith(ExitCodes.STORE_OR_IO);

    assertFalse(Files.exists(missing));
    assertFalse(Files.exists(sealed));
  }

  @Test
  void encrypt_missingRequiredOption_isOneLineUsageError() {
    Cli.Result r = cli.run("encrypt", "--in", plain.toString()).failsWith(ExitCodes.USAGE);

    assertTrue(r.err().contains("--out"), r.err());
  }

  @Test
  void encryptDecrypt_passphraseFromEnvironment_roundTrips() throws Exception {
    Path pstore = tmp.resolve("pstore");
    cli.env.put("WAAS_TEST_PASSPHRASE", "correct horse battery staple");
    String[] opts = {"--store", pstore.toString(), "--passphrase-env", "WAAS_TEST_PASSPHRASE"};
    cli.run(concat(List.of("keys", "create", "--tenant", "acme"), opts)).succeeds();
    cli.run(concat(List.of("encrypt", "--in", plain.toString(), "--out", sealed.toString(), "--tenant", "acme"), opts))
        .succeeds();

    cli.env.put("WAAS_TEST_PASSPHRASE", "wrong horse battery staple");
    Cli.Result wrong =
        cli.run(concat(List.of("decrypt", "--in", sealed.toString(), "--out", restored.toString(), "--tenant", "acme"), opts))
            .failsWith(ExitCodes.STORE_OR_IO);
    assertFalse(wrong.err().contains("horse"), "the passphrase must never be printed");
    assertFalse(Files.exists(restored));

    cli.env.put("WAAS_TEST_PASSPHRASE", "correct horse battery staple");
    cli.run(concat(List.of("decrypt", "--in", sealed.toString(), "--out", restored.toString(), "--tenant", "acme"), opts))
        .succeeds();
    assertArrayEquals(content, Files.readAllBytes(restored));
  }

  @Test
  void keysCreate_passphrasePromptForNewStore_asksTwiceAndRefusesMismatch() {
    Path pstore = tmp.resolve("pstore");
    cli.passphrases.add("correct horse battery staple");
    cli.passphrases.add("correct horse battery stapler");

    cli.run("keys", "create", "--tenant", "acme", "--store", pstore.toString(), "--passphrase")
        .failsWith(ExitCodes.USAGE);

    assertEquals(2, cli.prompts.size(), cli.prompts::toString);
    assertFalse(Files.exists(pstore));
  }

  @Test
  void keysCreate_passphrasePromptWithoutTerminal_isUsageError() {
    Cli.Result r =
        cli.run("keys", "create", "--tenant", "acme", "--store", tmp.resolve("pstore").toString(), "--passphrase")
            .failsWith(ExitCodes.USAGE);

    assertTrue(r.err().contains("--passphrase-env"), r.err());
  }
}
