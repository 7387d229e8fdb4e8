package io.waas.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners so that a failing listener never breaks the operation that raised
 * the event.
 */
public final class SecurityEvents {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityEvents.class);

  private SecurityEvents() {}

  /**
   * Passes {@code event} to {@code listener}, logging (not propagating) anything it throws.
   *
   * @param listener the listener
   * @param event the event
   */
  public static void deliver(SecurityEventListener listener, SecurityEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      LOG.error("security event listener {} failed on {}", listener.getClass().getName(), event.type(), e);
    }
  }
}
