package io.waas.crypto.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.MalformedDataException;
import io.waas.core.SecurityEvent;
import io.waas.crypto.KeyMetadata;
import io.waas.crypto.VerificationFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir
  @SuppressWarnings("NullAway.Init") // injected by JUnit
  Path tmp;

  @Test
  void append_thenVerify_isIntactAndHoldsTheEvents() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      long seq;
      SecurityEvent expected = AuditFixture.event(1);
      try (AuditLog log = f.open()) {
        seq = log.append(expected);
        log.append(AuditFixture.event(2));
      }
      AuditVerificationReport report = f.verify();
      assertTrue(report.intact(), report.problems()::toString);
      assertEquals(List.of(), report.notes(), "a cleanly closed log needs no notes");
      assertEquals(1, report.files().size());
      assertEquals(2, report.files().get(0).events());

      List<String> lines = AuditFixture.lines(f.file(0));
      // header, file-start checkpoint, two events, close checkpoint
      assertEquals(5, lines.size(), lines::toString);
      AuditRecord first = AuditFixture.record(lines.get(2));
      assertEquals(seq, first.sequence());
      SecurityEvent e = Objects.requireNonNull(first.event());
      assertEquals(expected.type(), e.type());
      assertEquals(expected.outcome(), e.outcome());
      assertEquals(expected.timestamp(), e.timestamp());
      assertEquals(expected.tenant(), e.tenant());
      assertEquals(expected.subject(), e.subject());
      assertEquals(expected.attributes(), e.attributes());
      assertEquals(AuditRecord.CheckpointReason.CLOSE, AuditFixture.record(lines.get(4)).checkpointReason());
    }
  }

  @Test
  void records_chainToEachOther() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      f.writeLog(5, b -> b);
      List<String> lines = AuditFixture.lines(f.file(0));
      AuditRecord prev = null;
      for (String l : lines) {
        AuditRecord r = AuditFixture.record(l);
        if (prev == null) {
          assertEquals(0, r.sequence());
          assertEquals(0, r.previousChainValue().length);
        } else {
          assertEquals(prev.sequence() + 1, r.sequence());
          assertArrayEquals(prev.chainValue(), r.previousChainValue());
        }
        prev = r;
      }
    }
  }

  @Test
  void reopen_continuesTheChain() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      AuditHead before;
      try (AuditLog log = f.open()) {
        log.append(AuditFixture.event(1));
        before = log.head();
      }
      try (AuditLog log = f.open()) {
        assertTrue(log.recoveredTail().isEmpty());
        assertEquals(before.sequence() + 2, log.append(AuditFixture.event(2)), "after the close checkpoint");
      }
      AuditVerificationReport report = f.verifierBuilder().expectHead(before).build().verify(f.logDir);
      assertTrue(report.intact(), report.problems()::toString);
      assertEquals(2, report.files().get(0).events());
    }
  }

  @Test
  void checkpoints_followTheCadence() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      f.writeLog(12, b -> b.checkpointEvery(5));
      List<AuditRecord> records = new ArrayList<>();
      for (String l : AuditFixture.lines(f.file(0))) {
        records.add(AuditFixture.record(l));
      }
      int run = 0;
      int intervals = 0;
      for (AuditRecord r : records) {
        if (r.kind() == AuditRecord.Kind.CHECKPOINT) {
          if (r.checkpointReason() == AuditRecord.CheckpointReason.INTERVAL) {
            assertEquals(5, run, "an interval checkpoint after exactly 5 records");
            intervals++;
          }
          run = 0;
        } else {
          run++;
          assertTrue(run <= 5, "never more than 5 records without a checkpoint");
        }
      }
      assertEquals(2, intervals, "after events 5 and 10; the last 2 end in the close checkpoint");
      AuditVerificationReport report = f.verify();
      assertTrue(report.intact(), report.problems()::toString);
      assertEquals(0, report.recordsAfterLastCheckpoint());
    }
  }

  @Test
  void checkpoint_onRequest_returnsItsHeadAndNotifiesTheListener() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      List<AuditHead> shipped = new ArrayList<>();
      try (AuditLog log = f.builder().checkpointListener(shipped::add).build()) {
        log.append(AuditFixture.event(1));
        AuditHead h = log.checkpoint();
        assertEquals(h, log.head());
        assertEquals(h, shipped.get(shipped.size() - 1));
      }
      assertEquals(3, shipped.size(), "file start, requested, close");
      AuditVerificationReport report = f.verifierBuilder().expectHead(shipped.get(2)).build().verify(f.logDir);
      assertTrue(report.intact(), report.problems()::toString);
      assertEquals(shipped.get(2), report.lastCheckpoint().orElseThrow());
    }
  }

  @Test
  void rotation_bySize_linksFilesAndVerifies() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      f.writeLog(60, b -> b.rotateAfterBytes(4096));
      List<Path> files = f.files();
      assertTrue(files.size() >= 3, files::toString);
      for (int i = 0; i < files.size(); i++) {
        assertTrue(Files.size(files.get(i)) <= 4096 + 400, "size limit, plus the closing checkpoint");
        List<String> lines = AuditFixture.lines(files.get(i));
        AuditRecord header = AuditFixture.record(lines.get(0));
        assertEquals(AuditRecord.Kind.HEADER, header.kind());
        assertEquals(i, header.fileIndex());
        assertEquals(AuditRecord.CheckpointReason.FILE_START, AuditFixture.record(lines.get(1)).checkpointReason());
        AuditRecord end = AuditFixture.record(lines.get(lines.size() - 1));
        assertEquals(
            i == files.size() - 1 ? AuditRecord.CheckpointReason.CLOSE : AuditRecord.CheckpointReason.ROTATION,
            end.checkpointReason());
        if (i > 0) {
          List<String> previous = AuditFixture.lines(files.get(i - 1));
          AuditRecord last = AuditFixture.record(previous.get(previous.size() - 1));
          assertArrayEquals(last.chainValue(), header.previousChainValue(), "the header links to the previous file");
        }
      }
      AuditVerificationReport report = f.verify();
      assertTrue(report.intact(), report.problems()::toString);
      assertEquals(files.size(), report.files().size());
      assertEquals(60, report.files().stream().mapToLong(AuditVerificationReport.FileSummary::events).sum());
    }
  }

  @Test
  void rotation_byEventCount_andOnRequest() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      try (AuditLog log = f.builder().rotateAfterEvents(4).build()) {
        for (int i = 0; i < 10; i++) {
          log.append(AuditFixture.event(i));
        }
        log.rotate();
        log.append(AuditFixture.event(10));
      }
      AuditVerificationReport report = f.verify();
      assertTrue(report.intact(), report.problems()::toString);
      List<Long> events = report.files().stream().map(AuditVerificationReport.FileSummary::events).toList();
      assertEquals(List.of(4L, 4L, 2L, 1L), events);
    }
  }

  @Test
  void rotation_survivesChainKeyRotation_butNotDisabledOldKeys() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      try (AuditLog log = f.open()) {
        log.append(AuditFixture.event(1));
        f.ring.rotate(AuditFixture.SCOPE);
        log.append(AuditFixture.event(2));
      }
      AuditVerificationReport report = f.verify();
      assertTrue(report.intact(), report.problems()::toString);

      KeyMetadata old = f.ring.keys(AuditFixture.SCOPE).get(0);
      f.ring.disableKey(AuditFixture.SCOPE, old.keyId());
      AuditVerificationReport disabled = f.verify();
      assertFalse(disabled.intact());
      assertEquals(AuditProblem.Kind.KEY_UNAVAILABLE, disabled.problems().get(0).kind());
      assertEquals(1, disabled.problems().size(), "reported once, " + disabled.problems());
      assertTrue(disabled.notes().stream().anyMatch(n -> n.contains("more record(s) cannot be checked")), disabled.notes()::toString);
    }
  }

  @Test
  void verify_withWrongChainKey_saysSo() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      f.writeLog(3, b -> b);
      AuditVerificationReport report =
          AuditLogVerifier.builder()
              .authenticator(f.ring.messageAuthenticator(AuditFixture.SCOPE, "other-purpose"))
              .signatureVerifier(f.keys.verifier())
              .build()
              .verify(f.logDir);
      assertFalse(report.intact());
      assertTrue(report.notes().stream().anyMatch(n -> n.contains("chain key")), report.notes()::toString);
    }
  }

  @Test
  void open_secondWriter_isRefused() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp); AuditLog log = f.open()) {
      AuditLogAccessException e = assertThrows(AuditLogAccessException.class, f::open);
      assertTrue(String.valueOf(e.getMessage()).contains("already open"), e.getMessage());
      log.append(AuditFixture.event(1));
    }
  }

  @Test
  void open_directoryWithOtherFiles_isRefused() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      Files.createDirectories(f.logDir);
      Files.writeString(f.logDir.resolve("notes.txt"), "not an audit log");
      assertThrows(AuditLogAccessException.class, f::open);
      assertEquals(List.of(), f.files(), "nothing written");
    }
  }

  @Test
  void open_currentFileTampered_isRefused() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      f.writeLog(3, b -> b);
      List<String> lines = AuditFixture.lines(f.file(0));
      lines.set(3, lines.get(3).replace("user-1", "user-9"));
      AuditFixture.writeLines(f.file(0), lines);
      VerificationFailedException e = assertThrows(VerificationFailedException.class, f::open);
      assertTrue(String.valueOf(e.getMessage()).contains("line 4"), e.getMessage());
      // a line that is not a record at all
      lines.set(3, "garbage");
      AuditFixture.writeLines(f.file(0), lines);
      assertThrows(MalformedAuditRecordException.class, f::open);
    }
  }

  @Test
  void append_afterClose_isRefusedAndOnEventCountsTheDrop() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      AuditLog log = f.open();
      log.close();
      log.close(); // idempotent
      assertThrows(IllegalStateException.class, () -> log.append(AuditFixture.event(1)));
      log.onEvent(AuditFixture.event(2));
      assertEquals(1, log.droppedEvents());
    }
  }

  @Test
  void append_unwritableText_isRepairedNotRefused() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      String huge = "x".repeat(10_000);
      SecurityEvent.Builder many = SecurityEvent.builder("auth.login", SecurityEvent.Outcome.FAILURE).tenant("acme");
      for (int i = 0; i < 40; i++) {
        many.attribute("a" + i, "\u00e9".repeat(2000)); // 6 bytes each once escaped: far over 64 KiB
      }
      try (AuditLog log = f.open()) {
        log.append(SecurityEvent.builder("auth.login", SecurityEvent.Outcome.FAILURE)
            .tenant("acme").subject("bad\ud800name").attribute("note", huge).build());
        log.append(many.build());
      }
      AuditVerificationReport report = f.verify();
      assertTrue(report.intact(), report.problems()::toString);
      List<String> lines = AuditFixture.lines(f.file(0));
      SecurityEvent sanitized = Objects.requireNonNull(AuditFixture.record(lines.get(2)).event());
      assertEquals("bad\ufffdname", sanitized.subject());
      assertEquals("true", sanitized.attributes().get("auditSanitized"));
      assertEquals("true", sanitized.attributes().get("auditTruncated"));
      assertEquals(AuditLog.MAX_TEXT_CHARS, Objects.requireNonNull(sanitized.attributes().get("note")).length());
      SecurityEvent cut = Objects.requireNonNull(AuditFixture.record(lines.get(3)).event());
      assertNotNull(cut.attributes().get("auditDroppedAttributes"));
      assertTrue(lines.get(3).length() <= AuditRecord.MAX_LINE_BYTES);
      assertTrue(lines.stream().allMatch(l -> l.chars().allMatch(c -> c < 128)), "lines are ASCII");
    }
  }

  @Test
  void batchedDurability_flushAndClose_verify() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      try (AuditLog log = f.builder().durability(AuditDurability.batched(50)).build()) {
        for (int i = 0; i < 120; i++) {
          log.append(AuditFixture.event(i));
        }
        log.flush();
      }
      assertTrue(f.verify().intact());
      assertThrows(IllegalArgumentException.class, () -> AuditDurability.batched(0));
      assertEquals(AuditDurability.EVERY_RECORD, AuditDurability.batched(1));
    }
  }

  @Test
  void head_textForm_roundTrips() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp); AuditLog log = f.open()) {
      log.append(AuditFixture.event(1));
      AuditHead h = log.head();
      assertEquals(h, AuditHead.parse(h.toString()));
      assertThrows(MalformedDataException.class, () -> AuditHead.parse("12"));
      assertThrows(MalformedDataException.class, () -> AuditHead.parse("x:AAAA"));
      assertThrows(MalformedDataException.class, () -> AuditHead.parse("1:AAAA"));
      assertThrows(MalformedDataException.class, () -> AuditHead.parse("01:" + h.toString().split(":")[1]));
    }
  }

  @Test
  void builder_invalidSettings_areRefused() {
    AuditLog.Builder b = AuditLog.builder(tmp.resolve("x"));
    assertThrows(IllegalArgumentException.class, () -> b.checkpointEvery(0));
    assertThrows(IllegalArgumentException.class, () -> b.rotateAfterBytes(100));
    assertThrows(IllegalArgumentException.class, () -> b.rotateAfterEvents(0));
    assertThrows(IllegalStateException.class, b::build, "no authenticator");
    assertThrows(IllegalStateException.class, () -> AuditLogVerifier.builder().build());
    assertFalse(Files.exists(tmp.resolve("x")));
  }

  @Test
  void append_concurrentThreads_allRecordedInOneChain() throws Exception {
    int threads = 8;
    int perThread = 150;
    try (AuditFixture f = new AuditFixture(tmp)) {
      Set<Long> sequences = new HashSet<>();
      try (AuditLog log =
          f.builder().rotateAfterBytes(64 * 1024).checkpointEvery(50).durability(AuditDurability.batched(100)).build()) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
          List<Future<List<Long>>> results = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            int n = t;
            results.add(pool.submit(() -> {
              List<Long> mine = new ArrayList<>();
              for (int i = 0; i < perThread; i++) {
                if (i % 2 == 0) {
                  mine.add(log.append(AuditFixture.event(n * 1000 + i)));
                } else {
                  log.onEvent(AuditFixture.event(n * 1000 + i));
                }
              }
              return mine;
            }));
          }
          for (Future<List<Long>> r : results) {
            for (long s : r.get()) {
              assertTrue(sequences.add(s), "sequence " + s + " handed out twice");
            }
          }
        } finally {
          pool.shutdownNow();
        }
        assertEquals(0, log.droppedEvents());
      }
      AuditVerificationReport report = f.verify();
      assertTrue(report.intact(), report.problems()::toString);
      assertTrue(report.files().size() > 1, "rotated while threads appended");
      assertEquals(threads * perThread, report.files().stream().mapToLong(AuditVerificationReport.FileSummary::events).sum());
    }
  }
}
