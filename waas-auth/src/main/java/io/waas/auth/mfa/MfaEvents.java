package io.waas.auth.mfa;

/**
 * Types of the {@link io.waas.core.SecurityEvent}s that the MFA factors emit. Event attributes never carry
 * secrets.
 */
public final class MfaEvents {
  private MfaEvents() {}
}
