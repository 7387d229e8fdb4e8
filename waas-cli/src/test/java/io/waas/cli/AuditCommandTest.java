package io.waas.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.MasterKeySource;
import io.waas.crypto.audit.AuditHead;
import io.waas.crypto.audit.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
  @TempDir
  @SuppressWarnings("NullAway.Init") // injected by JUnit
  Path tmp;

  Path keyFile;
  Path store;
  Path logDir;
  AuditHead head;
  final Cli cli = new Cli();

  /** A key store, and a 12-event audit log in three files written with its keys. */
  @BeforeEach
  void writeLog() throws Exception {
    keyFile = tmp.resolve("master.key");
    store = tmp.resolve("store");
    logDir = tmp.resolve("audit");
    cli.run("keys", "generate-master-key", keyFile.toString()).succeeds();
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
    try (KeyRing ring = KeyRing.builder()
            .directory(store)
            .masterKey(MasterKeySource.keyFile(keyFile))
            .eventListener(SecurityEventListener.none())
            .build();
        AuditLog log = AuditLog.builder(logDir)
            .authenticator(ring.messageAuthenticator(KeyScope.tenant("audit"), "audit-chain"))
            .signer(ring.signer("audit"))
            .rotateAfterEvents(5)
            .build()) {
      for (int i = 0; i < 12; i++) {
        log.append(SecurityEvent.builder("auth.login", SecurityEvent.Outcome.SUCCESS)
            .tenant("acme").subject("user-" + i).build());
      }
      head = log.head();
    }
  }

  private Cli.Result verify(String... more) {
    List<String> args = new ArrayList<>(List.of("audit", "verify", logDir.toString()));
    args.addAll(List.of(more));
    return cli.runOnStore(store, keyFile, args.toArray(String[]::new));
  }

  private Path file(int index) {
    return logDir.resolve(String.format("audit-%012d.log", index));
  }

  @Test
  void verify_intactLog_printsEachFileAndExitsZero() {
    Cli.Result r = verify("--expect-head", head.toString()).succeeds();
    assertTrue(r.out().contains("audit-000000000000.log: file 0, records 0..7, 5 events"), r.out());
    assertTrue(r.out().contains("audit-000000000002.log: file 2"), r.out());
    // The head printed is the close checkpoint, one record after the head taken before closing.
    assertTrue(r.out().contains("Intact: 3 files, 12 events; head " + (head.sequence() + 1) + ":"), r.out());
  }

  @Test
  void verify_modifiedRecord_namesItsLineAndExitsOne() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(file(1), UTF_8));
    lines.set(3, lines.get(3).replace("user-", "root-"));
    Files.write(file(1), (String.join("\n", lines) + "\n").getBytes(UTF_8));

    Cli.Result r = verify().failsWith(ExitCodes.DATA_OR_KEY);
    assertTrue(r.out().contains("audit-000000000001.log:4: MODIFIED: record"), r.out());
    assertTrue(r.err().contains("is NOT intact: 1 problem"), r.err());
  }

  @Test
  void verify_missingFile_exitsOne() throws Exception {
    Files.delete(file(1));
    Cli.Result r = verify().failsWith(ExitCodes.DATA_OR_KEY);
    assertTrue(r.out().contains("MISSING_FILE: file audit-000000000001.log is missing"), r.out());
  }

  @Test
  void verify_cutTail_isOnlySeenWithAnExpectedHead() throws Exception {
    List<String> lines = Files.readAllLines(file(2), UTF_8);
    Files.write(file(2), (String.join("\n", lines.subList(0, lines.size() - 2)) + "\n").getBytes(UTF_8));

    Cli.Result alone = verify().succeeds();
    assertTrue(alone.out().contains("does not end with a close checkpoint"), alone.out());
    Cli.Result withHead = verify("--expect-head", head.toString()).failsWith(ExitCodes.DATA_OR_KEY);
    assertTrue(withHead.out().contains("TRUNCATED"), withHead.out());
  }

  @Test
  void verify_withExportedPublicKeys_checksTheCheckpoints() throws Exception {
    Path jwks = tmp.resolve("audit.jwks");
    try (KeyRing ring = KeyRing.builder().directory(store).masterKey(MasterKeySource.keyFile(keyFile))
        .eventListener(SecurityEventListener.none()).build()) {
      Files.writeString(jwks, ring.publicKeys("audit").toJwkSetJson());
    }
    verify("--checkpoint-public-keys", jwks.toString()).succeeds();

    try (KeyRing ring = KeyRing.builder().directory(store).masterKey(MasterKeySource.keyFile(keyFile))
        .eventListener(SecurityEventListener.none()).build()) {
      ring.signer("other").sign(new byte[] {1}); // creates another signing keyset
      Files.writeString(jwks, ring.publicKeys("other").toJwkSetJson());
    }
    Cli.Result r = verify("--checkpoint-public-keys", jwks.toString()).failsWith(ExitCodes.DATA_OR_KEY);
    assertTrue(r.out().contains("BAD_CHECKPOINT_SIGNATURE"), r.out());
  }

  @Test
  void verify_unknownCheckpointKeyset_failsOnceNotPerCheckpoint() {
    Cli.Result r = verify("--checkpoint-key", "nosuch").failsWith(ExitCodes.DATA_OR_KEY);
    assertEquals("", r.out());
  }

  @Test
  void verify_badInput_usageOrIoErrors() {
    cli.runOnStore(store, keyFile, "audit", "verify", tmp.resolve("nowhere").toString())
        .failsWith(ExitCodes.STORE_OR_IO);
    verify("--expect-head", "12").failsWith(ExitCodes.USAGE);
    verify("--chain-purpose", "Not Valid").failsWith(ExitCodes.USAGE);
    cli.run("audit").failsWith(ExitCodes.USAGE);
  }
}
