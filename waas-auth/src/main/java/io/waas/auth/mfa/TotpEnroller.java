package io.waas.auth.mfa;

import io.waas.core.SecretBytes;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.core.SecurityEvents;
import io.waas.crypto.KeyRing;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Enrolls users in TOTP: generates the secret, seals it into a pending {@link TotpFactor}, makes the
 * otpauth URI and QR code, and activates the factor once the user enters a first valid code.
 *
 * <pre>{@code
 * TotpEnroller enroller = TotpEnroller.builder(keyRing, verifier).issuer("Acme").build();
 * TotpEnrollment e = enroller.start("acme", userId, "alice@example.com");
 * db.savePendingFactor(userId, e.pendingFactor().encode());
 * respondWithPng(e.qrCodePng());                       // shown once, Cache-Control: no-store
 * // ... next request, with the code the user typed:
 * TotpFactor active = enroller.confirm(TotpFactor.parse(db.pendingFactor(userId)), code);
 * db.saveActiveFactor(userId, active.encode());
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Secrets come from {@link java.security.SecureRandom} and are as long as the HMAC's output
 *       (20, 32 or 64 bytes), as RFC 4226/6238 recommend; they are sealed at once and the plaintext
 *       is zeroed (except inside the returned {@link TotpEnrollment}'s URI, which is for display).
 *   <li>A factor is active only after a valid code was entered before the enrollment expired
 *       (default 15 minutes). Confirmation goes through the {@link TotpVerifier}, so the
 *       confirmation code cannot be replayed for the first login and wrong confirmation codes
 *       count toward the lockout.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class TotpEnroller {
  private final KeyRing keys;
  private final TotpVerifier verifier;
  private final String issuer;
  private final TotpParameters parameters;
  private final Duration expiry;
  private final Clock clock;
  private final SecurityEventListener events;

  private TotpEnroller(Builder b) {
    this.keys = b.keys;
    this.verifier = b.verifier;
    this.issuer = Objects.requireNonNull(b.issuer, "issuer must be set");
    this.parameters = b.parameters;
    this.expiry = b.expiry;
    this.clock = verifier.clock();
    this.events = b.events;
  }

  /**
   * Starts configuring an enroller.
   *
   * @param keys the key ring that seals secrets (the same the verifier uses)
   * @param verifier verifies confirmation codes; its clock is used for expiry
   * @return a builder
   */
  public static Builder builder(KeyRing keys, TotpVerifier verifier) {
    return new Builder(keys, verifier);
  }

  /**
   * Starts an enrollment: generates a secret and seals it into a pending factor with a new id.
   *
   * @param tenant the tenant id
   * @param subject the user id (part of the encryption context; never shown to the user)
   * @param accountName what the authenticator app shows under the issuer, for example the user's
   *     e-mail address; no {@code :}
   * @return the enrollment, with the pending factor to store and the URI/QR code to show
   * @throws IllegalArgumentException if tenant, subject or account name is invalid
   * @throws GeneralSecurityException if the key ring cannot encrypt
   */
  public TotpEnrollment start(String tenant, String subject, String accountName) throws GeneralSecurityException {
    Instant now = clock.instant();
    try (SecretBytes secret = SecretBytes.random(parameters.algorithm().secretLength())) {
      OtpAuthUri uri = OtpAuthUri.totp(issuer, accountName, secret, parameters);
      byte[] raw = secret.copyBytes();
      TotpFactor pending;
      try {
        pending = TotpFactor.seal(keys.encryptor(), TotpFactor.newId(), tenant, subject, parameters, raw,
            now.plus(expiry));
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
      SecurityEvents.deliver(events, SecurityEvent.builder(MfaEvents.TOTP_ENROLLMENT_STARTED,
              SecurityEvent.Outcome.SUCCESS).timestamp(now).tenant(tenant).subject(subject)
          .attribute("factorId", pending.id()).build());
      return new TotpEnrollment(this, pending, uri);
    }
  }

  /**
   * Confirms a pending factor with the first code from the user's authenticator.
   *
   * @param pending the pending factor, as stored
   * @param code the code the user typed
   * @return the active factor, to store in place of the pending one
   * @throws IllegalArgumentException if {@code pending} is already active
   * @throws EnrollmentExpiredException if the enrollment expired (start a new one)
   * @throws OtpRejectedException if the code was wrong or replayed, or the factor is locked
   * @throws GeneralSecurityException if the secret cannot be decrypted
   * @throws OtpStoreException if the replay store cannot be reached
   */
  public TotpFactor confirm(TotpFactor pending, CharSequence code) throws GeneralSecurityException {
    Instant until = pending.pendingUntil()
        .orElseThrow(() -> new IllegalArgumentException("factor " + pending.id() + " is already active"));
    Instant now = clock.instant();
    if (!now.isBefore(until)) {
      SecurityEvents.deliver(events, SecurityEvent.builder(MfaEvents.TOTP_ENROLLMENT_EXPIRED,
              SecurityEvent.Outcome.DENIED).timestamp(now).tenant(pending.tenant()).subject(pending.subject())
          .attribute("factorId", pending.id()).build());
      throw new EnrollmentExpiredException("enrollment of factor " + pending.id() + " expired at " + until);
    }
    OtpVerification v = verifier.check(pending, code);
    if (!v.isAccepted()) {
      throw new OtpRejectedException("confirmation code not accepted: " + v.status(), v);
    }
    SecurityEvents.deliver(events, SecurityEvent.builder(MfaEvents.TOTP_ENROLLMENT_CONFIRMED,
            SecurityEvent.Outcome.SUCCESS).timestamp(now).tenant(pending.tenant()).subject(pending.subject())
        .attribute("factorId", pending.id()).build());
    return pending.activated(keys.encryptor());
  }

  @Override
  public String toString() {
    return "TotpEnroller[issuer=" + issuer + ", " + parameters + ", expiry=" + expiry + "]";
  }

  /** Configures a {@link TotpEnroller}. Not thread-safe. */
  public static final class Builder {
    private final KeyRing keys;
    private final TotpVerifier verifier;
    private String issuer = "";
    private TotpParameters parameters = TotpParameters.authenticatorApps();
    private Duration expiry = Duration.ofMinutes(15);
    private SecurityEventListener events = SecurityEventListener.logging();

    private Builder(KeyRing keys, TotpVerifier verifier) {
      this.keys = Objects.requireNonNull(keys, "keys");
      this.verifier = Objects.requireNonNull(verifier, "verifier");
    }

    /**
     * Sets the issuer the authenticator app shows: your service's name (required).
     *
     * @param issuer 1 to 256 characters, no {@code :}
     * @return this builder
     * @throws IllegalArgumentException if invalid
     */
    public Builder issuer(String issuer) {
      this.issuer = OtpAuthUri.checkName("issuer", issuer);
      return this;
    }

    /**
     * Sets the parameters of new factors (default {@link TotpParameters#authenticatorApps()}).
     *
     * @param parameters the parameters
     * @return this builder
     */
    public Builder parameters(TotpParameters parameters) {
      this.parameters = Objects.requireNonNull(parameters, "parameters");
      return this;
    }

    /**
     * Sets how long a pending enrollment can be confirmed (default 15 minutes).
     *
     * @param expiry 1 minute to 7 days
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder expireAfter(Duration expiry) {
      if (expiry.compareTo(Duration.ofMinutes(1)) < 0 || expiry.compareTo(Duration.ofDays(7)) > 0) {
        throw new IllegalArgumentException("enrollment expiry must be 1 minute to 7 days");
      }
      this.expiry = expiry;
      return this;
    }

    /**
     * Sets where enrollment events go (default: {@link SecurityEventListener#logging()}).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder eventListener(SecurityEventListener listener) {
      this.events = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the enroller.
     *
     * @return the thread-safe enroller
     * @throws IllegalStateException if no issuer was set
     */
    public TotpEnroller build() {
      if (issuer.isEmpty()) {
        throw new IllegalStateException("set the issuer (your service's name) shown by authenticator apps");
      }
      return new TotpEnroller(this);
    }
  }
}
