package io.waas.crypto.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz properties of the audit record format: the parser on arbitrary lines fails only with its
 * typed exception and accepts only canonical records; and no single-byte change to a genuine log
 * goes unreported (except turning the last line into an incomplete one, which is indistinguishable
 * from cutting off the last record: the documented truncation limit).
 *
 * <p>In a normal build these run once per committed seed ({@code AuditRecordFuzzTestInputs} in the
 * test resources); with {@code -Pfuzz} Jazzer mutates inputs for real.
 */
class AuditRecordFuzzTest {
  private static @Nullable AuditFixture fixture;
  private static byte @Nullable [] genuine;
  private static @Nullable Path scratch;

  @BeforeAll
  static void writeGenuineLog() throws IOException, GeneralSecurityException {
    Path root = Files.createTempDirectory("waas-audit-fuzz");
    AuditFixture f = new AuditFixture(root);
    f.writeLog(6, b -> b.checkpointEvery(3));
    fixture = f;
    genuine = Files.readAllBytes(f.file(0));
    scratch = Files.createDirectory(root.resolve("scratch"));
  }

  @AfterAll
  static void deleteAll() throws IOException {
    AuditFixture f = fixture;
    if (f != null) {
      f.close();
      try (Stream<Path> files = Files.walk(f.root)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> {
          try {
            Files.deleteIfExists(p);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
      fixture = null;
    }
  }

  @FuzzTest
  void parse_arbitraryLine_throwsOnlyMalformedAuditRecord(byte[] line) {
    AuditRecord r;
    try {
      r = AuditRecord.parse(line);
    } catch (MalformedAuditRecordException e) {
      return; // the only allowed failure; any RuntimeException fails the test
    }
    // Accepted input is exactly the canonical, ASCII-only line of the record.
    assertArrayEquals(line, r.toLine());
    assertTrue(line.length <= AuditRecord.MAX_LINE_BYTES);
    for (byte b : line) {
      assertTrue(b >= 0x20 && b < 0x7f, "printable ASCII only");
    }
    assertEquals(AuditRecord.CHAIN_VALUE_BYTES, r.chainValue().length);
    boolean first = r.kind() == AuditRecord.Kind.HEADER && r.sequence() == 0 && r.fileIndex() == 0;
    assertEquals(first ? 0 : AuditRecord.CHAIN_VALUE_BYTES, r.previousChainValue().length);
    switch (r.kind()) {
      case HEADER -> {
        assertNull(r.event());
        assertEquals(32, r.logId().length());
        assertTrue(r.checkpointEvery() >= 1);
      }
      case EVENT -> assertNotNull(r.event());
      case CHECKPOINT -> {
        assertNotNull(r.checkpointReason());
        assertTrue(r.signature().length > 0);
        r.signedBytes(new byte[AuditRecord.LOG_ID_BYTES]);
      }
    }
    // What the verifier computes from any accepted record never fails.
    r.authenticatedBytes(new byte[AuditRecord.LOG_ID_BYTES]);
  }

  @FuzzTest
  void verify_anyByteChangeOfAGenuineLog_isReported(FuzzedDataProvider data) throws IOException {
    AuditFixture f = Objects.requireNonNull(fixture);
    byte[] log = Objects.requireNonNull(genuine).clone();
    int pos = data.consumeInt(0, log.length - 1);
    byte value = data.consumeByte();
    if (log[pos] == value) {
      return;
    }
    log[pos] = value;
    Path dir = Files.createDirectory(Objects.requireNonNull(scratch).resolve("run-" + System.nanoTime()));
    try {
      Files.write(dir.resolve(AuditFiles.name(0)), log);
      AuditVerificationReport report = f.verifierBuilder().build().verify(dir);
      if (pos == log.length - 1) {
        // The final line feed is gone: the last record now looks like a torn write.
        assertTrue(report.notes().stream().anyMatch(n -> n.contains("incomplete line")), report::toString);
      } else {
        assertFalse(report.intact(), "changing byte " + pos + " went unnoticed");
      }
    } finally {
      Files.deleteIfExists(dir.resolve(AuditFiles.name(0)));
      Files.deleteIfExists(dir);
    }
  }
}
