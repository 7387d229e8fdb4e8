package io.waas.auth.apikey;

/**
 * The outcome of {@link ApiKeys#verify}. Malformed keys are not a status: they raise {@link
 * MalformedApiKeyException}. Answer every refusal to the client alike (HTTP 401); the distinctions are
 * for logs and metrics.
 */
public enum ApiKeyStatus {
  /** The key is genuine, active and of this service's environment. */
  VALID,
  /** No key has this id, or the secret does not match it. */
  UNKNOWN,
  /** The key is genuine but was revoked. */
  REVOKED,
  /** The key is genuine but its expiry has passed. */
  EXPIRED,
  /** The key is for another environment ({@code test} presented to {@code live} or the reverse). */
  WRONG_ENVIRONMENT
}
