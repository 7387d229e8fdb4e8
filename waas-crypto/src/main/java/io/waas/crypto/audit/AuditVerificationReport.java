package io.waas.crypto.audit;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link AuditLogVerifier#verify} found: per-file summaries, every problem with its location,
 * and notes that are not failures (a log still open or crashed, a torn last line).
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditVerificationReport {
  /** What one file of the log holds. */
  public static final class FileSummary {
    private final String name;
    private final long index;
    private final long records;
    private final long events;
    private final long checkpoints;
    private final long firstSequence;
    private final long lastSequence;
    private final int problems;

    FileSummary(
        String name, long index, long records, long events, long checkpoints, long firstSequence,
        long lastSequence, int problems) {
      this.name = name;
      this.index = index;
      this.records = records;
      this.events = events;
      this.checkpoints = checkpoints;
      this.firstSequence = firstSequence;
      this.lastSequence = lastSequence;
      this.problems = problems;
    }

    /**
     * Returns the file's name.
     *
     * @return the name
     */
    public String name() {
      return name;
    }

    /**
     * Returns the file's index in the log (from its header, or its name if the header is bad).
     *
     * @return the index
     */
    public long index() {
      return index;
    }

    /**
     * Returns how many records of the file verified.
     *
     * @return the record count
     */
    public long records() {
      return records;
    }

    /**
     * Returns how many of those records are events.
     *
     * @return the event count
     */
    public long events() {
      return events;
    }

    /**
     * Returns how many of those records are checkpoints with a valid signature.
     *
     * @return the checkpoint count
     */
    public long checkpoints() {
      return checkpoints;
    }

    /**
     * Returns the first sequence number among the file's verified records.
     *
     * @return the sequence number, or -1 if none verified
     */
    public long firstSequence() {
      return firstSequence;
    }

    /**
     * Returns the last sequence number among the file's verified records.
     *
     * @return the sequence number, or -1 if none verified
     */
    public long lastSequence() {
      return lastSequence;
    }

    /**
     * Returns how many problems were found in this file.
     *
     * @return the problem count
     */
    public int problems() {
      return problems;
    }

    @Override
    public String toString() {
      return String.format(
          "%s: file %d, records %s, %s, %s, %s",
          name,
          index,
          records == 0 ? "none verified" : firstSequence + ".." + lastSequence,
          count(events, "event"),
          count(checkpoints, "checkpoint"),
          problems == 0 ? "ok" : count(problems, "problem"));
    }
  }

  private static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private final List<FileSummary> files;
  private final List<AuditProblem> problems;
  private final List<String> notes;
  private final @Nullable AuditHead head;
  private final @Nullable AuditHead lastCheckpoint;
  private final long recordsAfterLastCheckpoint;
  private final long omittedProblems;

  AuditVerificationReport(
      List<FileSummary> files,
      List<AuditProblem> problems,
      long omittedProblems,
      List<String> notes,
      @Nullable AuditHead head,
      @Nullable AuditHead lastCheckpoint,
      long recordsAfterLastCheckpoint) {
    this.files = List.copyOf(files);
    this.problems = List.copyOf(problems);
    this.omittedProblems = omittedProblems;
    this.notes = List.copyOf(notes);
    this.head = head;
    this.lastCheckpoint = lastCheckpoint;
    this.recordsAfterLastCheckpoint = recordsAfterLastCheckpoint;
  }

  /**
   * Tells whether no problem was found. See {@link AuditLog} ("Security guarantees") for what an
   * intact log does and does not prove, in particular about its end.
   *
   * @return whether the log verified
   */
  public boolean intact() {
    return problems.isEmpty();
  }

  /**
   * Returns the problems found, in the order of the log.
   *
   * @return the problems (at most {@link AuditLogVerifier#MAX_PROBLEMS}; see {@link
   *     #omittedProblems()})
   */
  public List<AuditProblem> problems() {
    return problems;
  }

  /**
   * Returns how many further problems were found but not listed.
   *
   * @return the count beyond {@link #problems()}
   */
  public long omittedProblems() {
    return omittedProblems;
  }

  /**
   * Returns remarks that are not failures: the log was not closed cleanly, a torn last line (a
   * crash during an append) waits to be cut off, torn tails from earlier recoveries exist.
   *
   * @return the notes
   */
  public List<String> notes() {
    return notes;
  }

  /**
   * Returns one summary per log file, in log order.
   *
   * @return the summaries
   */
  public List<FileSummary> files() {
    return files;
  }

  /**
   * Returns the last record that verified in sequence: compare it with a head kept elsewhere.
   *
   * @return the head, or empty if nothing verified
   */
  public Optional<AuditHead> head() {
    return Optional.ofNullable(head);
  }

  /**
   * Returns the last checkpoint whose signature verified.
   *
   * @return its head, or empty if none did
   */
  public Optional<AuditHead> lastCheckpoint() {
    return Optional.ofNullable(lastCheckpoint);
  }

  /**
   * Returns how many records follow the last valid checkpoint: the part of the log protected by
   * the chain key alone.
   *
   * @return the record count
   */
  public long recordsAfterLastCheckpoint() {
    return recordsAfterLastCheckpoint;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(intact() ? "audit log intact" : "audit log NOT intact");
    sb.append(": ").append(files.size()).append(files.size() == 1 ? " file" : " files");
    if (head != null) {
      sb.append(", head ").append(head.sequence());
    }
    if (!intact()) {
      long n = problems.size() + omittedProblems;
      sb.append(", ").append(n).append(n == 1 ? " problem" : " problems");
    }
    return sb.toString();
  }
}
