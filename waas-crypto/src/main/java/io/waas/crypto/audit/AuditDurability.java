package io.waas.crypto.audit;

/**
 * When an {@link AuditLog} forces appended records to stable storage ({@link
 * java.nio.channels.FileChannel#force}).
 *
 * <p>Whatever the setting, every record is handed to the operating system with one write before
 * {@link AuditLog#append} returns, so a crash of the <em>process</em> (even {@code kill -9}) loses
 * nothing that {@code append} returned for. The setting matters only when the <em>machine</em>
 * fails (power loss, kernel panic): then records written but not yet forced may be lost.
 * Checkpoints, file rotation, {@link AuditLog#flush()} and {@link AuditLog#close()} always force.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditDurability {
  /**
   * Forces every record before {@code append} returns: nothing that returned is ever lost. One
   * {@code fdatasync} per record; the default.
   */
  public static final AuditDurability EVERY_RECORD = new AuditDurability(1);

  private final int records;

  private AuditDurability(int records) {
    this.records = records;
  }

  /**
   * Forces after every {@code records} records (and at checkpoints, rotation, flush and close). If
   * the machine fails, up to {@code records - 1} records that {@code append} already returned for
   * may be lost, never more, and never a record before the last checkpoint. File systems may write
   * unforced blocks back in any order, so the loss can also show as a damaged stretch at the end
   * of the file rather than a clean cut; {@link AuditLogVerifier} reports it, and everything up to
   * the last checkpoint still verifies.
   *
   * @param records how many records may wait for a force, 1 to 100,000 (1 is {@link
   *     #EVERY_RECORD})
   * @return the setting
   * @throws IllegalArgumentException if {@code records} is out of range
   */
  public static AuditDurability batched(int records) {
    if (records < 1 || records > 100_000) {
      throw new IllegalArgumentException("records per force must be 1 to 100000, was " + records);
    }
    return records == 1 ? EVERY_RECORD : new AuditDurability(records);
  }

  /**
   * Returns how many records may be written before a force.
   *
   * @return the batch size; 1 forces every record
   */
  public int recordsPerForce() {
    return records;
  }

  @Override
  public String toString() {
    return records == 1 ? "AuditDurability[every record]" : "AuditDurability[every " + records + " records]";
  }
}
