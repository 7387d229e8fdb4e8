package io.waas.crypto.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.SecurityEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What someone with write access to the log directory can do to it, and that the verifier says
 * which record or file was touched. Each test changes one thing, like an attacker would, and
 * expects exactly the problems that change explains.
 */
class AuditLogTamperingTest {
  @TempDir
  @SuppressWarnings("NullAway.Init") // injected by JUnit
  Path tmp;

  @SuppressWarnings("NullAway.Init") // set in setUp
  AuditFixture f;

  @SuppressWarnings("NullAway.Init") // set in setUp
  Path log0;

  @SuppressWarnings("NullAway.Init") // set in setUp
  List<String> lines;

  @BeforeEach
  void setUp() throws Exception {
    f = new AuditFixture(tmp);
    f.writeLog(20, b -> b.checkpointEvery(6));
    log0 = f.file(0);
    lines = AuditFixture.lines(log0);
    AuditVerificationReport clean = f.verify();
    assertTrue(clean.intact(), clean.problems()::toString);
  }

  @org.junit.jupiter.api.AfterEach
  void tearDown() {
    f.close();
  }

  /** 1-based line numbers of the event records. */
  private List<Integer> eventLines() throws Exception {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (AuditFixture.record(lines.get(i)).kind() == AuditRecord.Kind.EVENT) {
        out.add(i + 1);
      }
    }
    return out;
  }

  private long seqAt(int line) throws Exception {
    return AuditFixture.record(lines.get(line - 1)).sequence();
  }

  private void save(List<String> changed) throws Exception {
    AuditFixture.writeLines(log0, changed);
  }

  private static AuditProblem only(AuditVerificationReport r) {
    assertFalse(r.intact());
    assertEquals(1, r.problems().size(), () -> "expected one problem, got:\n" + lines(r));
    return r.problems().get(0);
  }

  private static String lines(AuditVerificationReport r) {
    return r.problems().stream().map(AuditProblem::toString).collect(Collectors.joining("\n"));
  }

  private static void assertAt(AuditProblem p, AuditProblem.Kind kind, String file, long line, long seq) {
    assertEquals(kind, p.kind(), p::toString);
    assertEquals(file, p.file(), p::toString);
    assertEquals(line, p.line(), p::toString);
    assertEquals(seq, p.sequence(), p::toString);
  }

  // ---------------------------------------------------------------- records

  @Test
  void modifiedEvent_isReportedAtItsLine() throws Exception {
    int line = eventLines().get(7);
    long seq = seqAt(line);
    List<String> changed = new ArrayList<>(lines);
    changed.set(line - 1, changed.get(line - 1).replace("\"DENIED\"", "\"SUCCESS\"").replace("user-", "admin-"));
    save(changed);

    assertAt(only(f.verify()), AuditProblem.Kind.MODIFIED, log0.getFileName().toString(), line, seq);
  }

  @Test
  void modifiedSequenceNumber_isReportedAsModified() throws Exception {
    int line = eventLines().get(3);
    long seq = seqAt(line);
    List<String> changed = new ArrayList<>(lines);
    changed.set(line - 1, changed.get(line - 1).replace("\"seq\":" + seq + ",", "\"seq\":" + (seq + 100) + ","));
    save(changed);

    AuditProblem p = only(f.verify());
    assertEquals(AuditProblem.Kind.MODIFIED, p.kind(), p::toString);
    assertEquals(line, p.line());
  }

  @Test
  void deletedEvent_isReportedWithItsSequenceNumber() throws Exception {
    int line = eventLines().get(5);
    long seq = seqAt(line);
    List<String> changed = new ArrayList<>(lines);
    changed.remove(line - 1);
    save(changed);

    // Reported at the record that now stands where the deleted one was.
    assertAt(only(f.verify()), AuditProblem.Kind.DELETED, log0.getFileName().toString(), line, seq);
  }

  @Test
  void deletedRun_isReportedAsOneRange() throws Exception {
    int line = eventLines().get(2);
    long seq = seqAt(line);
    List<String> changed = new ArrayList<>(lines);
    changed.subList(line - 1, line + 2).clear();
    save(changed);

    AuditProblem p = only(f.verify());
    assertAt(p, AuditProblem.Kind.DELETED, log0.getFileName().toString(), line, seq);
    assertTrue(p.message().contains("records " + seq + ".." + (seq + 2)), p::toString);
  }

  @Test
  void insertedCopy_isReportedAsInsertedAndNamesTheOriginal() throws Exception {
    int original = eventLines().get(4);
    List<String> changed = new ArrayList<>(lines);
    changed.add(original + 5, lines.get(original - 1));
    save(changed);

    AuditProblem p = only(f.verify());
    assertAt(p, AuditProblem.Kind.INSERTED, log0.getFileName().toString(), original + 6, seqAt(original));
    assertTrue(p.message().contains("copy of the record at " + log0.getFileName() + ":" + original), p::toString);
  }

  @Test
  void insertedForgery_isReportedAsInserted() throws Exception {
    int line = eventLines().get(9);
    List<String> changed = new ArrayList<>(lines);
    // A well-formed record that claims the next sequence number, with a made-up tag.
    String forged = lines.get(line - 1).replace("user-", "intruder-");
    changed.add(line, forged);
    save(changed);

    assertAt(only(f.verify()), AuditProblem.Kind.INSERTED, log0.getFileName().toString(), line + 1, seqAt(line));
  }

  @Test
  void insertedGarbageLine_isReportedAsInserted() throws Exception {
    int line = eventLines().get(1);
    List<String> changed = new ArrayList<>(lines);
    changed.add(line, "{\"note\":\"nothing to see here\"}");
    save(changed);

    AuditProblem p = only(f.verify());
    assertAt(p, AuditProblem.Kind.INSERTED, log0.getFileName().toString(), line + 1, -1);
  }

  @Test
  void swappedNeighbours_areOneReorder() throws Exception {
    int line = eventLines().get(6);
    List<String> changed = new ArrayList<>(lines);
    changed.set(line - 1, lines.get(line));
    changed.set(line, lines.get(line - 1));
    save(changed);

    AuditProblem p = only(f.verify());
    assertEquals(AuditProblem.Kind.REORDERED, p.kind(), p::toString);
    assertTrue(p.line() == line || p.line() == line + 1, p::toString);
  }

  @Test
  void recordMovedLater_isTheOneReported() throws Exception {
    int line = eventLines().get(2);
    long seq = seqAt(line);
    List<String> changed = new ArrayList<>(lines);
    String moved = changed.remove(line - 1);
    changed.add(line + 5, moved); // now at line + 6
    save(changed);

    assertAt(only(f.verify()), AuditProblem.Kind.REORDERED, log0.getFileName().toString(), line + 6, seq);
  }

  @Test
  void recordMovedEarlier_isTheOneReported() throws Exception {
    int line = eventLines().get(10);
    long seq = seqAt(line);
    List<String> changed = new ArrayList<>(lines);
    String moved = changed.remove(line - 1);
    changed.add(line - 7, moved); // now at line - 6
    save(changed);

    assertAt(only(f.verify()), AuditProblem.Kind.REORDERED, log0.getFileName().toString(), line - 6, seq);
  }

  // ---------------------------------------------------------------- the end of the log

  /**
   * The documented limit: cutting the newest records off is invisible in the files alone (the
   * shorter log is what the log once was), and shows only against a head kept elsewhere.
   */
  @Test
  void truncatedTail_isOnlyDetectedAgainstAnExpectedHead() throws Exception {
    AuditRecord newest = AuditFixture.record(lines.get(lines.size() - 1));
    AuditHead head = new AuditHead(newest.sequence(), newest.chainValue());
    int lastInterval = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (AuditFixture.record(lines.get(i)).checkpointReason() == AuditRecord.CheckpointReason.INTERVAL) {
        lastInterval = i + 1;
      }
    }
    save(new ArrayList<>(lines.subList(0, lastInterval + 1))); // the checkpoint and one event after it

    AuditVerificationReport alone = f.verify();
    assertTrue(alone.intact(), "the files alone cannot show a cut tail: " + lines(alone));
    assertTrue(alone.notes().stream().anyMatch(n -> n.contains("does not end with a close checkpoint")), alone.notes()::toString);
    assertEquals(1, alone.recordsAfterLastCheckpoint());

    AuditVerificationReport withHead = f.verifierBuilder().expectHead(head).build().verify(f.logDir);
    AuditProblem p = only(withHead);
    assertEquals(AuditProblem.Kind.TRUNCATED, p.kind(), p::toString);
    assertEquals(seqAt(lastInterval + 1) + 1, p.sequence(), p::toString);
  }

  @Test
  void expectedHeadOfAnotherLog_isReported() throws Exception {
    AuditFixture other = new AuditFixture(tmp.resolve("other"));
    try (other) {
      AuditHead foreign;
      try (AuditLog log = other.open()) {
        log.append(AuditFixture.event(1));
        foreign = log.head();
      }
      AuditProblem p = only(f.verifierBuilder().expectHead(foreign).build().verify(f.logDir));
      assertEquals(AuditProblem.Kind.MODIFIED, p.kind(), p::toString);
      assertEquals(foreign.sequence(), p.sequence());
    }
  }

  // ---------------------------------------------------------------- checkpoints

  @Test
  void wrongCheckpointKey_failsEveryCheckpoint() throws Exception {
    long checkpoints = lines.stream().filter(l -> l.contains("\"kind\":\"checkpoint\"")).count();
    AuditVerificationReport r =
        AuditLogVerifier.builder()
            .authenticator(f.chain)
            .signatureVerifier(TestEd25519.generate().verifier())
            .build()
            .verify(f.logDir);
    assertFalse(r.intact());
    List<AuditProblem> bad = r.problems().stream()
        .filter(p -> p.kind() == AuditProblem.Kind.BAD_CHECKPOINT_SIGNATURE).toList();
    assertEquals(checkpoints, bad.size(), () -> lines(r));
  }

  /**
   * Someone with the chain key but not the signing key rewrites a checkpoint: the chain holds, the
   * signature does not.
   */
  @Test
  void checkpointForgedWithTheChainKey_hasABadSignature() throws Exception {
    int line = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (AuditFixture.record(lines.get(i)).checkpointReason() == AuditRecord.CheckpointReason.INTERVAL) {
        line = i + 1;
        break;
      }
    }
    AuditRecord genuine = AuditFixture.record(lines.get(line - 1));
    byte[] logId = AuditFixture.record(lines.get(0)).logIdBytes();
    byte[] fakeSig = TestEd25519.generate().signer().sign(genuine.signedBytes(logId));
    AuditRecord forged = AuditRecord.checkpoint(genuine.sequence(), genuine.time(), AuditRecord.CheckpointReason.INTERVAL,
        genuine.previousChainValue()).withSignature(fakeSig);
    forged = forged.withTag(f.chain.computeTag(forged.authenticatedBytes(logId)));
    List<String> changed = new ArrayList<>(lines);
    changed.set(line - 1, new String(forged.toLine(), java.nio.charset.StandardCharsets.US_ASCII));
    // The next record chains to the checkpoint's tag, so the forger re-seals the rest too.
    reseal(changed, line, logId);
    save(changed);

    AuditVerificationReport r = f.verify();
    assertFalse(r.intact());
    AuditProblem p = r.problems().get(0);
    assertAt(p, AuditProblem.Kind.BAD_CHECKPOINT_SIGNATURE, log0.getFileName().toString(), line, genuine.sequence());
    assertTrue(r.problems().stream().allMatch(x -> x.kind() == AuditProblem.Kind.BAD_CHECKPOINT_SIGNATURE
        || x.kind() == AuditProblem.Kind.MISSING_CHECKPOINT), () -> lines(r));
  }

  /**
   * Someone with the chain key but not the signing key appends made-up events: more than the
   * cadence in a row is impossible for the real writer.
   */
  @Test
  void eventsForgedWithTheChainKey_beyondTheCadence_areReported() throws Exception {
    byte[] logId = AuditFixture.record(lines.get(0)).logIdBytes();
    List<String> changed = new ArrayList<>(lines.subList(0, lines.size() - 1)); // drop the close checkpoint
    AuditRecord last = AuditFixture.record(changed.get(changed.size() - 1));
    int sinceCheckpoint = 0;
    for (int i = changed.size() - 1; AuditFixture.record(changed.get(i)).kind() != AuditRecord.Kind.CHECKPOINT; i--) {
      sinceCheckpoint++;
    }
    long firstForged = last.sequence() + 1;
    for (int i = 0; i < 8; i++) {
      SecurityEvent e = SecurityEvent.builder("auth.login", SecurityEvent.Outcome.SUCCESS).subject("mallory").build();
      AuditRecord r = AuditRecord.event(last.sequence() + 1, Instant.now(), e, last.chainValue());
      r = r.withTag(f.chain.computeTag(r.authenticatedBytes(logId)));
      changed.add(new String(r.toLine(), java.nio.charset.StandardCharsets.US_ASCII));
      last = r;
    }
    save(changed);

    AuditProblem p = only(f.verify());
    long expectedAt = firstForged + (6 - sinceCheckpoint); // the 7th record after the last checkpoint
    assertEquals(AuditProblem.Kind.MISSING_CHECKPOINT, p.kind(), p::toString);
    assertEquals(expectedAt, p.sequence(), p::toString);
  }

  /**
   * Recomputes the tags from line {@code from} on, as someone holding the chain key could. Without
   * the signing key, checkpoints keep their old signatures, which no longer match.
   */
  private void reseal(List<String> changed, int from, byte[] logId) throws Exception {
    byte[] prev = AuditFixture.record(changed.get(from - 1)).chainValue();
    for (int i = from; i < changed.size(); i++) {
      AuditRecord r = AuditFixture.record(changed.get(i));
      AuditRecord draft =
          r.kind() == AuditRecord.Kind.EVENT
              ? AuditRecord.event(r.sequence(), r.time(), java.util.Objects.requireNonNull(r.event()), prev)
              : AuditRecord.checkpoint(
                      r.sequence(), r.time(), java.util.Objects.requireNonNull(r.checkpointReason()), prev)
                  .withSignature(r.signature());
      AuditRecord sealed = draft.withTag(f.chain.computeTag(draft.authenticatedBytes(logId)));
      changed.set(i, new String(sealed.toLine(), java.nio.charset.StandardCharsets.US_ASCII));
      prev = sealed.chainValue();
    }
  }

  // ---------------------------------------------------------------- files

  private AuditFixture rotated() throws Exception {
    AuditFixture g = new AuditFixture(tmp.resolve("rotated"));
    g.writeLog(30, b -> b.rotateAfterEvents(5).checkpointEvery(4));
    assertEquals(6, g.files().size());
    assertTrue(g.verify().intact());
    return g;
  }

  @Test
  void missingMiddleFile_isReportedOnce() throws Exception {
    try (AuditFixture g = rotated()) {
      Files.delete(g.file(3));
      AuditProblem p = only(g.verify());
      assertEquals(AuditProblem.Kind.MISSING_FILE, p.kind(), p::toString);
      assertTrue(p.message().contains(AuditFiles.name(3)), p::toString);
    }
  }

  @Test
  void missingFirstFile_isReported_unlessRetentionSaysSo() throws Exception {
    try (AuditFixture g = rotated()) {
      Files.delete(g.file(0));
      Files.delete(g.file(1));
      AuditProblem p = only(g.verify());
      assertEquals(AuditProblem.Kind.MISSING_FILE, p.kind(), p::toString);
      AuditVerificationReport retained = g.verifierBuilder().firstFileIndex(2).build().verify(g.logDir);
      assertTrue(retained.intact(), () -> lines(retained));
    }
  }

  @Test
  void deletedLastFile_isReportedFromTheRotationCheckpoint() throws Exception {
    try (AuditFixture g = rotated()) {
      Files.delete(g.file(5));
      AuditProblem p = only(g.verify());
      assertEquals(AuditProblem.Kind.MISSING_FILE, p.kind(), p::toString);
      assertEquals(AuditFiles.name(4), p.file());
    }
  }

  @Test
  void swappedFiles_areReportedAsMisplaced_andTheChainStillChecks() throws Exception {
    try (AuditFixture g = rotated()) {
      Path a = g.file(2);
      Path b = g.file(3);
      Path t = g.logDir.resolve("swap.tmp");
      Files.move(a, t);
      Files.move(b, a);
      Files.move(t, b);
      AuditVerificationReport r = g.verify();
      assertEquals(2, r.problems().size(), () -> lines(r));
      assertTrue(r.problems().stream().allMatch(p -> p.kind() == AuditProblem.Kind.MISPLACED_FILE), () -> lines(r));
      assertEquals(30, r.files().stream().mapToLong(AuditVerificationReport.FileSummary::events).sum());
    }
  }

  @Test
  void truncatedOlderFile_isReportedAsTruncated() throws Exception {
    try (AuditFixture g = rotated()) {
      List<String> l2 = AuditFixture.lines(g.file(2));
      AuditFixture.writeLines(g.file(2), l2.subList(0, l2.size() - 2));
      AuditProblem p = only(g.verify());
      assertEquals(AuditProblem.Kind.TRUNCATED, p.kind(), p::toString);
      assertEquals(AuditFiles.name(2), p.file());
      assertEquals(AuditFixture.record(l2.get(l2.size() - 2)).sequence(), p.sequence());
    }
  }

  @Test
  void incompleteLineInOlderFile_isMalformed() throws Exception {
    try (AuditFixture g = rotated()) {
      byte[] content = Files.readAllBytes(g.file(1));
      Files.write(g.file(1), java.util.Arrays.copyOf(content, content.length - 10));
      AuditVerificationReport r = g.verify();
      assertFalse(r.intact());
      assertTrue(r.problems().stream().anyMatch(p -> p.kind() == AuditProblem.Kind.MALFORMED
          && AuditFiles.name(1).equals(p.file())), () -> lines(r));
    }
  }

  @Test
  void fileOfAnotherLogUnderTheSameKey_isForeign() throws Exception {
    try (AuditFixture g = rotated()) {
      // A second log written with the same chain and checkpoint keys.
      Path otherDir = tmp.resolve("second");
      try (AuditLog other = AuditLog.builder(otherDir).authenticator(g.chain).signer(g.keys.signer()).build()) {
        other.append(AuditFixture.event(99));
      }
      Files.copy(otherDir.resolve(AuditFiles.name(0)), g.file(6));
      AuditVerificationReport r = g.verify();
      AuditProblem p = only(r);
      assertEquals(AuditProblem.Kind.FOREIGN_FILE, p.kind(), p::toString);
      assertEquals(AuditFiles.name(6), p.file());

      // Its records do not verify inside this log either: the log id is in every tag.
      List<String> mine = AuditFixture.lines(g.file(5));
      List<String> theirs = AuditFixture.lines(otherDir.resolve(AuditFiles.name(0)));
      Files.delete(g.file(6));
      List<String> spliced = new ArrayList<>(mine);
      spliced.add(mine.size() - 1, theirs.get(2));
      AuditFixture.writeLines(g.file(5), spliced);
      AuditProblem q = only(g.verify());
      assertEquals(AuditProblem.Kind.INSERTED, q.kind(), q::toString);
    }
  }

  @Test
  void missingOrEmptyDirectory_isReportedNotThrown() throws Exception {
    AuditVerificationReport none = f.verifierBuilder().build().verify(tmp.resolve("nowhere"));
    assertEquals(AuditProblem.Kind.UNREADABLE, only(none).kind());
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertEquals(AuditProblem.Kind.MISSING_FILE, only(f.verifierBuilder().build().verify(empty)).kind());
    Files.move(log0, tmp.resolve("elsewhere.log"), StandardCopyOption.ATOMIC_MOVE);
    assertEquals(AuditProblem.Kind.MISSING_FILE, only(f.verify()).kind());
  }
}
