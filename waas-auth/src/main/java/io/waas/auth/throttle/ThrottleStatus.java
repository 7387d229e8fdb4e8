package io.waas.auth.throttle;

/**
 * What {@link LoginThrottle#begin} decided about a login attempt. Show every refusal to the user in the
 * same words ("too many attempts, try again later"), so the response does not reveal whether the account
 * exists or is locked.
 */
public enum ThrottleStatus {
  /** The attempt may check the password. */
  ALLOWED,
  /** Refused: the account is in a back-off delay after recent failures. */
  ACCOUNT_THROTTLED,
  /** Refused: the client address is in a back-off delay after recent failures. */
  ADDRESS_THROTTLED,
  /** Refused: the account reached the lockout threshold. */
  ACCOUNT_LOCKED
}
