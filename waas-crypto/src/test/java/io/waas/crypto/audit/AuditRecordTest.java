package io.waas.crypto.audit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waas.core.SecurityEvent;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The record line format: round trips, and everything that is not exactly canonical refused. */
class AuditRecordTest {
  private static final byte[] TAG = filled(AuditRecord.CHAIN_VALUE_BYTES, 7);
  private static final byte[] PREV = filled(AuditRecord.CHAIN_VALUE_BYTES, 9);
  private static final Instant T = Instant.parse("2030-01-01T10:00:00.123456789Z");

  private static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  private static String eventLine() {
    SecurityEvent e = SecurityEvent.builder("auth.login", SecurityEvent.Outcome.FAILURE)
        .timestamp(T).tenant("acme").subject("ü \"x\"").attribute("ip", "10.0.0.1").attribute("a", "").build();
    return new String(AuditRecord.event(42, T, e, PREV).withTag(TAG).toLine(), US_ASCII);
  }

  @Test
  void eachKind_roundTrips() throws Exception {
    AuditRecord header = AuditRecord.header(0, T, filled(16, 1), 0, 10, new byte[0]).withTag(TAG);
    AuditRecord later = AuditRecord.header(9, T, filled(16, 1), 3, 10, PREV).withTag(TAG);
    AuditRecord checkpoint =
        AuditRecord.checkpoint(7, T, AuditRecord.CheckpointReason.ROTATION, PREV).withSignature(filled(68, 3)).withTag(TAG);
    for (AuditRecord r : new AuditRecord[] {header, later, checkpoint}) {
      AuditRecord back = AuditRecord.parse(r.toLine());
      assertArrayEquals(r.toLine(), back.toLine());
      assertArrayEquals(r.authenticatedBytes(filled(16, 2)), back.authenticatedBytes(filled(16, 2)));
    }
    AuditRecord event = AuditRecord.parse(eventLine().getBytes(US_ASCII));
    assertEquals("ü \"x\"", java.util.Objects.requireNonNull(event.event()).subject());
    assertEquals(42, event.sequence());
    assertEquals(T, event.time());
  }

  @Test
  void authenticatedBytes_differForAbsentAndEmptyFields() throws Exception {
    SecurityEvent none = SecurityEvent.builder("a.b", SecurityEvent.Outcome.SUCCESS).timestamp(T).build();
    SecurityEvent empty = SecurityEvent.builder("a.b", SecurityEvent.Outcome.SUCCESS).timestamp(T).tenant("").build();
    byte[] log = filled(16, 0);
    assertFalse(Arrays.equals(
        AuditRecord.event(1, T, none, PREV).authenticatedBytes(log),
        AuditRecord.event(1, T, empty, PREV).authenticatedBytes(log)));
    // The log id is part of what a tag covers: the same record in another log is another record.
    assertFalse(Arrays.equals(
        AuditRecord.event(1, T, none, PREV).authenticatedBytes(log),
        AuditRecord.event(1, T, none, PREV).authenticatedBytes(filled(16, 1))));
  }

  static Stream<Arguments> notCanonical() {
    String ok = eventLine();
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("not JSON", "hello"),
        Arguments.of("space after comma", ok.replace(",\"seq\"", ", \"seq\"")),
        Arguments.of("trailing space", ok + " "),
        Arguments.of("trailing data", ok + "{}"),
        Arguments.of("fields reordered", ok.replace("\"v\":1,\"seq\":42", "\"seq\":42,\"v\":1")),
        Arguments.of("duplicate field", ok.replace("\"v\":1,", "\"v\":1,\"v\":1,")),
        Arguments.of("unknown field", ok.replace("\"v\":1,", "\"v\":1,\"x\":1,")),
        Arguments.of("missing field", ok.replace("\"outcome\":\"FAILURE\",", "")),
        Arguments.of("version 2", ok.replace("\"v\":1", "\"v\":2")),
        Arguments.of("number spelled differently", ok.replace("\"seq\":42", "\"seq\":42.0")),
        Arguments.of("leading zero", ok.replace("\"seq\":42", "\"seq\":042")),
        Arguments.of("negative sequence", ok.replace("\"seq\":42", "\"seq\":-42")),
        Arguments.of("huge sequence", ok.replace("\"seq\":42", "\"seq\":123456789012345678901234567890")),
        Arguments.of("sequence as string", ok.replace("\"seq\":42", "\"seq\":\"42\"")),
        Arguments.of("unknown kind", ok.replace("\"kind\":\"event\"", "\"kind\":\"note\"")),
        Arguments.of("unknown outcome", ok.replace("FAILURE", "MAYBE")),
        Arguments.of("bad event type", ok.replace("auth.login", "Auth Login")),
        Arguments.of("secret-looking attribute", ok.replace("\"ip\"", "\"password\"")),
        Arguments.of("unescaped escape alternative", ok.replace("\\u00FC", "\\u00fc")),
        Arguments.of("escaped ASCII", ok.replace("acme", "\\u0061cme")),
        Arguments.of("raw non-ASCII", ok.replace("\\u00FC", "\u00fc")),
        Arguments.of("unpaired surrogate", ok.replace("acme", "\\uD800")),
        Arguments.of("timestamp with offset", ok.replace("T10:00:00.123456789Z", "T11:00:00.123456789+01:00")),
        Arguments.of("bad timestamp", ok.replace("2030-01-01T10", "2030-13-01T10")),
        Arguments.of("bad base64", ok.replace("\"mac\":\"B", "\"mac\":\"*")),
        Arguments.of("short tag", ok.replaceAll("\"mac\":\"[^\"]*\"", "\"mac\":\"AAAA\"")),
        Arguments.of("missing previous value", ok.replaceAll("\"prev\":\"[^\"]*\"", "\"prev\":\"\"")),
        Arguments.of("attribute not a string", ok.replace("\"ip\":\"10.0.0.1\"", "\"ip\":1")),
        Arguments.of("nested object", ok.replace("\"ip\":\"10.0.0.1\"", "\"ip\":{}")),
        Arguments.of("line feed inside", ok.replace(",\"seq\"", ",\n\"seq\"")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notCanonical")
  void parse_notExactlyCanonical_isMalformed(String name, String line) {
    assertThrows(MalformedAuditRecordException.class, () -> AuditRecord.parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)), name);
  }

  @Test
  void parse_tooLong_isMalformedBeforeParsing() {
    byte[] huge = new byte[AuditRecord.MAX_LINE_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    MalformedAuditRecordException e = assertThrows(MalformedAuditRecordException.class, () -> AuditRecord.parse(huge));
    assertEquals("line of 65537 bytes is longer than 65536", e.getMessage());
  }

  @Test
  void parse_firstHeaderWithPreviousValue_orLaterRecordWithout_isMalformed() {
    byte[] first = AuditRecord.header(0, T, filled(16, 1), 0, 10, PREV).withTag(TAG).toLine();
    assertThrows(MalformedAuditRecordException.class, () -> AuditRecord.parse(first));
    byte[] later = AuditRecord.header(5, T, filled(16, 1), 1, 10, new byte[0]).withTag(TAG).toLine();
    assertThrows(MalformedAuditRecordException.class, () -> AuditRecord.parse(later));
  }
}
