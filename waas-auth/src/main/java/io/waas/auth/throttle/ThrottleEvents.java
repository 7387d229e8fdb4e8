package io.waas.auth.throttle;

/**
 * Types of the {@link io.waas.core.SecurityEvent}s that login throttling emit. Event attributes never carry
 * secrets.
 */
public final class ThrottleEvents {
  private ThrottleEvents() {}
}
