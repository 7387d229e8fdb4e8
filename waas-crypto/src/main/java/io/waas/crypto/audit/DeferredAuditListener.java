package io.waas.crypto.audit;

import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SecurityEventListener} that holds events until an {@link AuditLog} is attached, then
 * writes them (in order) and passes every later event straight to the log.
 *
 * <p>It breaks the circle between a key ring and an audit log whose chain key comes from that
 * same key ring: the key ring needs its listener when it is built, and the log needs the key ring.
 *
 * <pre>{@code
 * DeferredAuditListener audit = DeferredAuditListener.create();
 * KeyRing ring = KeyRing.builder()...
 *     .eventListener(SecurityEventListener.all(SecurityEventListener.logging(), audit)).build();
 * AuditLog log = AuditLog.builder(dir)
 *     .authenticator(ring.messageAuthenticator(KeyScope.tenant("audit"), "audit-chain"))
 *     .signer(signer).build();
 * audit.attach(log);   // the key store's "opened" event, and every later one, lands in the log
 * }</pre>
 *
 * <p>At most {@link #DEFAULT_CAPACITY} events (or the capacity given) wait; beyond that they are
 * counted and dropped, and the log gets an {@link AuditEvents#EVENTS_DROPPED} event saying how
 * many when it is attached.
 *
 * <p>Thread-safe.
 */
public final class DeferredAuditListener implements SecurityEventListener {
  private static final Logger LOG = LoggerFactory.getLogger(DeferredAuditListener.class);

  /** How many events wait by default before a log is attached. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final ArrayDeque<SecurityEvent> pending = new ArrayDeque<>();
  private long droppedBeforeAttach;
  private boolean attaching;
  private volatile @Nullable AuditLog log;

  private DeferredAuditListener(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Creates a listener that holds up to {@link #DEFAULT_CAPACITY} events.
   *
   * @return the listener
   */
  public static DeferredAuditListener create() {
    return new DeferredAuditListener(DEFAULT_CAPACITY);
  }

  /**
   * Creates a listener that holds up to {@code capacity} events.
   *
   * @param capacity 1 to 1,000,000
   * @return the listener
   * @throws IllegalArgumentException if out of range
   */
  public static DeferredAuditListener withCapacity(int capacity) {
    if (capacity < 1 || capacity > 1_000_000) {
      throw new IllegalArgumentException("capacity must be 1 to 1000000, was " + capacity);
    }
    return new DeferredAuditListener(capacity);
  }

  @Override
  public void onEvent(SecurityEvent event) {
    AuditLog target = log;
    if (target == null) {
      synchronized (this) {
        target = log;
        if (target == null) {
          if (pending.size() < capacity) {
            pending.add(event);
          } else {
            droppedBeforeAttach++;
          }
          return;
        }
      }
    }
    target.onEvent(event);
  }

  /**
   * Writes the waiting events to {@code auditLog} and sends it every later event.
   *
   * @param auditLog the open log
   * @throws IllegalStateException if a log is already attached
   */
  public void attach(AuditLog auditLog) {
    Objects.requireNonNull(auditLog);
    synchronized (this) {
      if (attaching) {
        throw new IllegalStateException("a log is already attached");
      }
      attaching = true;
    }
    // The log is called without holding this listener's monitor: a thread appending to the log
    // may itself raise an event that ends up here. Events that arrive meanwhile queue up behind.
    while (true) {
      SecurityEvent e;
      long dropped = 0;
      synchronized (this) {
        e = pending.poll();
        if (e == null) {
          dropped = droppedBeforeAttach;
          droppedBeforeAttach = 0;
          if (dropped == 0) {
            log = auditLog;
            return;
          }
        }
      }
      if (e != null) {
        auditLog.onEvent(e);
      } else {
        LOG.error("{} security events were dropped before the audit log was attached", dropped);
        auditLog.onEvent(
            SecurityEvent.builder(AuditEvents.EVENTS_DROPPED, SecurityEvent.Outcome.FAILURE)
                .attribute("count", Long.toString(dropped))
                .build());
      }
    }
  }

  /**
   * Returns how many events wait for a log.
   *
   * @return the number of pending events
   */
  public synchronized int pendingEvents() {
    return pending.size();
  }
}
