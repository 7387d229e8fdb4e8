package io.waas.auth.rbac;

/**
 * Types of the {@link io.waas.core.SecurityEvent}s that the RBAC authorizer and policy loading emit. Event attributes never carry
 * secrets.
 */
public final class RbacEvents {
  private RbacEvents() {}
}
