package io.waas.crypto.audit;

import io.waas.core.SecurityEvent;
import io.waas.crypto.MessageAuthenticator;
import io.waas.crypto.internal.ByteIO;
import io.waas.crypto.internal.ContextCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of an audit log: a file {@linkplain Kind#HEADER header}, a security {@linkplain
 * Kind#EVENT event}, or a signed {@linkplain Kind#CHECKPOINT checkpoint}. Every record carries its
 * sequence number, the time it was written, the previous record's chain value and its own
 * authentication tag, which is the chain value the next record carries.
 *
 * <p>{@link #parse} is strict: it accepts exactly the bytes the SDK writes for a record (see
 * ARCHITECTURE.md, "Audit log format") and nothing else. Parsing checks the format only; whether a
 * record is authentic is for {@link AuditLogVerifier} to say.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditRecord {
  /** Longest record line accepted, in bytes, not counting its line feed. */
  public static final int MAX_LINE_BYTES = 65_536;

  /** Length of a chain value (a {@link MessageAuthenticator} tag). */
  static final int CHAIN_VALUE_BYTES = MessageAuthenticator.TAG_LENGTH;

  /** Length of a log id. */
  static final int LOG_ID_BYTES = 16;

  static final int FORMAT_VERSION = 1;

  private static final byte[] MAC_DOMAIN = "waas-audit/v1/record\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SIGNATURE_DOMAIN =
      "waas-audit/v1/checkpoint\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NONE = new byte[0];

  /** What a record is. */
  public enum Kind {
    /** The first record of every file: log id, file index, checkpoint cadence. */
    HEADER("header", 1),
    /** A security event. */
    EVENT("event", 2),
    /** A signed checkpoint over the chain value of the record before it. */
    CHECKPOINT("checkpoint", 3);

    final String json;
    final int code;

    Kind(String json, int code) {
      this.json = json;
      this.code = code;
    }

    static @Nullable Kind of(String json) {
      for (Kind k : values()) {
        if (k.json.equals(json)) {
          return k;
        }
      }
      return null;
    }
  }

  /** Why a checkpoint was written. */
  public enum CheckpointReason {
    /** The second record of every file, right after its header. */
    FILE_START("file-start"),
    /** The writer's cadence: after every N records. */
    INTERVAL("interval"),
    /** The last record of a file that the log continues in the next file. */
    ROTATION("rotation"),
    /** Written when the log was closed cleanly. */
    CLOSE("close"),
    /** Asked for by the application ({@link AuditLog#checkpoint()}). */
    REQUESTED("requested");

    final String json;

    CheckpointReason(String json) {
      this.json = json;
    }

    static @Nullable CheckpointReason of(String json) {
      for (CheckpointReason r : values()) {
        if (r.json.equals(json)) {
          return r;
        }
      }
      return null;
    }
  }

  private final Kind kind;
  private final long sequence;
  private final Instant time;
  private final byte[] previous;
  private final byte[] tag;
  // HEADER
  private final byte[] logId;
  private final long fileIndex;
  private final int checkpointEvery;
  // EVENT
  private final @Nullable SecurityEvent event;
  // CHECKPOINT
  private final @Nullable CheckpointReason reason;
  private final byte[] signature;

  private AuditRecord(
      Kind kind,
      long sequence,
      Instant time,
      byte[] previous,
      byte[] tag,
      byte[] logId,
      long fileIndex,
      int checkpointEvery,
      @Nullable SecurityEvent event,
      @Nullable CheckpointReason reason,
      byte[] signature) {
    this.kind = kind;
    this.sequence = sequence;
    this.time = time;
    this.previous = previous;
    this.tag = tag;
    this.logId = logId;
    this.fileIndex = fileIndex;
    this.checkpointEvery = checkpointEvery;
    this.event = event;
    this.reason = reason;
    this.signature = signature;
  }

  static AuditRecord header(
      long sequence, Instant time, byte[] logId, long fileIndex, int checkpointEvery, byte[] previous) {
    return new AuditRecord(
        Kind.HEADER, sequence, time, previous, NONE, logId.clone(), fileIndex, checkpointEvery, null, null, NONE);
  }

  static AuditRecord event(long sequence, Instant time, SecurityEvent event, byte[] previous) {
    return new AuditRecord(Kind.EVENT, sequence, time, previous, NONE, NONE, -1, 0, event, null, NONE);
  }

  static AuditRecord checkpoint(long sequence, Instant time, CheckpointReason reason, byte[] previous) {
    return new AuditRecord(Kind.CHECKPOINT, sequence, time, previous, NONE, NONE, -1, 0, null, reason, NONE);
  }

  /** This checkpoint with its signature. */
  AuditRecord withSignature(byte[] sig) {
    return new AuditRecord(
        kind, sequence, time, previous, tag, logId, fileIndex, checkpointEvery, event, reason, sig.clone());
  }

  /** This record with its authentication tag. */
  AuditRecord withTag(byte[] t) {
    return new AuditRecord(
        kind, sequence, time, previous, t.clone(), logId, fileIndex, checkpointEvery, event, reason, signature);
  }

  /**
   * Parses one line of an audit log (without its line feed).
   *
   * @param line the line's bytes
   * @return the record
   * @throws MalformedAuditRecordException if the line is not exactly a record as the SDK writes it
   */
  public static AuditRecord parse(byte[] line) throws MalformedAuditRecordException {
    return AuditRecordCodec.parse(line);
  }

  /**
   * Returns the record as the line the SDK writes, without its line feed: ASCII-only JSON.
   *
   * @return the line's bytes
   */
  public byte[] toLine() {
    return AuditRecordCodec.encode(this);
  }

  /**
   * Returns what the record is.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the record's position in the log: 0 for the first file's header, then one more for
   * every record, across files.
   *
   * @return the sequence number
   */
  public long sequence() {
    return sequence;
  }

  /**
   * Returns when the record was written (for an event, see also the event's own timestamp).
   *
   * @return the time
   */
  public Instant time() {
    return time;
  }

  /**
   * Returns the chain value of the record before this one; empty for the very first record of a
   * log.
   *
   * @return a copy of the previous chain value
   */
  public byte[] previousChainValue() {
    return previous.clone();
  }

  /**
   * Returns this record's chain value: its authentication tag, which names the key that made it.
   *
   * @return a copy of the tag
   */
  public byte[] chainValue() {
    return tag.clone();
  }

  /**
   * Returns the event of an {@link Kind#EVENT} record.
   *
   * @return the event, or {@code null} for other kinds
   */
  public @Nullable SecurityEvent event() {
    return event;
  }

  /**
   * Returns why a {@link Kind#CHECKPOINT} record was written.
   *
   * @return the reason, or {@code null} for other kinds
   */
  public @Nullable CheckpointReason checkpointReason() {
    return reason;
  }

  /**
   * Returns the signature of a {@link Kind#CHECKPOINT} record.
   *
   * @return a copy of the signature; empty for other kinds
   */
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * Returns the log id of a {@link Kind#HEADER} record: 32 hex digits, the same in every file of a
   * log.
   *
   * @return the log id, or the empty string for other kinds
   */
  public String logId() {
    return HexFormat.of().formatHex(logId);
  }

  /**
   * Returns the file index of a {@link Kind#HEADER} record (0 for the first file).
   *
   * @return the index, or -1 for other kinds
   */
  public long fileIndex() {
    return fileIndex;
  }

  /**
   * Returns the checkpoint cadence a {@link Kind#HEADER} record announces: the writer never writes
   * more than this many records in a row without a checkpoint.
   *
   * @return the cadence, or 0 for other kinds
   */
  public int checkpointEvery() {
    return checkpointEvery;
  }

  byte[] logIdBytes() {
    return logId;
  }

  byte[] previousRaw() {
    return previous;
  }

  byte[] tagRaw() {
    return tag;
  }

  byte[] signatureRaw() {
    return signature;
  }

  /**
   * The bytes the record's tag authenticates: a domain label, the log id, then every field in a
   * fixed order as tagged, length-prefixed values, and last the previous chain value. The field
   * layout is injective, so two different records never authenticate the same bytes.
   *
   * @param logOf the log id of the log the record belongs to (a header uses its own)
   */
  byte[] authenticatedBytes(byte[] logOf) {
    ByteIO.Writer w = new ByteIO.Writer(256);
    w.bytes(MAC_DOMAIN).bytes(kind == Kind.HEADER ? logId : logOf);
    w.u8(kind.code).i64(sequence).i64(time.getEpochSecond()).u32(time.getNano());
    switch (kind) {
      case HEADER:
        field(w, 1, longBytes(fileIndex));
        field(w, 2, longBytes(checkpointEvery));
        break;
      case EVENT:
        SecurityEvent e = Objects.requireNonNull(event);
        field(w, 1, e.type());
        field(w, 2, e.outcome().name());
        ByteIO.Writer at = new ByteIO.Writer(12);
        at.i64(e.timestamp().getEpochSecond()).u32(e.timestamp().getNano());
        field(w, 3, at.toByteArray());
        String tenant = e.tenant();
        if (tenant != null) {
          field(w, 4, tenant);
        }
        String subject = e.subject();
        if (subject != null) {
          field(w, 5, subject);
        }
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
          field(w, 6, a.getKey());
          field(w, 7, a.getValue());
        }
        break;
      case CHECKPOINT:
        field(w, 1, Objects.requireNonNull(reason).json);
        field(w, 2, signature);
        break;
    }
    field(w, 0xff, previous);
    return w.toByteArray();
  }

  /**
   * The bytes a checkpoint's signature covers: a domain label, the log id, the sequence number,
   * the time, the reason and the previous record's chain value, which commits to every record
   * before the checkpoint.
   */
  byte[] signedBytes(byte[] logOf) {
    ByteIO.Writer w = new ByteIO.Writer(128);
    w.bytes(SIGNATURE_DOMAIN).bytes(logOf);
    w.i64(sequence).i64(time.getEpochSecond()).u32(time.getNano());
    field(w, 1, Objects.requireNonNull(reason).json);
    field(w, 0xff, previous);
    return w.toByteArray();
  }

  private static void field(ByteIO.Writer w, int fieldTag, String value) {
    field(w, fieldTag, ContextCodec.strictUtf8(value));
  }

  private static void field(ByteIO.Writer w, int fieldTag, byte[] value) {
    w.u8(fieldTag).u32(value.length).bytes(value);
  }

  private static byte[] longBytes(long v) {
    return new ByteIO.Writer(8).i64(v).toByteArray();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("AuditRecord{").append(kind.json).append(" #").append(sequence);
    if (event != null) {
      sb.append(' ').append(event.type());
    }
    if (reason != null) {
      sb.append(' ').append(reason.json);
    }
    if (kind == Kind.HEADER) {
      sb.append(" file ").append(fileIndex);
    }
    return sb.append('}').toString();
  }
}
