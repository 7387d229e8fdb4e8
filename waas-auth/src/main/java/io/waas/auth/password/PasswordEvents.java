package io.waas.auth.password;

/**
 * Types of the {@link io.waas.core.SecurityEvent}s that password hashing and the password policy emit. Event attributes never carry
 * secrets.
 */
public final class PasswordEvents {
  private PasswordEvents() {}
}
