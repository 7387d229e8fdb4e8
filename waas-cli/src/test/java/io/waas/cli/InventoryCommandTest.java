package io.waas.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryCommandTest {
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

  @Test
  void inventory_listsTenantsKeysAndAges() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme", "--subject", "u1").succeeds();
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "globex").succeeds();
    cli.runOnStore(store, keyFile, "keys", "shred", "--tenant", "globex", "--yes").succeeds();
    String out = cli.runOnStore(store, keyFile, "inventory").succeeds().out();
    assertTrue(out.lines().anyMatch(l -> l.matches("acme\\s+2\\s+0\\s+0\\s+1\\s+0\\s+0m")), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("globex \\(shredded\\)\\s+0\\s+0\\s+1\\s+0\\s+0\\s+-")), out);
    assertTrue(out.lines().anyMatch(l -> l.matches("acme\\s+u1\\s+\\d+\\s+aes-256-gcm\\s+ENABLED\\s+yes\\s+0m")), out);
  }

  @Test
  void inventory_ciphertext_namesTheKeyAndOwner() throws Exception {
    Path plain = tmp.resolve("plain.txt");
    Files.writeString(plain, "hello");
    Path ct = tmp.resolve("plain.txt.waas");
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    cli.runOnStore(store, keyFile, "encrypt", "--tenant", "acme", "--purpose", "doc", "--record", "r1",
            "--in", plain.toString(), "--out", ct.toString())
        .succeeds();
    Path junk = tmp.resolve("junk");
    Files.writeString(junk, "not a ciphertext");
    String out = cli.runOnStore(store, keyFile, "inventory", "--ciphertext", ct.toString(), junk.toString())
        .succeeds()
        .out();
    assertTrue(out.contains("tenant 'acme'") && out.contains("exact (key commitment)"), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith(junk.toString()) && l.contains("wrong magic")), out);
  }

  @Test
  void inventory_streamingCiphertext_isAttributedExactly() throws Exception {
    Path plain = tmp.resolve("big.bin");
    Files.write(plain, new byte[200_000]);
    Path ct = tmp.resolve("big.bin.waas");
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "globex").succeeds();
    cli.runOnStore(store, keyFile, "encrypt", "--streaming", "--quiet", "--tenant", "globex", "--purpose", "backup",
            "--record", "b1", "--in", plain.toString(), "--out", ct.toString())
        .succeeds();
    String out = cli.runOnStore(store, keyFile, "inventory", "--ciphertext", ct.toString()).succeeds().out();
    assertTrue(out.lines().anyMatch(l -> l.startsWith(ct.toString()) && l.contains("stream")
        && l.contains("tenant 'globex'") && l.contains("exact (key commitment)")), out);
  }

  @Test
  void inventory_compromisedMasterKey_listsLiveTenants() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "globex").succeeds();
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "initech").succeeds();
    cli.runOnStore(store, keyFile, "keys", "shred", "--tenant", "initech", "--yes").succeeds();
    String out = cli.runOnStore(store, keyFile, "inventory", "--compromised-master-key").succeeds().out();
    assertTrue(out.contains("2 tenants affected: 'acme', 'globex'"), out);
  }

  @Test
  void inventory_compromisedKeyId_withTenant() {
    String listing = cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds().out();
    String id = listing.replaceAll("(?s).*key (\\d+).*", "$1");
    String out =
        cli.runOnStore(store, keyFile, "inventory", "--compromised-key-id", id, "--tenant", "acme").succeeds().out();
    assertTrue(out.contains("1 tenant affected: 'acme'"), out + "\n(listing: " + listing + ")");
  }

  @Test
  void inventory_tenantWithoutKeyId_isUsageError() {
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    cli.runOnStore(store, keyFile, "inventory", "--tenant", "acme").failsWith(ExitCodes.USAGE);
  }
}
