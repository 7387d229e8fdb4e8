package io.waas.crypto.audit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing {@link AuditLogVerifier} found wrong with an audit log, and where.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditProblem {
  /** What kind of damage or tampering was found. */
  public enum Kind {
    /** A line is not an audit record (or a file ends in an incomplete line that no crash explains). */
    MALFORMED,
    /** A record is in its place but fails authentication: its content was changed. */
    MODIFIED,
    /** Records are missing from the middle of the log. */
    DELETED,
    /** A line is in the log that does not belong: a copy of another record, or a forgery. */
    INSERTED,
    /** A genuine record stands in the wrong place. */
    REORDERED,
    /**
     * Consecutive records do not chain: one of them comes from another version of the log (for
     * example an older copy, or records rewritten with the chain key).
     */
    BROKEN_LINK,
    /** A checkpoint's signature does not verify with the checkpoint verification key. */
    BAD_CHECKPOINT_SIGNATURE,
    /**
     * More records follow a checkpoint than the writer's cadence allows: records were added by
     * someone with the chain key but without the signing key, or a checkpoint was removed.
     */
    MISSING_CHECKPOINT,
    /** Records at the end of a file (or of the log, against an expected head) were cut off. */
    TRUNCATED,
    /** A file of the log's sequence is missing. */
    MISSING_FILE,
    /** A file holds another file's content: renamed, swapped, or a duplicate. */
    MISPLACED_FILE,
    /** A file belongs to another audit log. */
    FOREIGN_FILE,
    /** The chain key a record names is unknown, disabled or destroyed: it cannot be checked. */
    KEY_UNAVAILABLE,
    /** A file or the directory cannot be read. */
    UNREADABLE
  }

  private final Kind kind;
  private final @Nullable String file;
  private final long line;
  private final long sequence;
  private final String message;

  AuditProblem(Kind kind, @Nullable String file, long line, long sequence, String message) {
    this.kind = kind;
    this.file = file;
    this.line = line;
    this.sequence = sequence;
    this.message = message;
  }

  /**
   * Returns what was found.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the file concerned (its name in the log directory).
   *
   * @return the file name, or {@code null} if the problem is not about one file
   */
  public @Nullable String file() {
    return file;
  }

  /**
   * Returns the 1-based line in {@link #file()} concerned.
   *
   * @return the line, or 0 if the problem is not about one line
   */
  public long line() {
    return line;
  }

  /**
   * Returns the sequence number of the record concerned (for a range, its first).
   *
   * @return the sequence number, or -1 if unknown
   */
  public long sequence() {
    return sequence;
  }

  /**
   * Returns what was found, in words.
   *
   * @return the message
   */
  public String message() {
    return message;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof AuditProblem p
        && p.kind == kind
        && Objects.equals(p.file, file)
        && p.line == line
        && p.sequence == sequence
        && p.message.equals(message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, file, line, sequence, message);
  }

  /**
   * Returns {@code <file>:<line>: <KIND>: <message>} (file and line when known).
   *
   * @return the problem on one line
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    if (file != null) {
      sb.append(file);
      if (line > 0) {
        sb.append(':').append(line);
      }
      sb.append(": ");
    }
    return sb.append(kind).append(": ").append(message).toString();
  }
}
