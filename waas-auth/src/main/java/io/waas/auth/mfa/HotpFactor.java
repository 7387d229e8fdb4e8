package io.waas.auth.mfa;

import io.waas.core.MalformedDataException;
import io.waas.core.SecretBytes;
import io.waas.crypto.DataEncryptor;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyRing;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A user's HOTP factor (RFC 4226, counter-based; hardware tokens and some apps) as the application
 * stores it: factor id, owner, {@link HotpParameters}, the counter the token starts at, and the
 * secret <em>sealed</em> by the key ring. The moving counter itself lives in the {@link
 * OtpReplayStore}, where it only moves forward.
 *
 * <h2>Security guarantees</h2>
 *
 * <p>As for {@link TotpFactor}: the secret is encrypted under {@code tenant / subject / purpose
 * "mfa-hotp" / record id = factor id} with the parameters authenticated, so it decrypts only in its
 * own record; {@link #toString()} shows no secret.
 *
 * <p>Immutable and thread-safe.
 */
public final class HotpFactor {
  static final String PREFIX = "waas-hotp1";
  static final String PURPOSE = "mfa-hotp";

  private final String id;
  private final String tenant;
  private final String subject;
  private final HotpParameters parameters;
  private final long initialCounter;
  private final byte[] sealedSecret;

  private HotpFactor(String id, String tenant, String subject, HotpParameters parameters, long initialCounter,
      byte[] sealedSecret) {
    this.id = id;
    this.tenant = tenant;
    this.subject = subject;
    this.parameters = parameters;
    this.initialCounter = initialCounter;
    this.sealedSecret = sealedSecret;
  }

  /**
   * Creates a factor from a token's secret, for example one given as an {@code hotp} otpauth URI
   * by a hardware token vendor.
   *
   * @param keys the key ring that seals the secret
   * @param tenant the tenant id
   * @param subject the user id
   * @param uri an {@code hotp} otpauth URI with the secret, parameters and initial counter
   * @return the factor, with a new random id
   * @throws IllegalArgumentException if {@code uri} is a TOTP URI, or tenant or subject is invalid
   * @throws GeneralSecurityException if the key ring cannot encrypt
   */
  public static HotpFactor importActive(KeyRing keys, String tenant, String subject, OtpAuthUri uri)
      throws GeneralSecurityException {
    if (uri.type() != OtpAuthUri.Type.HOTP) {
      throw new IllegalArgumentException("not an hotp otpauth URI");
    }
    try (SecretBytes s = uri.secret()) {
      byte[] secret = s.copyBytes();
      try {
        return seal(keys.encryptor(), TotpFactor.newId(), tenant, subject, uri.hotpParameters(), uri.counter(),
            secret);
      } finally {
        Arrays.fill(secret, (byte) 0);
      }
    }
  }

  static HotpFactor seal(DataEncryptor encryptor, String id, String tenant, String subject, HotpParameters p,
      long initialCounter, byte[] secret) throws GeneralSecurityException {
    FactorCodec.checkFactorId(id);
    if (initialCounter < 0) {
      throw new IllegalArgumentException("HOTP counters are at least 0");
    }
    byte[] sealed = encryptor.encrypt(secret, context(id, tenant, subject, p));
    return new HotpFactor(id, tenant, subject, p, initialCounter, sealed);
  }

  static EncryptionContext context(String id, String tenant, String subject, HotpParameters p) {
    return EncryptionContext.builder(tenant).subject(subject).purpose(PURPOSE).recordId(id)
        .attribute("otp", "hotp:" + p.algorithm().uriName() + ":" + p.digits())
        .build();
  }

  SecretBytes openSecret(DataEncryptor encryptor) throws GeneralSecurityException {
    return SecretBytes.wrap(encryptor.decrypt(sealedSecret, context(id, tenant, subject, parameters)));
  }

  /**
   * Returns the factor id.
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
   * Returns the HOTP parameters.
   *
   * @return the parameters
   */
  public HotpParameters parameters() {
    return parameters;
  }

  /**
   * Returns the counter value of the token's first code.
   *
   * @return the initial counter, at least 0
   */
  public long initialCounter() {
    return initialCounter;
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
   * Encodes the factor for storage: {@code waas-hotp1.<id>.<tenant>.<subject>.SHA1.6.<initial
   * counter>.<sealed secret>}.
   *
   * @return the encoding; {@link #parse} gives back an equal factor
   */
  public String encode() {
    return PREFIX + "." + id + "." + FactorCodec.text(tenant) + "." + FactorCodec.text(subject) + "."
        + parameters.algorithm().uriName() + "." + parameters.digits() + "." + initialCounter + "."
        + FactorCodec.bytes(sealedSecret);
  }

  /**
   * Parses a string made by {@link #encode()}; only canonical encodings are accepted.
   *
   * @param encoded the stored string
   * @return the factor
   * @throws MalformedDataException if {@code encoded} is not a canonical factor encoding; the
   *     message never contains the input
   */
  public static HotpFactor parse(String encoded) throws MalformedDataException {
    String[] f = FactorCodec.split(encoded, PREFIX, 7);
    String id = FactorCodec.factorId(f[0]);
    String tenant = FactorCodec.decodeText(f[1], "tenant");
    String subject = FactorCodec.decodeText(f[2], "subject");
    FactorCodec.checkOwner(tenant, subject);
    OtpAlgorithm algorithm = FactorCodec.algorithm(f[3]);
    int digits = (int) FactorCodec.decimal(f[4], "digits", 6, 8);
    long counter = FactorCodec.decimal(f[5], "initial counter", 0, Long.MAX_VALUE / 2);
    byte[] sealed = FactorCodec.sealed(f[6]);
    return new HotpFactor(id, tenant, subject, HotpParameters.of(algorithm, digits), counter, sealed);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HotpFactor h && h.id.equals(id) && h.tenant.equals(tenant) && h.subject.equals(subject)
        && h.parameters.equals(parameters) && h.initialCounter == initialCounter
        && java.security.MessageDigest.isEqual(h.sealedSecret, sealedSecret);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, tenant, subject, parameters, initialCounter);
  }

  /**
   * Describes the factor without its secret.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "HotpFactor[id=" + id + ", tenant=" + tenant + ", subject=" + subject + ", "
        + parameters.algorithm().uriName() + "/" + parameters.digits() + ", initial counter " + initialCounter + "]";
  }
}
