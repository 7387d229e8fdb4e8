package io.waas.crypto.audit;

/** The {@link io.waas.core.SecurityEvent} types an audit log writes about itself. */
public final class AuditEvents {
  /**
   * Opening the log found the last file ending in a partly written record (a crash during an
   * append) and moved those bytes aside. Attributes: {@code file}, {@code offset}, {@code bytes},
   * {@code movedTo}.
   */
  public static final String TAIL_RECOVERED = "audit.tail_recovered";

  /**
   * A {@link DeferredAuditListener} had to drop events because its buffer was full before a log
   * was attached. Attribute: {@code count}.
   */
  public static final String EVENTS_DROPPED = "audit.events_dropped";

  private AuditEvents() {}
}
