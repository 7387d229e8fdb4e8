package io.waas.auth.apikey;

/**
 * Types of the {@link io.waas.core.SecurityEvent}s that API key issuing and verification emit. Event attributes never carry
 * secrets.
 */
public final class ApiKeyEvents {
  private ApiKeyEvents() {}
}
