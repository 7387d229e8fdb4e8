package io.waas.crypto.audit;

import io.waas.core.KeyUnavailableException;
import io.waas.core.MalformedDataException;
import io.waas.crypto.MessageAuthenticator;
import io.waas.crypto.SignatureVerifier;
import io.waas.crypto.VerificationFailedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One run of {@link AuditLogVerifier#verify}.
 *
 * <p>Design: files are ordered by the index in their (authenticated) headers, then read line by
 * line. Each line becomes an item: malformed, failing authentication, or structurally usable
 * (verified, or under a key that is unavailable). Usable records drive a small state machine over
 * sequence numbers with one usable record of look-ahead, which is what tells "this record jumped
 * ahead" (reordered) from "the records before it are gone" (deleted). Lines that fail are held
 * until the next usable record shows whether a sequence number is missing where they stand
 * (modified) or not (inserted). Gaps stay open to the end, so a record that turns up later is
 * reported as reordered, not its absence as a deletion. Only anomalies are remembered (plus a
 * bounded window of recent records, to name the original of a copy), so memory does not grow with
 * the log.
 */
final class VerificationRun {
  private static final int RECENT = 65_536;
  private static final byte[] NO_LOG_ID = new byte[AuditRecord.LOG_ID_BYTES];

  /** Where a line is. */
  private static final class Loc {
    final FileInfo file;
    final long line;

    Loc(FileInfo file, long line) {
      this.file = file;
      this.line = line;
    }

    @Override
    public String toString() {
      return file.name + ":" + line;
    }
  }

  private enum Status {
    VALID,
    UNVERIFIED,
    FAILED,
    MALFORMED
  }

  /** One line, reduced to what the analysis needs. */
  private static final class Item {
    final Loc loc;
    final Status status;
    final String detail;
    final long seq;
    final AuditRecord.@Nullable Kind kind;
    final AuditRecord.@Nullable CheckpointReason reason;
    final int cadence;
    final boolean signatureOk;
    final byte[] tag;
    final byte[] prev;

    Item(Loc loc, Status status, String detail, @Nullable AuditRecord r, boolean signatureOk) {
      this.loc = loc;
      this.status = status;
      this.detail = detail;
      this.seq = r == null ? -1 : r.sequence();
      this.kind = r == null ? null : r.kind();
      this.reason = r == null ? null : r.checkpointReason();
      this.cadence = r == null ? 0 : r.checkpointEvery();
      this.signatureOk = signatureOk;
      this.tag = r == null ? new byte[0] : r.tagRaw();
      this.prev = r == null ? new byte[0] : r.previousRaw();
    }

    boolean usable() {
      return status == Status.VALID || status == Status.UNVERIFIED;
    }
  }

  /** A log file and what the verifier learned about it. */
  private static final class FileInfo {
    final AuditFiles.Named named;
    final String name;
    @Nullable AuditRecord header;
    boolean headerValid;
    long index;
    long records;
    long events;
    long checkpoints;
    long first = -1;
    long last = -1;
    int problems;

    FileInfo(AuditFiles.Named named) {
      this.named = named;
      this.name = named.name();
      this.index = named.index;
    }
  }

  /** Sequence numbers missing between two records, some of which may turn up later. */
  private static final class Gap {
    final long start;
    final long end;
    final @Nullable Loc before;
    final Loc after;
    final boolean afterIsHeader;
    final long missing;
    final Set<Long> found = new HashSet<>();

    Gap(long start, long end, @Nullable Loc before, Loc after, boolean afterIsHeader, long missing) {
      this.start = start;
      this.end = end;
      this.before = before;
      this.after = after;
      this.afterIsHeader = afterIsHeader;
      this.missing = missing;
    }
  }

  private static final class Seen {
    final Loc loc;
    final long fingerprint;

    Seen(Loc loc, long fingerprint) {
      this.loc = loc;
      this.fingerprint = fingerprint;
    }
  }

  private final Path dir;
  private final MessageAuthenticator mac;
  private final SignatureVerifier signatures;
  private final @Nullable AuditHead expectedHead;
  private final long firstFileIndex;

  private final List<AuditProblem> problems = new ArrayList<>();
  private long omitted;
  private final List<String> notes = new ArrayList<>();
  private final List<FileInfo> files = new ArrayList<>();
  private final Map<String, Long> unavailable = new LinkedHashMap<>();
  private byte[] logId = NO_LOG_ID;

  private long expected = -1;
  private byte @Nullable [] lastTag;
  private @Nullable Item last;
  private final Map<Long, Seen> recent =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Seen> eldest) {
          return size() > RECENT;
        }
      };
  private final TreeMap<Long, Gap> gaps = new TreeMap<>();
  private final TreeMap<Long, Loc> ahead = new TreeMap<>();
  private final List<Item> pendingInvalid = new ArrayList<>();
  private final ArrayDeque<Item> buffer = new ArrayDeque<>();
  private int usableInBuffer;
  private int cadence = Integer.MAX_VALUE;
  private long sinceCheckpoint;
  /** Records in a row without a valid checkpoint, restarted where records are missing. */
  private long run;
  private boolean cadenceReported;
  private @Nullable AuditHead lastCheckpoint;
  private long verified;
  private long items;
  private boolean headSeen;
  private boolean headMatches;

  VerificationRun(
      Path dir,
      MessageAuthenticator mac,
      SignatureVerifier signatures,
      @Nullable AuditHead expectedHead,
      long firstFileIndex) {
    this.dir = dir;
    this.mac = mac;
    this.signatures = signatures;
    this.expectedHead = expectedHead;
    this.firstFileIndex = firstFileIndex;
  }

  AuditVerificationReport run() {
    List<FileInfo> included = orderFiles();
    if (included != null) {
      for (int i = 0; i < included.size(); i++) {
        read(included.get(i), i == included.size() - 1);
      }
      finish();
    }
    problems.sort(
        Comparator.comparingInt((AuditProblem p) -> fileOrder(p.file())).thenComparingLong(AuditProblem::line));
    List<AuditVerificationReport.FileSummary> summaries = new ArrayList<>();
    for (FileInfo f : files) {
      summaries.add(
          new AuditVerificationReport.FileSummary(
              f.name, f.index, f.records, f.events, f.checkpoints, f.first, f.last, f.problems));
    }
    byte[] headTag = lastTag;
    Item l = last;
    AuditHead head = l == null || headTag == null ? null : new AuditHead(l.seq, headTag);
    return new AuditVerificationReport(
        summaries, problems, omitted, notes, head, lastCheckpoint, last == null ? 0 : sinceCheckpoint);
  }

  private int fileOrder(@Nullable String name) {
    if (name == null) {
      return -1;
    }
    for (int i = 0; i < files.size(); i++) {
      if (files.get(i).name.equals(name)) {
        return i;
      }
    }
    return files.size();
  }

  // ---------------------------------------------------------------- files

  /** Lists, identifies and orders the files; reports file-level problems. Null if unreadable. */
  private @Nullable List<FileInfo> orderFiles() {
    List<AuditFiles.Named> named;
    try {
      if (!Files.isDirectory(dir)) {
        problem(AuditProblem.Kind.UNREADABLE, null, 0, -1, dir + " is not a directory (or does not exist)");
        return null;
      }
      named = AuditFiles.list(dir);
      List<String> torn = AuditFiles.tornTails(dir);
      if (!torn.isEmpty()) {
        notes.add(
            torn.size() + " incomplete record(s) cut off by earlier recoveries after crashes are kept aside: "
                + String.join(", ", torn));
      }
    } catch (IOException e) {
      problem(AuditProblem.Kind.UNREADABLE, null, 0, -1, "cannot list " + dir + ": " + e);
      return null;
    }
    if (named.isEmpty()) {
      problem(AuditProblem.Kind.MISSING_FILE, null, 0, -1, "no audit log files (audit-<number>.log) in " + dir);
      return null;
    }
    List<FileInfo> all = new ArrayList<>();
    Map<String, Integer> votes = new HashMap<>();
    for (AuditFiles.Named n : named) {
      FileInfo f = new FileInfo(n);
      try (LineReader lines = new LineReader(Files.newInputStream(n.path), AuditRecord.MAX_LINE_BYTES)) {
        LineReader.Line first = lines.next();
        if (first != null && first.terminated && !first.tooLong) {
          AuditRecord r = AuditRecord.parse(first.bytes);
          if (r.kind() == AuditRecord.Kind.HEADER) {
            f.header = r;
            mac.verifyTag(r.tagRaw(), r.authenticatedBytes(r.logIdBytes()));
            f.headerValid = true;
            votes.merge(r.logId(), 1, Integer::sum);
          }
        }
      } catch (IOException e) {
        files.add(f);
        problem(AuditProblem.Kind.UNREADABLE, f, 0, -1, "cannot read the file: " + e);
        continue;
      } catch (GeneralSecurityException | RuntimeException e) {
        // A bad header is reported when the file is read; here it only cannot vouch for the file.
      }
      all.add(f);
    }
    logId = chooseLogId(all, votes);
    String ours = HexFormat.of().formatHex(logId);
    List<FileInfo> included = new ArrayList<>();
    for (FileInfo f : all) {
      AuditRecord h = f.header;
      if (f.headerValid && h != null) {
        if (!h.logId().equals(ours)) {
          files.add(f);
          problem(AuditProblem.Kind.FOREIGN_FILE, f, 1, h.sequence(),
              "the file belongs to another audit log (log id " + h.logId() + ", this log is " + ours + ")");
          continue;
        }
        f.index = h.fileIndex();
        if (h.fileIndex() != f.named.index) {
          problem(AuditProblem.Kind.MISPLACED_FILE, f, 1, h.sequence(),
              "named as file " + f.named.index + " but holds file " + h.fileIndex()
                  + " of the log (renamed or swapped); read in its own place");
        }
      }
      included.add(f);
    }
    included.sort(Comparator.comparingLong((FileInfo f) -> f.index).thenComparingLong(f -> f.named.index));
    List<FileInfo> kept = new ArrayList<>();
    long want = firstFileIndex;
    for (FileInfo f : included) {
      if (!kept.isEmpty() && kept.get(kept.size() - 1).index == f.index) {
        files.add(f);
        problem(AuditProblem.Kind.MISPLACED_FILE, f, 0, -1,
            "holds file " + f.index + " of the log, like " + kept.get(kept.size() - 1).name + " does: a duplicate; skipped");
        continue;
      }
      if (f.index > want) {
        String which =
            f.index - want == 1
                ? "file " + AuditFiles.name(want) + " is"
                : "files " + AuditFiles.name(want) + " to " + AuditFiles.name(f.index - 1) + " are";
        problem(AuditProblem.Kind.MISSING_FILE, null, 0, -1,
            which + " missing: the log goes on in " + f.name);
      }
      want = Math.max(want, f.index + 1);
      kept.add(f);
      files.add(f);
    }
    files.sort(Comparator.comparingInt(f -> kept.contains(f) ? kept.indexOf(f) : kept.size()));
    if (!kept.isEmpty() && kept.get(0).index == 0 && firstFileIndex == 0) {
      expected = 0;
    }
    return kept;
  }

  private static byte[] chooseLogId(List<FileInfo> all, Map<String, Integer> votes) {
    String best = null;
    int bestVotes = 0;
    for (FileInfo f : all) { // file order breaks ties
      AuditRecord h = f.header;
      if (h != null && f.headerValid) {
        int v = votes.getOrDefault(h.logId(), 0);
        if (v > bestVotes) {
          best = h.logId();
          bestVotes = v;
        }
      }
    }
    if (best == null) {
      for (FileInfo f : all) {
        AuditRecord h = f.header;
        if (h != null) {
          return h.logIdBytes();
        }
      }
      return NO_LOG_ID;
    }
    return HexFormat.of().parseHex(best);
  }

  private void read(FileInfo f, boolean newest) {
    try (LineReader lines = new LineReader(Files.newInputStream(f.named.path), AuditRecord.MAX_LINE_BYTES)) {
      LineReader.Line l = lines.next();
      if (l == null) {
        problem(AuditProblem.Kind.TRUNCATED, f, 0, -1, "the file is empty: every record in it was removed");
      }
      for (; l != null; l = lines.next()) {
        Loc loc = new Loc(f, l.number);
        if (!l.terminated) {
          if (newest && l.length <= AuditRecord.MAX_LINE_BYTES + 1L) {
            notes.add(f.name + " ends in an incomplete line of " + l.length + " bytes: an append interrupted by a"
                + " crash; the log verifies up to the record before it, and opening the log cuts it off");
          } else {
            feed(new Item(loc, Status.MALFORMED,
                "the file ends in " + l.length + " bytes without a line feed"
                    + (newest ? "" : ", but it is not the newest file, where a crash could explain it"), null, false));
          }
          break;
        }
        if (l.tooLong) {
          feed(new Item(loc, Status.MALFORMED, "line longer than " + AuditRecord.MAX_LINE_BYTES + " bytes", null, false));
          continue;
        }
        feed(item(loc, l.bytes));
      }
    } catch (IOException e) {
      problem(AuditProblem.Kind.UNREADABLE, f, 0, -1, "cannot read the file: " + e);
    }
  }

  private Item item(Loc loc, byte[] line) {
    items++;
    AuditRecord r;
    try {
      r = AuditRecord.parse(line);
    } catch (MalformedAuditRecordException e) {
      return new Item(loc, Status.MALFORMED, String.valueOf(e.getMessage()), null, false);
    }
    if (r.kind() == AuditRecord.Kind.HEADER && !Arrays.equals(r.logIdBytes(), logId)) {
      return new Item(loc, Status.FAILED, "a header of another audit log", r, false);
    }
    Status status;
    String detail = "";
    try {
      mac.verifyTag(r.tagRaw(), r.authenticatedBytes(logId));
      status = Status.VALID;
      verified++;
    } catch (VerificationFailedException e) {
      status = Status.FAILED;
    } catch (KeyUnavailableException e) {
      status = Status.UNVERIFIED;
      detail = String.valueOf(e.getMessage());
    } catch (MalformedDataException e) {
      status = Status.FAILED;
      detail = "its tag is malformed";
    } catch (GeneralSecurityException | RuntimeException e) {
      status = Status.UNVERIFIED;
      detail = "the chain key cannot be used: " + e;
    }
    boolean signatureOk = false;
    if (r.kind() == AuditRecord.Kind.CHECKPOINT && status != Status.FAILED) {
      try {
        signatures.verify(r.signatureRaw(), r.signedBytes(logId));
        signatureOk = true;
      } catch (GeneralSecurityException | RuntimeException e) {
        problem(AuditProblem.Kind.BAD_CHECKPOINT_SIGNATURE, loc, r.sequence(),
            "the signature of checkpoint " + r.sequence() + " does not verify with the checkpoint key ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      }
    }
    if (status == Status.UNVERIFIED) {
      long seen = unavailable.merge(detail, 1L, Long::sum);
      if (seen == 1) {
        problem(AuditProblem.Kind.KEY_UNAVAILABLE, loc, r.sequence(),
            "record " + r.sequence() + " cannot be checked: " + detail);
      }
    }
    return new Item(loc, status, detail, r, signatureOk);
  }

  // ---------------------------------------------------------------- chain analysis

  private void feed(Item it) {
    buffer.add(it);
    if (it.usable()) {
      usableInBuffer++;
    }
    while (usableInBuffer >= 2) {
      step();
    }
  }

  private void step() {
    Item it = buffer.poll();
    if (it == null) {
      return;
    }
    if (!it.usable()) {
      pendingInvalid.add(it);
      return;
    }
    usableInBuffer--;
    Item next = null;
    for (Item b : buffer) {
      if (b.usable()) {
        next = b;
        break;
      }
    }
    handle(it, next);
  }

  private void handle(Item r, @Nullable Item next) {
    long s = r.seq;
    if (expected < 0) {
      classifyInvalid(pendingInvalid.size());
      accept(r);
      return;
    }
    if (s == expected) {
      classifyInvalid(0);
      byte[] lt = lastTag;
      Item l = last;
      if (lt != null && l != null && !Arrays.equals(r.prev, lt)) {
        problem(AuditProblem.Kind.BROKEN_LINK, r.loc, s,
            "record " + s + " does not chain to record " + l.seq + " (" + l.loc
                + "): one of them comes from another version of the log");
      }
      accept(r);
    } else if (s > expected) {
      if (next != null && next.seq >= expected && next.seq < s) {
        problem(AuditProblem.Kind.REORDERED, r.loc, s,
            "record " + s + " is out of place: it comes before record " + next.seq + " (" + next.loc + ")");
        ahead.put(s, r.loc);
        return;
      }
      NavigableMap<Long, Loc> skipped = ahead.subMap(expected, true, s - 1, true);
      long g = (s - expected) - skipped.size();
      skipped.clear();
      int invalid = pendingInvalid.size();
      classifyInvalid(g);
      long unaccounted = g - Math.min(invalid, g);
      if (g > 0) {
        run = 0; // a checkpoint may have been among the missing records: that is reported as such
        cadenceReported = false;
      }
      if (unaccounted > 0) {
        Item l = last;
        gaps.put(expected,
            new Gap(expected, s - 1, l == null ? null : l.loc, r.loc, r.kind == AuditRecord.Kind.HEADER, unaccounted));
      }
      accept(r);
    } else {
      classifyInvalid(0);
      Map.Entry<Long, Gap> e = gaps.floorEntry(s);
      Gap gap = e == null ? null : e.getValue();
      if (gap != null && s <= gap.end && gap.found.add(s)) {
        Loc before = gap.before;
        problem(AuditProblem.Kind.REORDERED, r.loc, s,
            "record " + s + " is out of place: it belongs before " + gap.after
                + (before == null ? "" : " (after " + before + ")"));
        return;
      }
      Seen original = recent.get(s);
      String where;
      if (original == null) {
        where = "a record with this sequence number came earlier in the log";
      } else if (original.fingerprint == fingerprint(r.tag)) {
        where = "it is a copy of the record at " + original.loc;
      } else {
        where = "a different record with this sequence number is at " + original.loc
            + " (an older version of the log?)";
      }
      problem(AuditProblem.Kind.INSERTED, r.loc, s, "record " + s + " does not belong here: " + where);
    }
  }

  /**
   * Reports the lines that failed since the last usable record, now that we know how many
   * sequence numbers are missing where they stand.
   */
  private void classifyInvalid(long missingHere) {
    for (Item x : pendingInvalid) {
      if (missingHere > 0) {
        if (x.status == Status.MALFORMED) {
          problem(AuditProblem.Kind.MALFORMED, x.loc, -1,
              "not an audit record (" + x.detail + "); a record is missing here, so it was probably modified");
        } else {
          problem(AuditProblem.Kind.MODIFIED, x.loc, x.seq,
              "record " + x.seq + " fails authentication: it was modified"
                  + (x.detail.isEmpty() ? "" : " (" + x.detail + ")"));
        }
      } else {
        problem(AuditProblem.Kind.INSERTED, x.loc, x.seq,
            (x.status == Status.MALFORMED ? "a line that is not an audit record (" + x.detail + ")"
                : "a record claiming sequence number " + x.seq + " that fails authentication"
                    + (x.detail.isEmpty() ? "" : " (" + x.detail + ")"))
                + " stands where no record is missing: it was inserted");
      }
    }
    pendingInvalid.clear();
  }

  private void accept(Item r) {
    long s = r.seq;
    AuditHead eh = expectedHead;
    if (eh != null && s == eh.sequence()) {
      headSeen = true;
      headMatches = eh.matches(r.tag);
    }
    expected = s + 1;
    lastTag = r.tag;
    last = r;
    recent.put(s, new Seen(r.loc, fingerprint(r.tag)));
    FileInfo f = r.loc.file;
    f.records++;
    if (f.first < 0) {
      f.first = s;
    }
    f.last = s;
    if (r.kind == AuditRecord.Kind.HEADER) {
      cadence = r.cadence;
    }
    if (r.kind == AuditRecord.Kind.EVENT) {
      f.events++;
    }
    if (r.kind == AuditRecord.Kind.CHECKPOINT && r.signatureOk) {
      f.checkpoints++;
      sinceCheckpoint = 0;
      run = 0;
      cadenceReported = false;
      lastCheckpoint = new AuditHead(s, r.tag);
    } else {
      sinceCheckpoint++;
      run++;
      if (run > cadence && !cadenceReported) {
        cadenceReported = true;
        problem(AuditProblem.Kind.MISSING_CHECKPOINT, r.loc, s,
            "record " + s + " makes " + run + " records in a row without a valid checkpoint, but the writer"
                + " signs one after at most " + cadence + ": records were added without the signing key, or a"
                + " checkpoint was removed");
      }
    }
  }

  private void finish() {
    while (!buffer.isEmpty()) {
      step();
    }
    for (Item x : pendingInvalid) {
      if (x.status != Status.MALFORMED && x.seq >= expected) {
        problem(AuditProblem.Kind.MODIFIED, x.loc, x.seq,
            "record " + x.seq + " at the end of the log fails authentication: modified, or appended without the key");
      } else if (x.status == Status.MALFORMED) {
        problem(AuditProblem.Kind.MALFORMED, x.loc, -1, "not an audit record (" + x.detail + ")");
      } else {
        problem(AuditProblem.Kind.INSERTED, x.loc, x.seq,
            "a record claiming sequence number " + x.seq + " that fails authentication, after the last record:"
                + " it was inserted");
      }
    }
    pendingInvalid.clear();
    for (Gap gap : gaps.values()) {
      long remaining = gap.missing - gap.found.size();
      if (remaining <= 0) {
        continue;
      }
      String range = gap.start == gap.end ? "record " + gap.start : "records " + gap.start + ".." + gap.end;
      String count = remaining == gap.end - gap.start + 1 ? "" : " (" + remaining + " of them)";
      Loc before = gap.before;
      if (before != null && before.file != gap.after.file) {
        if (gap.after.file.index - before.file.index > 1) {
          continue; // a missing file, reported as such
        }
        if (gap.afterIsHeader) {
          problem(AuditProblem.Kind.TRUNCATED, before.file, 0, gap.start,
              "the end of the file was cut off: " + range + count + " are missing before " + gap.after.file.name
                  + " begins");
          continue;
        }
      }
      problem(AuditProblem.Kind.DELETED, gap.after, gap.start,
          range + count + (gap.start == gap.end ? " is" : " are") + " missing"
              + (before == null ? " at the start of the log" : " between " + before + " and " + gap.after)
              + ": deleted");
    }
    for (Map.Entry<String, Long> u : unavailable.entrySet()) {
      if (u.getValue() > 1) {
        notes.add((u.getValue() - 1) + " more record(s) cannot be checked for the same reason: " + u.getKey());
      }
    }
    Item l = last;
    if (l == null) {
      if (items > 0) {
        notes.add("no record could be used; is this the chain key the log was written with?");
      }
      if (problems.isEmpty() && omitted == 0) {
        problem(AuditProblem.Kind.TRUNCATED, null, 0, -1, "the log holds no complete record");
      }
    } else {
      if (verified == 0) {
        notes.add("no record verified: is this the chain key (key ring scope and purpose) the log was written with?");
      }
      if (l.kind == AuditRecord.Kind.CHECKPOINT && l.reason == AuditRecord.CheckpointReason.ROTATION) {
        problem(AuditProblem.Kind.MISSING_FILE, l.loc.file, 0, -1,
            "the log goes on after this file (it ends with a rotation checkpoint), but "
                + AuditFiles.name(l.loc.file.index + 1)
                + " is missing: deleted, or the writer crashed while rotating (opening the log finishes that)");
      } else if (!(l.kind == AuditRecord.Kind.CHECKPOINT && l.reason == AuditRecord.CheckpointReason.CLOSE)) {
        notes.add("the log does not end with a close checkpoint: it is still open, its writer crashed, or its end"
            + " was cut off (only an expected head can tell); " + sinceCheckpoint
            + " record(s) follow the last valid checkpoint");
      }
    }
    AuditHead eh = expectedHead;
    if (eh != null) {
      if (headSeen && !headMatches) {
        problem(AuditProblem.Kind.MODIFIED, null, 0, eh.sequence(),
            "record " + eh.sequence() + " is not the expected head: the log was rewritten from there on, or the"
                + " head belongs to another log");
      } else if (!headSeen && (l == null || eh.sequence() > l.seq)) {
        long end = l == null ? -1 : l.seq;
        problem(AuditProblem.Kind.TRUNCATED, null, 0, end + 1,
            "the log ends at record " + end + " but the expected head is record " + eh.sequence() + ": at least "
                + (eh.sequence() - end) + " record(s) were cut off");
      } else if (!headSeen) {
        problem(AuditProblem.Kind.DELETED, null, 0, eh.sequence(),
            "the expected head, record " + eh.sequence() + ", is not in the log");
      }
    }
  }

  private static long fingerprint(byte[] tag) {
    return tag.length < 13 ? 0 : ByteBuffer.wrap(tag, 5, 8).getLong();
  }

  // ---------------------------------------------------------------- problems

  private void problem(AuditProblem.Kind kind, Loc loc, long seq, String message) {
    problem(kind, loc.file, loc.line, seq, message);
  }

  private void problem(AuditProblem.Kind kind, @Nullable FileInfo file, long line, long seq, String message) {
    if (file != null) {
      file.problems++;
    }
    if (problems.size() >= AuditLogVerifier.MAX_PROBLEMS) {
      omitted++;
      return;
    }
    problems.add(new AuditProblem(kind, file == null ? null : file.name, line, seq, message));
  }
}
