package io.waas.crypto.audit;

import io.waas.crypto.MessageAuthenticator;
import io.waas.crypto.SignatureVerifier;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks an audit log directory written by {@link AuditLog} and reports, rather than throws, what
 * is wrong: which record was modified, deleted, inserted or reordered, which checkpoint signature
 * is bad, which file is missing, misplaced or foreign, and, given a head kept elsewhere, whether
 * the log was cut short.
 *
 * <pre>{@code
 * AuditVerificationReport report = AuditLogVerifier.builder()
 *     .authenticator(ring.messageAuthenticator(KeyScope.tenant("audit"), "audit-chain"))
 *     .signatureVerifier(checkpointVerifier)
 *     .expectHead(AuditHead.parse(headKeptElsewhere))     // optional
 *     .build()
 *     .verify(dir);
 * if (!report.intact()) report.problems().forEach(System.out::println);
 * }</pre>
 *
 * <p>What verification proves, and what it cannot (a log cut back to an earlier record looks
 * intact without an expected head), is described in {@link AuditLog} under "Security guarantees".
 *
 * <p>How records are classified: the verifier reads the files in log order and follows the chain
 * of sequence numbers and chain values, looking one verified record ahead. A record that fails
 * authentication in the place of a missing sequence number was <em>modified</em>; one that fails
 * where nothing is missing, or repeats a sequence number, was <em>inserted</em>; a genuine record
 * whose sequence number comes too early or too late is <em>reordered</em>; sequence numbers that
 * never appear were <em>deleted</em> (or <em>truncated</em> at the end of a file). Heavy damage is
 * still reported record by record, but the classification then describes the simplest
 * explanation, not necessarily what happened.
 *
 * <p>Memory use is bounded by the number of problems, not the size of the log. Thread-safe: one
 * verifier may check many directories concurrently.
 */
public final class AuditLogVerifier {
  /** Most problems listed in a report; further ones are only counted. */
  public static final int MAX_PROBLEMS = 1000;

  private final MessageAuthenticator mac;
  private final SignatureVerifier signatures;
  private final @Nullable AuditHead expectedHead;
  private final long firstFileIndex;

  private AuditLogVerifier(Builder b, MessageAuthenticator mac, SignatureVerifier signatures) {
    this.mac = mac;
    this.signatures = signatures;
    this.expectedHead = b.expectedHead;
    this.firstFileIndex = b.firstFileIndex;
  }

  /**
   * Starts configuring a verifier.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies the audit log in {@code directory}. Never throws for a damaged, tampered, missing or
   * unreadable log: everything is in the report. Reads only; changes nothing (a torn last line is
   * noted, and left for {@link AuditLog} to cut off when it next opens the log).
   *
   * @param directory the log's directory
   * @return the report
   */
  public AuditVerificationReport verify(Path directory) {
    return new VerificationRun(directory, mac, signatures, expectedHead, firstFileIndex).run();
  }

  /** Configures an {@link AuditLogVerifier}. Not thread-safe. */
  public static final class Builder {
    private @Nullable MessageAuthenticator mac;
    private @Nullable SignatureVerifier signatures;
    private @Nullable AuditHead expectedHead;
    private long firstFileIndex;

    private Builder() {}

    /**
     * Sets the chain key (required): the same key ring scope and purpose the log was written
     * with.
     *
     * @param authenticator the authenticator
     * @return this builder
     */
    public Builder authenticator(MessageAuthenticator authenticator) {
      this.mac = Objects.requireNonNull(authenticator);
      return this;
    }

    /**
     * Sets the checkpoint verification key (required): the public key of the log's signer.
     *
     * @param verifier the signature verifier
     * @return this builder
     */
    public Builder signatureVerifier(SignatureVerifier verifier) {
      this.signatures = Objects.requireNonNull(verifier);
      return this;
    }

    /**
     * Sets a head kept outside the log (from {@link AuditLog#head()} or a checkpoint listener).
     * The log must contain that record with that chain value; a log that ends before it was
     * truncated, which the files alone cannot show.
     *
     * @param head the expected head
     * @return this builder
     */
    public Builder expectHead(AuditHead head) {
      this.expectedHead = Objects.requireNonNull(head);
      return this;
    }

    /**
     * Declares that files before this index were removed on purpose (retention), so their absence
     * is not reported (default 0: the log must be complete from its first file).
     *
     * @param index the first file that must be present, at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder firstFileIndex(long index) {
      if (index < 0) {
        throw new IllegalArgumentException("file index must not be negative");
      }
      this.firstFileIndex = index;
      return this;
    }

    /**
     * Creates the verifier.
     *
     * @return the verifier
     * @throws IllegalStateException if the authenticator or signature verifier is missing
     */
    public AuditLogVerifier build() {
      MessageAuthenticator m = mac;
      SignatureVerifier s = signatures;
      if (m == null) {
        throw new IllegalStateException("no chain key: call authenticator(...)");
      }
      if (s == null) {
        throw new IllegalStateException("no checkpoint verification key: call signatureVerifier(...)");
      }
      return new AuditLogVerifier(this, m, s);
    }
  }
}
