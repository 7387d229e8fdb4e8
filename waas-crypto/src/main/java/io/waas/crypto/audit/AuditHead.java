package io.waas.crypto.audit;

import io.waas.core.MalformedDataException;
import java.security.MessageDigest;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * A position in an audit log: a record's sequence number and chain value. The chain value commits
 * to every record up to that one, so a head kept outside the log (in another system, a ticket, a
 * write-once store) lets {@link AuditLogVerifier} detect a log that was cut back to an earlier
 * record, which the files alone cannot show.
 *
 * <p>Text form: {@code <sequence>:<base64 chain value>}, see {@link #toString()} and {@link
 * #parse(String)}. Chain values are authentication tags, not secrets.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditHead {
  private final long sequence;
  private final byte[] chainValue;

  /**
   * Creates a head.
   *
   * @param sequence the record's sequence number, at least 0
   * @param chainValue the record's chain value (its tag), {@value
   *     io.waas.crypto.MessageAuthenticator#TAG_LENGTH} bytes
   * @throws IllegalArgumentException if either is out of range
   */
  public AuditHead(long sequence, byte[] chainValue) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative");
    }
    if (chainValue.length != AuditRecord.CHAIN_VALUE_BYTES) {
      throw new IllegalArgumentException("chain value must be " + AuditRecord.CHAIN_VALUE_BYTES + " bytes");
    }
    this.sequence = sequence;
    this.chainValue = chainValue.clone();
  }

  /**
   * Parses the text form written by {@link #toString()}.
   *
   * @param text {@code <sequence>:<base64 chain value>}
   * @return the head
   * @throws MalformedDataException if the text is not in that form
   */
  public static AuditHead parse(String text) throws MalformedDataException {
    int colon = text.indexOf(':');
    if (colon < 1 || colon > 19) {
      throw new MalformedDataException("an audit head looks like '<sequence>:<base64 chain value>'");
    }
    try {
      long seq = Long.parseLong(text.substring(0, colon));
      byte[] value = Base64.getDecoder().decode(text.substring(colon + 1));
      AuditHead head = new AuditHead(seq, value);
      if (!head.toString().equals(text)) {
        throw new MalformedDataException("audit head is not in canonical form");
      }
      return head;
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException("malformed audit head: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the sequence number of the record.
   *
   * @return the sequence number
   */
  public long sequence() {
    return sequence;
  }

  /**
   * Returns the record's chain value.
   *
   * @return a copy of the chain value
   */
  public byte[] chainValue() {
    return chainValue.clone();
  }

  boolean matches(byte[] value) {
    return MessageDigest.isEqual(chainValue, value);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof AuditHead h && h.sequence == sequence && MessageDigest.isEqual(h.chainValue, chainValue);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(sequence) * 31 + java.util.Arrays.hashCode(chainValue);
  }

  /**
   * Returns the text form, {@code <sequence>:<base64 chain value>}.
   *
   * @return the text form
   */
  @Override
  public String toString() {
    return sequence + ":" + Base64.getEncoder().encodeToString(chainValue);
  }
}
