package io.waas.auth.mfa;

import io.waas.core.MalformedDataException;
import io.waas.core.RandomTokens;
import io.waas.core.SecretBytes;
import io.waas.crypto.DataEncryptor;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyRing;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A user's TOTP factor as the application stores it: factor id, owner (tenant and subject), {@link
 * TotpParameters}, and the secret <em>sealed</em> by the key ring — never the plaintext secret.
 *
 * <p>A factor is either <em>pending</em> (enrolled but its first code not yet confirmed, see {@link
 * TotpEnroller}) or <em>active</em>. Store it with {@link #encode()} and read it back with {@link
 * #parse(String)}.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>The secret is encrypted with {@link KeyRing#encryptor()} under the context {@code
 *       tenant / subject / purpose "mfa-totp" / record id = factor id}, with the parameters as an
 *       authenticated attribute. A sealed secret copied into another user's or factor's record, or
 *       whose parameters were edited (say from 8 digits to 6), fails to decrypt.
 *   <li>The plaintext secret exists only briefly during verification, in arrays that are zeroed
 *       afterwards.
 *   <li>{@link #toString()} shows neither the secret nor the sealed secret.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class TotpFactor {
  static final String PREFIX = "waas-totp1";
  static final String PURPOSE = "mfa-totp";

  private final String id;
  private final String tenant;
  private final String subject;
  private final TotpParameters parameters;
  private final byte[] sealedSecret;
  private final @Nullable Instant pendingUntil;

  private TotpFactor(String id, String tenant, String subject, TotpParameters parameters, byte[] sealedSecret,
      @Nullable Instant pendingUntil) {
    this.id = id;
    this.tenant = tenant;
    this.subject = subject;
    this.parameters = parameters;
    this.sealedSecret = sealedSecret;
    this.pendingUntil = pendingUntil;
  }

  /** Seals {@code secret} (which the caller keeps and wipes) into a new factor. */
  static TotpFactor seal(DataEncryptor encryptor, String id, String tenant, String subject, TotpParameters p,
      byte[] secret, @Nullable Instant pendingUntil) throws GeneralSecurityException {
    byte[] sealed = encryptor.encrypt(secret, context(id, tenant, subject, p, pendingUntil));
    return new TotpFactor(id, tenant, subject, p, sealed, pendingUntil);
  }

  /**
   * Creates an active factor from an existing secret, for migrating users from another system
   * whose secrets you hold as otpauth URIs. New enrollments use {@link TotpEnroller}.
   *
   * @param keys the key ring that seals the secret
   * @param tenant the tenant id
   * @param subject the user id
   * @param uri a {@code totp} otpauth URI holding the secret and parameters
   * @return the active factor, with a new random id
   * @throws IllegalArgumentException if {@code uri} is an HOTP URI, or tenant or subject is
   *     invalid
   * @throws GeneralSecurityException if the key ring cannot encrypt
   */
  public static TotpFactor importActive(KeyRing keys, String tenant, String subject, OtpAuthUri uri)
      throws GeneralSecurityException {
    if (uri.type() != OtpAuthUri.Type.TOTP) {
      throw new IllegalArgumentException("not a totp otpauth URI");
    }
    try (SecretBytes s = uri.secret()) {
      byte[] secret = s.copyBytes();
      try {
        return seal(keys.encryptor(), newId(), tenant, subject, uri.totpParameters(), secret, null);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
  }

  static String newId() {
    return RandomTokens.base64Url(16);
  }

  /**
   * The sealing context. It binds the state too (pending until a time, or active), so that editing
   * the stored factor to extend an enrollment or to mark an unconfirmed factor active makes the
   * secret undecryptable instead of usable.
   */
  static EncryptionContext context(
      String id, String tenant, String subject, TotpParameters p, @Nullable Instant pendingUntil) {
    return EncryptionContext.builder(tenant).subject(subject).purpose(PURPOSE).recordId(id)
        .attribute("otp", "totp:" + p.algorithm().uriName() + ":" + p.digits() + ":" + p.periodSeconds())
        .attribute("state", pendingUntil == null ? "active" : "pending:" + pendingUntil.getEpochSecond())
        .build();
  }

  /** Decrypts the secret; the caller closes the holder. */
  SecretBytes openSecret(DataEncryptor encryptor) throws GeneralSecurityException {
    return SecretBytes.wrap(encryptor.decrypt(sealedSecret, context(id, tenant, subject, parameters, pendingUntil)));
  }

  /** Returns the active version of this pending factor, re-sealed as active (the confirmation authorizes it). */
  TotpFactor activated(DataEncryptor encryptor) throws GeneralSecurityException {
    try (SecretBytes secret = openSecret(encryptor)) {
      byte[] raw = secret.copyBytes();
      try {
        return seal(encryptor, id, tenant, subject, parameters, raw, null);
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    }
  }

  /**
   * Returns the factor id: the key of the factor's replay and lockout state.
   *
   * @return 1 to 64 characters of {@code [A-Za-z0-9_-]}
   */
  public String id() {
    return id;
  }

  /**
   * Returns the tenant the factor belongs to.
   *
   * @return the tenant id
   */
  public String tenant() {
    return tenant;
  }

  /**
   * Returns the user the factor belongs to.
   *
   * @return the subject id
   */
  public String subject() {
    return subject;
  }

  /**
   * Returns the TOTP parameters.
   *
   * @return the parameters
   */
  public TotpParameters parameters() {
    return parameters;
  }

  /**
   * Returns a copy of the sealed (encrypted) secret.
   *
   * @return the ciphertext
   */
  public byte[] sealedSecret() {
    return sealedSecret.clone();
  }

  /**
   * Tells whether the factor's enrollment was confirmed.
   *
   * @return {@code true} for an active factor, {@code false} for a pending one
   */
  public boolean isActive() {
    return pendingUntil == null;
  }

  /**
   * Returns when a pending factor's enrollment expires.
   *
   * @return the expiry, or empty for an active factor
   */
  public Optional<Instant> pendingUntil() {
    return Optional.ofNullable(pendingUntil);
  }

  /**
   * Encodes the factor as a compact ASCII string for storage, for example {@code
   * waas-totp1.<id>.<tenant>.<subject>.SHA1.6.30.-.<sealed secret>} where tenant and subject are
   * base64url of UTF-8, {@code -} marks an active factor (a pending one has its expiry in epoch
   * seconds) and the sealed secret is base64url.
   *
   * @return the encoding; {@link #parse} gives back an equal factor
   */
  public String encode() {
    return PREFIX + "." + id + "." + FactorCodec.text(tenant) + "." + FactorCodec.text(subject) + "."
        + parameters.algorithm().uriName() + "." + parameters.digits() + "." + parameters.periodSeconds() + "."
        + (pendingUntil == null ? "-" : Long.toString(pendingUntil.getEpochSecond())) + "."
        + FactorCodec.bytes(sealedSecret);
  }

  /**
   * Parses a string made by {@link #encode()}. The parser is strict: only the canonical encoding
   * of a factor is accepted. It does not decrypt anything.
   *
   * @param encoded the stored string
   * @return the factor
   * @throws MalformedDataException if {@code encoded} is not a canonical factor encoding; the
   *     message names the wrong field and never contains the input
   */
  public static TotpFactor parse(String encoded) throws MalformedDataException {
    String[] f = FactorCodec.split(encoded, PREFIX, 8);
    String id = FactorCodec.factorId(f[0]);
    String tenant = FactorCodec.decodeText(f[1], "tenant");
    String subject = FactorCodec.decodeText(f[2], "subject");
    FactorCodec.checkOwner(tenant, subject);
    OtpAlgorithm algorithm = FactorCodec.algorithm(f[3]);
    int digits = (int) FactorCodec.decimal(f[4], "digits", 6, 8);
    int period = (int) FactorCodec.decimal(f[5], "period", TotpParameters.MIN_PERIOD_SECONDS,
        TotpParameters.MAX_PERIOD_SECONDS);
    Instant pending = f[6].equals("-") ? null
        : Instant.ofEpochSecond(FactorCodec.decimal(f[6], "pending expiry", 0, 253_402_300_799L));
    byte[] sealed = FactorCodec.sealed(f[7]);
    return new TotpFactor(id, tenant, subject, TotpParameters.of(algorithm, digits, period), sealed, pending);
  }

  /**
   * Compares factors by all their fields (the sealed secret in constant time).
   *
   * @param o the other object
   * @return whether equal
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TotpFactor t && t.id.equals(id) && t.tenant.equals(tenant) && t.subject.equals(subject)
        && t.parameters.equals(parameters) && Objects.equals(t.pendingUntil, pendingUntil)
        && java.security.MessageDigest.isEqual(t.sealedSecret, sealedSecret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, tenant, subject, parameters, pendingUntil);
  }

  /**
   * Describes the factor without its secret.
   *
   * @return for example {@code TotpFactor[id=..., tenant=acme, subject=u1, SHA1/6/30s, active]}
   */
  @Override
  public String toString() {
    return "TotpFactor[id=" + id + ", tenant=" + tenant + ", subject=" + subject + ", "
        + parameters.algorithm().uriName() + "/" + parameters.digits() + "/" + parameters.periodSeconds() + "s, "
        + (pendingUntil == null ? "active" : "pending until " + pendingUntil) + "]";
  }
}
