package io.waas.auth.apikey;

/**
 * Types of the {@link io.waas.core.SecurityEvent}s that API key issuing and verification emit. The
 * tenant is the key's tenant and the subject its public key id — set only once the key's secret has
 * matched: refusals before that carry what the presented key claimed in the attributes {@code
 * claimedTenant} and {@code claimedKeyId} (anyone can compute the checksum, so these are
 * attacker-chosen). Attributes never carry the key, its secret part or its hash.
 */
public final class ApiKeyEvents {
  /** A key was issued ({@code SUCCESS}); attributes {@code environment}, {@code name}, optional {@code expiresAt}, {@code rotatedFrom}. */
  public static final String ISSUED = "auth.apikey.issued";

  /** A key was verified and accepted ({@code SUCCESS}). */
  public static final String VERIFIED = "auth.apikey.verified";

  /**
   * A presented key was refused; attribute {@code reason}: {@code malformed} ({@code FAILURE}, no tenant
   * or subject), {@code wrong_environment}, {@code unknown_key}, {@code secret_mismatch} ({@code DENIED},
   * with {@code claimedTenant} and {@code claimedKeyId} instead of tenant and subject), {@code revoked}
   * or {@code expired} ({@code DENIED}, tenant and subject set).
   */
  public static final String REJECTED = "auth.apikey.rejected";

  /** A key was revoked ({@code SUCCESS}). */
  public static final String REVOKED = "auth.apikey.revoked";

  private ApiKeyEvents() {}
}
