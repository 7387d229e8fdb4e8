package io.waas.core;

import java.util.List;

/**
 * Receives {@link SecurityEvent}s from SDK components: the SPI through which a service connects
 * the SDK to its monitoring, alerting or audit log.
 *
 * <p>Implementations must be thread-safe and fast (they run on the caller's thread) and must not
 * throw: an exception from a listener is caught and logged by the SDK, never propagated into the
 * operation that raised the event.
 */
@FunctionalInterface
public interface SecurityEventListener {
  /**
   * Handles an event.
   *
   * @param event the event; never contains secrets
   */
  void onEvent(SecurityEvent event);

  /**
   * Returns the default listener, which logs every event through SLF4J at INFO (failures and
   * denials at WARN) with the {@code SECURITY} marker, on the logger {@code io.waas.security}.
   *
   * @return the logging listener
   */
  static SecurityEventListener logging() {
    return LoggingSecurityEventListener.INSTANCE;
  }

  /**
   * Returns a listener that drops every event.
   *
   * @return the no-op listener
   */
  static SecurityEventListener none() {
    return event -> {};
  }

  /**
   * Returns a listener that passes each event to every given listener in order; one that throws
   * does not stop the others.
   *
   * @param listeners the listeners
   * @return the combined listener
   */
  static SecurityEventListener all(SecurityEventListener... listeners) {
    List<SecurityEventListener> copy = List.of(listeners);
    return event -> {
      for (SecurityEventListener l : copy) {
        SecurityEvents.deliver(l, event);
      }
    };
  }
}
