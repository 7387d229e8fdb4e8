package io.waas.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/** Logs events through SLF4J with the SECURITY marker. */
final class LoggingSecurityEventListener implements SecurityEventListener {
  static final LoggingSecurityEventListener INSTANCE = new LoggingSecurityEventListener();
  static final Marker SECURITY = MarkerFactory.getMarker("SECURITY");
  private static final Logger LOG = LoggerFactory.getLogger("io.waas.security");

  private LoggingSecurityEventListener() {}

  @Override
  public void onEvent(SecurityEvent event) {
    if (event.outcome() == SecurityEvent.Outcome.SUCCESS) {
      LOG.info(SECURITY, "{}", event);
    } else {
      LOG.warn(SECURITY, "{}", event);
    }
  }
}
