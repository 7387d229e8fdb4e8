package io.waas.crypto.audit;

import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.MessageAuthenticator;
import io.waas.crypto.Signer;
import io.waas.crypto.VerificationFailedException;
import io.waas.crypto.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only, tamper-evident log of {@link SecurityEvent}s in a directory of its own: the
 * audit trail that monitoring and incident response (and, for instance, the HIPAA audit-controls
 * standard) ask for.
 *
 * <pre>{@code
 * MessageAuthenticator chainKey = ring.messageAuthenticator(KeyScope.tenant("audit"), "audit-chain");
 * try (AuditLog log = AuditLog.builder(Path.of("/var/lib/app/audit"))
 *     .authenticator(chainKey)
 *     .signer(checkpointSigner)                      // e.g. ring.signer("audit-checkpoints")
 *     .build()) {
 *   log.append(SecurityEvent.builder("auth.login", Outcome.FAILURE).tenant("acme").subject("u-17").build());
 * }
 * // later, anywhere with the keys:
 * AuditVerificationReport report = AuditLogVerifier.builder()
 *     .authenticator(chainKey).signatureVerifier(checkpointVerifier).build().verify(dir);
 * }</pre>
 *
 * <p>Each record (one line of JSON) carries a sequence number, the time, the event, the previous
 * record's chain value and an authentication tag over all of that; the tag is the record's own
 * chain value. Tags name the key that made them, so the chain survives rotation of the key ring
 * scope's keys. Every {@linkplain Builder#checkpointEvery N records}, at every file rotation and on
 * {@link #close()}, the log writes a checkpoint signed with a {@link Signer}, which commits to the
 * whole chain before it. Files rotate by size or event count; each new file starts with a header
 * that links to the previous file's last chain value, followed by a checkpoint. The format is
 * described in ARCHITECTURE.md ("Audit log format").
 *
 * <p>Use it as the {@link SecurityEventListener} of a key ring or any other component (through a
 * {@link DeferredAuditListener} when the log's own key comes from that key ring): {@link #onEvent}
 * appends and never throws.
 *
 * <h2>Security guarantees</h2>
 *
 * <p>Against someone who can write the log directory but holds neither the chain key (the key
 * ring's keys, i.e. its master key) nor the checkpoint signing key:
 *
 * <ul>
 *   <li>Modifying, inserting or reordering any record, deleting any record but the newest ones,
 *       and deleting, renaming, swapping or copying in files (but for removing the newest ones
 *       outright, below), is reported by {@link AuditLogVerifier}, which names the record (file,
 *       line, sequence number) or file concerned. Records copied from another log under the same
 *       key do not verify: every tag covers the log's random id.
 *   <li>They <b>can</b> cut off the newest records (and newest files) or roll the whole directory
 *       back to an older copy. The files alone cannot show this: the shorter log is exactly what the
 *       log looked like earlier. It is detected only against a head kept elsewhere ({@link #head()},
 *       or the heads passed to {@link Builder#checkpointListener}, given to {@link
 *       AuditLogVerifier.Builder#expectHead}); a log that was closed cleanly ends in a close
 *       checkpoint, so a missing one is reported as a note, but a crash looks the same.
 *   <li>They can delete everything, fill the disk, or read the log: records are authenticated, not
 *       encrypted. Events never carry secrets, but they do show tenants, subjects and activity.
 * </ul>
 *
 * <p>Someone who holds the chain key but not the signing key can additionally replace the tail
 * after any checkpoint with records of their choosing, at most as many as the checkpoint cadence
 * (more are reported as a missing checkpoint); they cannot change anything a checkpoint covers (that
 * would need the signing key or an HMAC-SHA256 collision). Someone with both keys can rewrite the
 * whole log; only heads or checkpoints copied elsewhere before the rewrite expose it. Keep the
 * signing key out of the process's reach where possible (HSM, separate service) and ship heads off
 * the machine.
 *
 * <p>Record times come from this writer's clock: the log proves order, not time. Shredding or
 * destroying the chain key's scope makes the log unverifiable; disabling its old keys does until
 * they are enabled again. Rotating them is fine.
 *
 * <p>Crash safety: each record is handed to the operating system with a single write and forced
 * according to {@link AuditDurability}. A crash can at most leave the last line incomplete; the
 * next {@link Builder#build() open} moves those bytes to a side file, cuts them off, records an
 * {@link AuditEvents#TAIL_RECOVERED} event and continues the chain from the last complete record.
 * One writer per directory at a time, enforced with a file lock.
 *
 * <p>Thread-safe: any number of threads may append; records are written one at a time, in the
 * order the appends take the log's lock.
 */
public final class AuditLog implements SecurityEventListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  /** Default checkpoint cadence, in records. */
  public static final int DEFAULT_CHECKPOINT_EVERY = 1000;

  /** Default size after which a file is rotated, in bytes (64 MiB). */
  public static final long DEFAULT_ROTATE_AFTER_BYTES = 64L * 1024 * 1024;

  /** Longest tenant, subject or attribute value kept in a record; longer ones are cut. */
  static final int MAX_TEXT_CHARS = 2048;
  /** Longest event type accepted. */
  static final int MAX_TYPE_CHARS = 256;

  /** Attributes the log adds when it had to change an event; never dropped. */
  private static final java.util.Set<String> MARKERS =
      java.util.Set.of("auditSanitized", "auditTruncated", "auditDroppedAttributes");

  private static final byte[] NO_CHAIN = new byte[0];
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final MessageAuthenticator mac;
  private final Signer signer;
  private final Clock clock;
  private final int checkpointEvery;
  private final long rotateAfterBytes;
  private final long rotateAfterEvents;
  private final AuditDurability durability;
  private final Consumer<AuditHead> checkpointListener;
  private final FileChannel lockChannel;
  private final FileLock fileLock;
  private final ReentrantLock lock = new ReentrantLock();
  private final LongAdder dropped = new LongAdder();
  private volatile @Nullable RecoveredTail recovered;

  // Guarded by lock.
  private final ArrayDeque<SecurityEvent> reentrant = new ArrayDeque<>();
  private byte[] logId = new byte[AuditRecord.LOG_ID_BYTES];
  /** The current file, or null while a rotation waits for its next file to be created. */
  private @Nullable FileChannel channel;
  private long fileIndex;
  private long fileBytes;
  private long fileEvents;
  private int fileCadence;
  private long nextSeq;
  private byte[] lastChain = NO_CHAIN;
  private AuditRecord.@Nullable CheckpointReason lastCheckpointReason;
  private boolean lastWasCheckpoint;
  private int sinceCheckpoint;
  private int unforced;
  private boolean failed;
  private boolean closed;

  /**
   * What opening the log cut off the end of the last file: the bytes of a record whose write was
   * interrupted by a crash, moved to a side file.
   *
   * @param file the log file's name
   * @param offset where the incomplete record started
   * @param length how many bytes were cut off
   * @param movedTo the side file that holds them
   */
  public record RecoveredTail(String file, long offset, long length, Path movedTo) {}

  private AuditLog(Builder b, MessageAuthenticator mac, Signer signer, FileChannel lockChannel, FileLock fileLock) {
    this.dir = b.directory;
    this.mac = mac;
    this.signer = signer;
    this.clock = b.clock;
    this.checkpointEvery = b.checkpointEvery;
    this.rotateAfterBytes = b.rotateAfterBytes;
    this.rotateAfterEvents = b.rotateAfterEvents;
    this.durability = b.durability;
    this.checkpointListener = b.checkpointListener;
    this.lockChannel = lockChannel;
    this.fileLock = fileLock;
    this.fileCadence = b.checkpointEvery;
  }

  /**
   * Starts configuring an audit log.
   *
   * @param directory the log's own directory: created owner-only if missing; if it exists it must
   *     be empty or hold an audit log
   * @return a builder
   */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  // ---------------------------------------------------------------- appending

  /**
   * Appends an event and returns once it is written (and forced, as {@link AuditDurability}
   * says).
   *
   * <p>The event is recorded as given, except that text which cannot be written faithfully is
   * repaired rather than refused, so that no caller-controlled value can keep an event out of the
   * log: unpaired surrogates become U+FFFD (attribute {@code auditSanitized=true}), tenant, subject
   * and attribute values longer than {@value #MAX_TEXT_CHARS} characters are cut (attribute {@code
   * auditTruncated=true}), and if the record would still exceed {@link
   * AuditRecord#MAX_LINE_BYTES}, the largest attributes are dropped (attribute {@code
   * auditDroppedAttributes=<n>}).
   *
   * @param event the event
   * @return the record's sequence number
   * @throws IllegalArgumentException if the event type is longer than {@value #MAX_TYPE_CHARS}
   *     characters
   * @throws IllegalStateException if the log is closed, or if called from within an append of
   *     this log (a key ring or signer calling back into it; use {@link #onEvent} there)
   * @throws AuditLogAccessException if the file cannot be written; if the failed write could not
   *     be undone, the log refuses further appends until it is opened again
   * @throws io.waas.core.KeyUnavailableException if the chain key (or the signing key, when a
   *     checkpoint is due) cannot be used
   * @throws GeneralSecurityException for other key or signing failures
   */
  public long append(SecurityEvent event) throws GeneralSecurityException {
    if (lock.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "append called from within an append of this audit log (a key ring or signer reporting"
              + " back into it); register the log as a listener instead");
    }
    SecurityEvent prepared = prepare(event);
    lock.lock();
    try {
      long seq = appendLocked(prepared);
      drainReentrant();
      return seq;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Appends an event as {@link #append} does, but never throws: a failure is logged (SLF4J, logger
   * {@code io.waas.crypto.audit.AuditLog}, ERROR) and counted in {@link #droppedEvents()}. Events
   * raised while this thread is appending (for example by the key ring whose key the chain uses)
   * are written right after the record in progress.
   *
   * @param event the event
   */
  @Override
  public void onEvent(SecurityEvent event) {
    if (lock.isHeldByCurrentThread()) {
      reentrant.add(event);
      return;
    }
    lock.lock();
    try {
      if (closed) {
        dropped.increment();
        LOG.error("audit log {} is closed; dropped event {}", dir, event.type());
        return;
      }
      appendLocked(prepare(event));
      drainReentrant();
    } catch (GeneralSecurityException | RuntimeException e) {
      dropped.increment();
      LOG.error("audit log {} could not record event {}: {}", dir, event.type(), e.toString());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes a signed checkpoint now (and forces it), for example before shipping the head
   * elsewhere.
   *
   * @return the head at the checkpoint record itself
   * @throws IllegalStateException if the log is closed
   * @throws AuditLogAccessException if the file cannot be written
   * @throws GeneralSecurityException if signing or the chain key fails
   */
  public AuditHead checkpoint() throws GeneralSecurityException {
    lock.lock();
    try {
      checkUsable();
      ensureFile();
      writeCheckpoint(AuditRecord.CheckpointReason.REQUESTED);
      drainReentrant();
      return head();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the current file with a checkpoint and continues in a new one.
   *
   * @throws IllegalStateException if the log is closed
   * @throws AuditLogAccessException if the files cannot be written
   * @throws GeneralSecurityException if signing or the chain key fails
   */
  public void rotate() throws GeneralSecurityException {
    lock.lock();
    try {
      checkUsable();
      ensureFile();
      rotateLocked();
      drainReentrant();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forces every record written so far to stable storage (useful with {@link
   * AuditDurability#batched}).
   *
   * @throws IllegalStateException if the log is closed
   * @throws AuditLogAccessException if forcing fails; the log then refuses further appends until
   *     it is opened again
   */
  public void flush() throws AuditLogAccessException {
    lock.lock();
    try {
      checkUsable();
      force();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the head: the sequence number and chain value of the last record written. Keep heads
   * outside the log to detect truncation later ({@link AuditLogVerifier.Builder#expectHead}).
   *
   * @return the current head
   */
  public AuditHead head() {
    lock.lock();
    try {
      return new AuditHead(nextSeq - 1, lastChain);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns what opening the log had to cut off after a crash, if anything.
   *
   * @return the recovered tail, or empty if the last file ended cleanly
   */
  public Optional<RecoveredTail> recoveredTail() {
    return Optional.ofNullable(recovered);
  }

  /**
   * Returns how many events {@link #onEvent} could not write (the reasons are logged).
   *
   * @return the count since the log was opened
   */
  public long droppedEvents() {
    return dropped.sum();
  }

  /**
   * Returns the log's directory.
   *
   * @return the directory
   */
  public Path directory() {
    return dir;
  }

  /**
   * Closes the log: writes and forces a close checkpoint (unless the last record already is one),
   * then releases the directory for other writers. Idempotent. The directory is released even if
   * the checkpoint fails.
   *
   * @throws AuditLogAccessException if the checkpoint cannot be written
   * @throws GeneralSecurityException if signing or the chain key fails
   */
  @Override
  public void close() throws GeneralSecurityException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      try {
        if (!failed) {
          ensureFile();
          drainReentrant();
          if (!(lastWasCheckpoint && lastCheckpointReason == AuditRecord.CheckpointReason.CLOSE)) {
            writeCheckpoint(AuditRecord.CheckpointReason.CLOSE);
          }
          if (!reentrant.isEmpty()) {
            dropped.add(reentrant.size());
            LOG.error("audit log {} closed with {} events raised during close unwritten", dir, reentrant.size());
            reentrant.clear();
          }
        }
      } finally {
        closed = true;
        closeQuietly();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "AuditLog[" + dir + "]";
  }

  // ---------------------------------------------------------------- writing (lock held)

  private long appendLocked(SecurityEvent event) throws GeneralSecurityException {
    checkUsable();
    ensureFile();
    if (sinceCheckpoint >= fileCadence) {
      // A checkpoint due after an earlier record failed; the cadence must hold before we go on.
      writeCheckpoint(AuditRecord.CheckpointReason.INTERVAL);
    }
    Instant now = clock.instant();
    AuditRecord draft = AuditRecord.event(nextSeq, now, event, lastChain);
    if (rotationDue(lineLength(draft))) {
      rotateLocked();
      draft = AuditRecord.event(nextSeq, clock.instant(), event, lastChain);
    }
    AuditRecord sealed = seal(draft);
    write(sealed);
    fileEvents++;
    if (unforced >= durability.recordsPerForce()) {
      force();
    }
    if (sinceCheckpoint >= fileCadence) {
      try {
        writeCheckpoint(AuditRecord.CheckpointReason.INTERVAL);
      } catch (GeneralSecurityException | RuntimeException e) {
        // The event is written; the checkpoint is retried before the next record.
        LOG.warn("audit log {}: checkpoint after record {} failed, will retry: {}", dir, sealed.sequence(), e.toString());
      }
    }
    return sealed.sequence();
  }

  private void drainReentrant() throws GeneralSecurityException {
    for (SecurityEvent e = reentrant.poll(); e != null; e = reentrant.poll()) {
      appendLocked(prepare(e));
    }
  }

  private boolean rotationDue(int nextLineBytes) {
    if (fileEvents == 0) {
      return false; // a file always takes at least one event, however large
    }
    return fileEvents >= rotateAfterEvents || fileBytes + nextLineBytes > rotateAfterBytes;
  }

  private void rotateLocked() throws GeneralSecurityException {
    writeCheckpoint(AuditRecord.CheckpointReason.ROTATION);
    closeChannel();
    createFile(fileIndex + 1);
  }

  /** Finishes a rotation whose new file could not be created earlier (or before a crash). */
  private void ensureFile() throws GeneralSecurityException {
    if (channel == null) {
      createFile(fileIndex + 1);
    }
  }

  private AuditRecord seal(AuditRecord draft) throws GeneralSecurityException {
    return draft.withTag(mac.computeTag(draft.authenticatedBytes(logId)));
  }

  private AuditRecord sealedCheckpoint(AuditRecord.CheckpointReason reason, long seq, Instant time, byte[] prev)
      throws GeneralSecurityException {
    AuditRecord draft = AuditRecord.checkpoint(seq, time, reason, prev);
    byte[] sig = signer.sign(draft.signedBytes(logId));
    if (sig.length == 0 || sig.length > AuditRecordCodec.MAX_SIGNATURE_BYTES) {
      throw new GeneralSecurityException("signer returned a signature of " + sig.length + " bytes");
    }
    return seal(draft.withSignature(sig));
  }

  private void writeCheckpoint(AuditRecord.CheckpointReason reason) throws GeneralSecurityException {
    AuditRecord c = sealedCheckpoint(reason, nextSeq, clock.instant(), lastChain);
    write(c);
    force();
    published(new AuditHead(c.sequence(), c.tagRaw()));
  }

  private void published(AuditHead head) {
    try {
      checkpointListener.accept(head);
    } catch (RuntimeException e) {
      LOG.error("audit log {}: checkpoint listener failed: {}", dir, e.toString());
    }
  }

  /** Creates file {@code index} atomically with its header and start checkpoint. */
  private void createFile(long index) throws GeneralSecurityException {
    if (index > AuditRecordCodec.MAX_FILE_INDEX) {
      throw new AuditLogAccessException("audit log " + dir + " has run out of file numbers", null);
    }
    Instant now = clock.instant();
    AuditRecord header = seal(AuditRecord.header(nextSeq, now, logId, index, checkpointEvery, lastChain));
    AuditRecord start =
        sealedCheckpoint(AuditRecord.CheckpointReason.FILE_START, nextSeq + 1, now, header.tagRaw());
    byte[] h = line(header);
    byte[] s = line(start);
    byte[] content = Arrays.copyOf(h, h.length + s.length);
    System.arraycopy(s, 0, content, h.length, s.length);
    Path target = dir.resolve(AuditFiles.name(index));
    FileChannel ch;
    try {
      if (Files.exists(target)) {
        throw new AuditLogAccessException("audit log file " + target + " already exists", null);
      }
      AtomicFiles.write(target, content, AtomicFiles.NO_HOOK);
      ch = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new AuditLogAccessException("cannot create audit log file " + target + ": " + e, e);
    }
    channel = ch;
    fileIndex = index;
    fileBytes = content.length;
    fileEvents = 0;
    fileCadence = checkpointEvery;
    nextSeq = start.sequence() + 1;
    lastChain = start.tagRaw();
    lastWasCheckpoint = true;
    lastCheckpointReason = AuditRecord.CheckpointReason.FILE_START;
    sinceCheckpoint = 0;
    unforced = 0;
    published(new AuditHead(start.sequence(), start.tagRaw()));
  }

  private static byte[] line(AuditRecord r) {
    byte[] body = r.toLine();
    byte[] out = Arrays.copyOf(body, body.length + 1);
    out[body.length] = '\n';
    return out;
  }

  /** Writes one sealed record with a single write; undoes a partial write if it fails. */
  private void write(AuditRecord r) throws AuditLogAccessException {
    FileChannel ch = Objects.requireNonNull(channel);
    byte[] bytes = line(r);
    long before = fileBytes;
    try {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    } catch (IOException e) {
      try {
        ch.truncate(before);
      } catch (IOException undo) {
        failed = true;
        e.addSuppressed(undo);
      }
      throw new AuditLogAccessException("cannot append to audit log " + dir + ": " + e, e);
    }
    fileBytes += bytes.length;
    nextSeq = r.sequence() + 1;
    lastChain = r.tagRaw();
    lastWasCheckpoint = r.kind() == AuditRecord.Kind.CHECKPOINT;
    if (lastWasCheckpoint) {
      lastCheckpointReason = r.checkpointReason();
      sinceCheckpoint = 0;
    } else {
      sinceCheckpoint++;
    }
    unforced++;
  }

  private void force() throws AuditLogAccessException {
    FileChannel ch = channel;
    if (ch == null || unforced == 0) {
      return;
    }
    try {
      ch.force(false);
      unforced = 0;
    } catch (IOException e) {
      // After a failed fsync the kernel may have dropped the dirty pages: nothing is certain.
      failed = true;
      throw new AuditLogAccessException("cannot force audit log " + dir + " to disk: " + e, e);
    }
  }

  private void checkUsable() throws AuditLogAccessException {
    if (closed) {
      throw new IllegalStateException("audit log " + dir + " is closed");
    }
    if (failed) {
      throw new AuditLogAccessException(
          "audit log " + dir + " stopped after a write failure; open it again to continue", null);
    }
  }

  private void closeChannel() throws AuditLogAccessException {
    FileChannel ch = channel;
    channel = null;
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        throw new AuditLogAccessException("cannot close audit log file in " + dir + ": " + e, e);
      }
    }
  }

  private void closeQuietly() {
    try {
      closeChannel();
    } catch (AuditLogAccessException e) {
      LOG.warn("{}", e.getMessage());
    }
    try {
      fileLock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.warn("audit log {}: cannot release its lock file: {}", dir, e.toString());
    }
  }

  // ---------------------------------------------------------------- events

  /** An upper bound of the line an event record takes. */
  private static int lineLength(AuditRecord draft) {
    return draft.withTag(new byte[AuditRecord.CHAIN_VALUE_BYTES]).toLine().length + 1;
  }

  /** Makes any event writable: well-formed text, bounded lengths, a bounded record. */
  static SecurityEvent prepare(SecurityEvent e) {
    if (e.type().length() > MAX_TYPE_CHARS) {
      throw new IllegalArgumentException("event type longer than " + MAX_TYPE_CHARS + " characters");
    }
    boolean[] sanitized = {false};
    boolean[] truncated = {false};
    String tenant = e.tenant() == null ? null : clean(Objects.requireNonNull(e.tenant()), sanitized, truncated);
    String subject = e.subject() == null ? null : clean(Objects.requireNonNull(e.subject()), sanitized, truncated);
    java.util.TreeMap<String, String> attrs = new java.util.TreeMap<>();
    for (Map.Entry<String, String> a : e.attributes().entrySet()) {
      attrs.put(a.getKey(), clean(a.getValue(), sanitized, truncated));
    }
    if (!sanitized[0] && !truncated[0] && fits(e)) {
      return e;
    }
    if (sanitized[0]) {
      attrs.put("auditSanitized", "true");
    }
    if (truncated[0]) {
      attrs.put("auditTruncated", "true");
    }
    SecurityEvent out = rebuild(e, tenant, subject, attrs);
    int droppedAttributes = 0;
    while (!fits(out)) {
      String largest = null;
      for (Map.Entry<String, String> a : attrs.entrySet()) {
        if (!MARKERS.contains(a.getKey())
            && (largest == null || a.getValue().length() > Objects.requireNonNull(attrs.get(largest)).length())) {
          largest = a.getKey();
        }
      }
      if (largest == null) {
        break; // cannot happen: tenant and subject alone always fit
      }
      attrs.remove(largest);
      droppedAttributes++;
      attrs.put("auditDroppedAttributes", Integer.toString(droppedAttributes));
      out = rebuild(e, tenant, subject, attrs);
    }
    return out;
  }

  private static boolean fits(SecurityEvent e) {
    AuditRecord worst = AuditRecord.event(Long.MAX_VALUE, Instant.MAX, e, new byte[AuditRecord.CHAIN_VALUE_BYTES]);
    return lineLength(worst) - 1 <= AuditRecord.MAX_LINE_BYTES;
  }

  private static SecurityEvent rebuild(
      SecurityEvent e, @Nullable String tenant, @Nullable String subject, Map<String, String> attrs) {
    SecurityEvent.Builder b =
        SecurityEvent.builder(e.type(), e.outcome()).timestamp(e.timestamp()).tenant(tenant).subject(subject);
    attrs.forEach(b::attribute);
    return b.build();
  }

  /** Replaces unpaired surrogates with U+FFFD and cuts text to {@link #MAX_TEXT_CHARS}. */
  private static String clean(String s, boolean[] sanitized, boolean[] truncated) {
    StringBuilder sb = null;
    int n = s.length();
    int limit = Math.min(n, MAX_TEXT_CHARS);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      boolean bad;
      if (Character.isHighSurrogate(c)) {
        bad = i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1));
        if (!bad && i + 1 >= limit) {
          limit = i; // do not split a pair at the cut
          break;
        }
        if (!bad) {
          if (sb != null) {
            sb.append(c).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else {
        bad = Character.isLowSurrogate(c);
      }
      if (bad && sb == null) {
        sb = new StringBuilder(limit).append(s, 0, i);
      }
      if (sb != null) {
        sb.append(bad ? '\uFFFD' : c);
      }
      if (bad) {
        sanitized[0] = true;
      }
    }
    String out = sb == null ? s.substring(0, limit) : sb.toString();
    if (limit < n) {
      truncated[0] = true;
    }
    return out;
  }

  // ---------------------------------------------------------------- opening

  private static AuditLog open(Builder b) throws GeneralSecurityException {
    MessageAuthenticator mac = b.mac;
    Signer signer = b.signer;
    if (mac == null) {
      throw new IllegalStateException("no chain key: call authenticator(...)");
    }
    if (signer == null) {
      throw new IllegalStateException("no checkpoint signer: call signer(...)");
    }
    Path dir = b.directory;
    FileChannel lockChannel;
    FileLock fileLock;
    try {
      checkDirectory(dir);
      AtomicFiles.createPrivateDirectories(dir);
      lockChannel = AtomicFiles.openLockFile(dir.resolve(AuditFiles.LOCK_FILE));
      FileLock l;
      try {
        l = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        lockChannel.close();
        throw new AuditLogAccessException("audit log " + dir + " is already open for writing", null);
      }
      fileLock = l;
    } catch (IOException e) {
      throw new AuditLogAccessException("cannot open audit log directory " + dir + ": " + e, e);
    }
    AuditLog log = new AuditLog(b, mac, signer, lockChannel, fileLock);
    boolean ok = false;
    log.lock.lock();
    try {
      log.start();
      ok = true;
      log.drainReentrant();
    } finally {
      if (!ok) {
        log.closed = true;
        log.closeQuietly();
      }
      log.lock.unlock();
    }
    return log;
  }

  /** Refuses a directory that has other things in it: it would be a mistake to write there. */
  private static void checkDirectory(Path dir) throws IOException, AuditLogAccessException {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new AuditLogAccessException("audit log path " + dir + " is not a directory", null);
    }
    try (Stream<Path> entries = Files.list(dir)) {
      boolean foreign =
          entries.map(p -> String.valueOf(p.getFileName())).anyMatch(n -> !belongsToLog(n));
      if (foreign && AuditFiles.list(dir).isEmpty()) {
        throw new AuditLogAccessException(
            dir + " is neither empty nor an audit log directory; give the log a directory of its own", null);
      }
    }
  }

  private static boolean belongsToLog(String name) {
    return AuditFiles.LOG_FILE.matcher(name).matches()
        || AuditFiles.TORN_FILE.matcher(name).matches()
        || name.equals(AuditFiles.LOCK_FILE)
        || (name.startsWith(".audit-") && name.endsWith(".tmp"));
  }

  /** Starts a new log, or resumes the newest file of an existing one. */
  private void start() throws GeneralSecurityException {
    List<AuditFiles.Named> files;
    try {
      AtomicFiles.removeStaleTemporaries(dir);
      files = AuditFiles.list(dir);
    } catch (IOException e) {
      throw new AuditLogAccessException("cannot list audit log directory " + dir + ": " + e, e);
    }
    if (files.isEmpty()) {
      RANDOM.nextBytes(logId);
      nextSeq = 0;
      lastChain = NO_CHAIN;
      createFile(0);
      return;
    }
    AuditFiles.Named last = files.get(files.size() - 1);
    Tail tail = scan(last);
    fileIndex = last.index;
    if (tail.tornLength > 0) {
      recovered = cutTornTail(last, tail);
    }
    if (tail.lastReason == AuditRecord.CheckpointReason.ROTATION) {
      channel = null; // the crash came between the rotation checkpoint and the next file
      createFile(last.index + 1);
    } else {
      try {
        channel = FileChannel.open(last.path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new AuditLogAccessException("cannot open audit log file " + last.path + ": " + e, e);
      }
    }
    RecoveredTail r = recovered;
    if (r != null) {
      LOG.warn("audit log {}: cut off {} bytes of an incomplete record at the end of {} (moved to {})",
          dir, r.length(), r.file(), r.movedTo().getFileName());
      appendLocked(
          SecurityEvent.builder(AuditEvents.TAIL_RECOVERED, SecurityEvent.Outcome.FAILURE)
              .timestamp(clock.instant())
              .attribute("file", r.file())
              .attribute("offset", Long.toString(r.offset()))
              .attribute("bytes", Long.toString(r.length()))
              .attribute("movedTo", String.valueOf(r.movedTo().getFileName()))
              .build());
    }
  }

  /** What the newest file ends with. */
  private static final class Tail {
    long goodLength;
    long tornLength;
    AuditRecord.@Nullable CheckpointReason lastReason;
  }

  /**
   * Reads the newest file and checks every record in it (format, tag, sequence, link): appending
   * to a file that does not verify would extend a chain that is already broken.
   */
  private Tail scan(AuditFiles.Named file) throws GeneralSecurityException {
    Tail t = new Tail();
    AuditRecord previous = null;
    try (LineReader lines = new LineReader(Files.newInputStream(file.path), AuditRecord.MAX_LINE_BYTES)) {
      for (LineReader.Line l = lines.next(); l != null; l = lines.next()) {
        String where = "audit log file " + file.path + " line " + l.number;
        if (!l.terminated) {
          if (l.length > AuditRecord.MAX_LINE_BYTES + 1L) {
            throw new MalformedAuditRecordException(
                where + ": ends in " + l.length + " bytes without a line feed, too many to be an"
                    + " interrupted write; refusing to cut them off (check the file)");
          }
          t.tornLength = l.length;
          break;
        }
        if (l.tooLong) {
          throw new MalformedAuditRecordException(where + ": line longer than " + AuditRecord.MAX_LINE_BYTES + " bytes");
        }
        AuditRecord r;
        try {
          r = AuditRecord.parse(l.bytes);
        } catch (MalformedAuditRecordException e) {
          throw new MalformedAuditRecordException(where + ": " + e.getMessage(), e);
        }
        if (previous == null) {
          if (r.kind() != AuditRecord.Kind.HEADER || r.fileIndex() != file.index) {
            throw new MalformedAuditRecordException(where + ": the file does not start with its header");
          }
          logId = r.logIdBytes().clone();
          fileCadence = r.checkpointEvery();
        } else if (r.sequence() != previous.sequence() + 1
            || !MessageDigest.isEqual(r.previousRaw(), previous.tagRaw())) {
          throw new VerificationFailedException(
              where + ": record " + r.sequence() + " does not follow record " + previous.sequence()
                  + "; run the verifier for details",
              null);
        } else if (r.kind() == AuditRecord.Kind.HEADER) {
          throw new MalformedAuditRecordException(where + ": a header in the middle of a file");
        }
        try {
          mac.verifyTag(r.tagRaw(), r.authenticatedBytes(logId));
        } catch (VerificationFailedException e) {
          throw new VerificationFailedException(
              where + ": record " + r.sequence() + " fails authentication (modified?); run the verifier", e);
        }
        previous = r;
        t.goodLength = l.offset + l.length + 1;
        if (r.kind() == AuditRecord.Kind.CHECKPOINT) {
          sinceCheckpoint = 0;
          t.lastReason = r.checkpointReason();
        } else {
          sinceCheckpoint++;
          t.lastReason = null;
          if (r.kind() == AuditRecord.Kind.EVENT) {
            fileEvents++;
          }
        }
      }
    } catch (IOException e) {
      throw new AuditLogAccessException("cannot read audit log file " + file.path + ": " + e, e);
    }
    if (previous == null) {
      throw new MalformedAuditRecordException(
          "audit log file " + file.path + " holds no complete record; it was not written by an AuditLog");
    }
    fileBytes = t.goodLength;
    nextSeq = previous.sequence() + 1;
    lastChain = previous.tagRaw();
    lastWasCheckpoint = previous.kind() == AuditRecord.Kind.CHECKPOINT;
    lastCheckpointReason = previous.checkpointReason();
    return t;
  }

  /**
   * Moves the bytes of an interrupted append aside and cuts them off. The side file is written
   * atomically first; the cut is a single truncate. A crash in between leaves the same torn tail,
   * handled again on the next open.
   */
  private RecoveredTail cutTornTail(AuditFiles.Named file, Tail t) throws AuditLogAccessException {
    Path side = dir.resolve(file.name() + ".torn-" + t.goodLength);
    try {
      byte[] torn = new byte[(int) t.tornLength];
      try (InputStream in = Files.newInputStream(file.path)) {
        in.skipNBytes(t.goodLength);
        in.readNBytes(torn, 0, torn.length);
      }
      AtomicFiles.write(side, torn, AtomicFiles.NO_HOOK);
      try (FileChannel ch = FileChannel.open(file.path, StandardOpenOption.WRITE)) {
        ch.truncate(t.goodLength);
        ch.force(true);
      }
    } catch (IOException e) {
      throw new AuditLogAccessException("cannot cut off the incomplete record at the end of " + file.path + ": " + e, e);
    }
    return new RecoveredTail(file.name(), t.goodLength, t.tornLength, side);
  }

  // ---------------------------------------------------------------- builder

  /** Configures and opens an {@link AuditLog}. Not thread-safe. */
  public static final class Builder {
    private final Path directory;
    private @Nullable MessageAuthenticator mac;
    private @Nullable Signer signer;
    private int checkpointEvery = DEFAULT_CHECKPOINT_EVERY;
    private long rotateAfterBytes = DEFAULT_ROTATE_AFTER_BYTES;
    private long rotateAfterEvents = Long.MAX_VALUE;
    private AuditDurability durability = AuditDurability.EVERY_RECORD;
    private Clock clock = Clock.systemUTC();
    private Consumer<AuditHead> checkpointListener = head -> {};

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory);
    }

    /**
     * Sets the chain key (required): typically {@code ring.messageAuthenticator(KeyScope.tenant(
     * "audit"), "audit-chain")}. Verifiers need the same key ring scope and purpose.
     *
     * @param authenticator the authenticator
     * @return this builder
     */
    public Builder authenticator(MessageAuthenticator authenticator) {
      this.mac = Objects.requireNonNull(authenticator);
      return this;
    }

    /**
     * Sets the checkpoint signer (required). Verifiers need its public key.
     *
     * @param signer the signer
     * @return this builder
     */
    public Builder signer(Signer signer) {
      this.signer = Objects.requireNonNull(signer);
      return this;
    }

    /**
     * Sets the checkpoint cadence (default {@value AuditLog#DEFAULT_CHECKPOINT_EVERY}): a signed
     * checkpoint after every {@code records} records. Smaller means less of the tail is protected
     * only by the chain key, at one signature per {@code records} records. For an existing log it
     * applies from the next file on.
     *
     * @param records 1 to 1,000,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder checkpointEvery(int records) {
      if (records < 1 || records > AuditRecordCodec.MAX_CHECKPOINT_EVERY) {
        throw new IllegalArgumentException("checkpoint cadence must be 1 to 1000000 records, was " + records);
      }
      this.checkpointEvery = records;
      return this;
    }

    /**
     * Rotates to a new file before a record that would take the current file past this size
     * (default 64 MiB). A file always takes at least one event; its closing checkpoint may go a
     * few hundred bytes past the limit.
     *
     * @param bytes at least 4096
     * @return this builder
     * @throws IllegalArgumentException if smaller than 4096
     */
    public Builder rotateAfterBytes(long bytes) {
      if (bytes < 4096) {
        throw new IllegalArgumentException("rotation size must be at least 4096 bytes, was " + bytes);
      }
      this.rotateAfterBytes = bytes;
      return this;
    }

    /**
     * Rotates to a new file after this many events in a file (default: no limit).
     *
     * @param events at least 1
     * @return this builder
     * @throws IllegalArgumentException if smaller than 1
     */
    public Builder rotateAfterEvents(long events) {
      if (events < 1) {
        throw new IllegalArgumentException("rotation event count must be at least 1, was " + events);
      }
      this.rotateAfterEvents = events;
      return this;
    }

    /**
     * Sets when records are forced to disk (default {@link AuditDurability#EVERY_RECORD}).
     *
     * @param durability the setting
     * @return this builder
     */
    public Builder durability(AuditDurability durability) {
      this.durability = Objects.requireNonNull(durability);
      return this;
    }

    /**
     * Sets the clock for record times (default: system UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * Sets a callback that receives the head of every checkpoint once it is on disk: ship these
     * heads off the machine (another service, a write-once store) to make truncation of the log
     * detectable. Runs on the appending thread while the log is locked: keep it fast and do not
     * call back into the log. Exceptions are logged, not propagated.
     *
     * @param listener the callback
     * @return this builder
     */
    public Builder checkpointListener(Consumer<AuditHead> listener) {
      this.checkpointListener = Objects.requireNonNull(listener);
      return this;
    }

    /**
     * Opens the log: creates it if the directory is new or empty, or resumes the newest file of an
     * existing log after checking every record in it and cutting off a record torn by a crash.
     *
     * @return the open log; close it to release the directory
     * @throws IllegalStateException if the authenticator or signer is missing
     * @throws AuditLogAccessException if the directory is not usable, holds something else, or is
     *     already open for writing
     * @throws MalformedAuditRecordException if the newest file holds a line that is not a record
     *     (other than a torn last line)
     * @throws VerificationFailedException if a record of the newest file does not verify or link
     * @throws GeneralSecurityException if the chain key or signer fails
     */
    public AuditLog build() throws GeneralSecurityException {
      return open(this);
    }
  }
}
