package io.waas.auth.password;

import io.waas.core.ConstantTime;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.core.SecurityEvents;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@link PasswordHasher}.
 *
 * <p>Design notes:
 *
 * <ul>
 *   <li>Unknown users: the dummy hash is a PHC string with the current parameters, a random salt
 *       and a random 32-byte "hash", made once at construction. Verifying against it costs exactly
 *       a real verification (parse, pepper HMAC under the current key, one Argon2id computation,
 *       constant-time comparison); it cannot match except with probability 2^-256, and the
 *       result is discarded anyway. No Argon2 run is needed to make it, so building a hasher is
 *       cheap.
 *   <li>Unicode: new hashes are of the NFKC form. Legacy hashes were made by systems that may not
 *       have normalized, so when the NFKC form does not match and the typed password differs from
 *       its NFKC form, the raw form is tried too (costing a second legacy computation only for
 *       such passwords); the upgraded hash is then of the NFKC form. Argon2id hashes get no second
 *       try: that would let any non-normalized guess double the server's work.
 *   <li>Every Argon2 and legacy computation holds room in the budget; the upgrade after a
 *       successful legacy or outdated verification is a separate computation, and if the budget
 *       is full then, the login still succeeds without an upgraded hash.
 * </ul>
 */
final class Argon2idPasswordHasher implements PasswordHasher {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Argon2Parameters parameters;
  private final @Nullable PasswordPepper pepper;
  private final HashingBudget budget;
  private final Set<LegacyAlgorithm> legacy;
  private final SecurityEventListener events;
  private final Clock clock;
  private final String dummyHash;
  final Argon2Engine engine = new Argon2Engine();

  Argon2idPasswordHasher(PasswordHasher.Builder b) {
    this.parameters = b.parameters;
    this.pepper = b.pepper;
    this.budget = b.budget;
    this.legacy = Set.copyOf(b.legacy);
    this.events = b.events;
    this.clock = b.clock;
    byte[] salt = new byte[Argon2Parameters.SALT_LENGTH];
    byte[] hash = new byte[Argon2Parameters.HASH_LENGTH];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(hash);
    this.dummyHash = new Argon2PhcHash(parameters, null, salt, hash).encode();
  }

  @Override
  public String hash(char[] password) throws GeneralSecurityException {
    Objects.requireNonNull(password, "password");
    char[] norm = PasswordText.nfkc(password);
    try {
      return hashNormalized(norm);
    } catch (PasswordHashingBusyException e) {
      emitBusy("hash");
      throw e;
    } finally {
      PasswordText.wipe(norm);
    }
  }

  private String hashNormalized(char[] norm) throws GeneralSecurityException {
    byte[] utf8 = PasswordText.utf8(norm);
    byte[] input = utf8;
    @Nullable Long version = null;
    try {
      if (pepper != null) {
        PasswordPepper.Peppered p = pepper.apply(utf8);
        input = p.input;
        version = p.version;
      }
      byte[] salt = new byte[Argon2Parameters.SALT_LENGTH];
      RANDOM.nextBytes(salt);
      byte[] hash = argon2(input, salt, parameters, Argon2Parameters.HASH_LENGTH);
      try {
        return new Argon2PhcHash(parameters, version, salt, hash).encode();
      } finally {
        PasswordText.wipe(hash);
      }
    } finally {
      PasswordText.wipe(utf8);
      if (input != utf8) {
        PasswordText.wipe(input);
      }
    }
  }

  private byte[] argon2(byte[] input, byte[] salt, Argon2Parameters p, int hashLength)
      throws PasswordHashingBusyException {
    try (HashingBudget.Permit permit = budget.acquire(p.memoryKiB())) {
      return engine.compute(input, salt, p, hashLength);
    }
  }

  @Override
  public PasswordMatch verify(char[] password, @Nullable String storedHash) throws GeneralSecurityException {
    Objects.requireNonNull(password, "password");
    try {
      if (storedHash == null) {
        verifyArgon2(password, Argon2PhcHash.parse(dummyHash), true);
        emit(PasswordEvents.UNKNOWN_USER, SecurityEvent.Outcome.FAILURE, "argon2id", null);
        return PasswordMatch.noMatch();
      }
      LegacyAlgorithm legacyAlgorithm = LegacyHash.detect(storedHash);
      if (legacyAlgorithm != null) {
        return verifyLegacy(password, storedHash, legacyAlgorithm);
      }
      Argon2PhcHash stored = Argon2PhcHash.parse(storedHash);
      if (!verifyArgon2(password, stored, false)) {
        emit(PasswordEvents.MISMATCH, SecurityEvent.Outcome.FAILURE, "argon2id", null);
        return PasswordMatch.noMatch();
      }
      String reason = rehashReason(stored);
      return matched(password, "argon2id", reason);
    } catch (PasswordHashingBusyException e) {
      emitBusy("verify");
      throw e;
    }
  }

  /**
   * One Argon2id verification. For an unknown user ({@code dummy}), the input is peppered under
   * the current key exactly as {@link #hash} would, so that path computes the pepper MAC too.
   */
  private boolean verifyArgon2(char[] password, Argon2PhcHash stored, boolean dummy) throws GeneralSecurityException {
    Long version = stored.pepperVersion;
    requirePepperIfNamed(version);
    char[] norm = PasswordText.nfkc(password);
    byte[] utf8;
    try {
      utf8 = PasswordText.utf8(norm);
    } finally {
      PasswordText.wipe(norm);
    }
    byte[] input = utf8;
    byte[] expected = stored.hash();
    byte[] actual = null;
    try {
      if (version != null) {
        input = Objects.requireNonNull(pepper).apply(utf8, version);
      } else if (dummy && pepper != null) {
        input = pepper.apply(utf8).input;
      }
      actual = argon2(input, stored.salt(), stored.parameters, stored.hashLength());
      return ConstantTime.equal(actual, expected);
    } finally {
      PasswordText.wipe(utf8);
      if (input != utf8) {
        PasswordText.wipe(input);
      }
      if (actual != null) {
        PasswordText.wipe(actual);
      }
    }
  }

  private PasswordMatch verifyLegacy(char[] password, String storedHash, LegacyAlgorithm algorithm)
      throws GeneralSecurityException {
    requireEnabled(algorithm);
    LegacyHash stored = LegacyHash.parse(storedHash);
    boolean ok = verifyLegacyForm(PasswordText.nfkc(password), stored);
    if (!ok && !PasswordText.isNfkc(password)) {
      ok = verifyLegacyForm(password.clone(), stored);
    }
    String name = algorithm.name().toLowerCase(java.util.Locale.ROOT);
    if (!ok) {
      emit(PasswordEvents.MISMATCH, SecurityEvent.Outcome.FAILURE, name, null);
      return PasswordMatch.noMatch();
    }
    return matched(password, name, "legacy algorithm");
  }

  private void requireEnabled(LegacyAlgorithm algorithm) throws MalformedPasswordHashException {
    if (!legacy.contains(algorithm)) {
      throw new MalformedPasswordHashException(
          "the stored hash is " + algorithm + ", a legacy format this hasher does not accept;"
              + " enable it with PasswordHasher.builder().legacyAlgorithms(LegacyAlgorithm." + algorithm + ")");
    }
  }

  /** Verifies one form of the password, then wipes {@code chars}. */
  private boolean verifyLegacyForm(char[] chars, LegacyHash stored) throws PasswordHashingBusyException {
    byte[] utf8;
    try {
      utf8 = PasswordText.utf8(chars);
    } finally {
      PasswordText.wipe(chars);
    }
    try (HashingBudget.Permit permit = budget.acquire(stored.memoryKiB())) {
      return stored.verify(utf8);
    } finally {
      PasswordText.wipe(utf8);
    }
  }

  private PasswordMatch matched(char[] password, String algorithm, @Nullable String reason)
      throws GeneralSecurityException {
    emit(PasswordEvents.VERIFIED, SecurityEvent.Outcome.SUCCESS, algorithm, null);
    if (reason == null) {
      return PasswordMatch.current();
    }
    char[] norm = PasswordText.nfkc(password);
    try {
      String upgraded = hashNormalized(norm);
      emit(PasswordEvents.UPGRADED, SecurityEvent.Outcome.SUCCESS, algorithm, reason);
      return PasswordMatch.outdated(upgraded);
    } catch (PasswordHashingBusyException e) {
      emitBusy("upgrade");
      return PasswordMatch.outdated(null);
    } finally {
      PasswordText.wipe(norm);
    }
  }

  /** Why a verified Argon2id hash is outdated, or null if it is current. */
  /** A peppered hash given to a hasher without a pepper is a misconfiguration, never a mismatch. */
  private void requirePepperIfNamed(@Nullable Long version) {
    if (version != null && pepper == null) {
      throw new IllegalStateException(
          "the stored hash was made with a pepper (version " + version + ") but this hasher has none configured");
    }
  }

  private @Nullable String rehashReason(Argon2PhcHash stored) throws GeneralSecurityException {
    if (!stored.parameters.equals(parameters)) {
      return "parameters";
    }
    if (stored.saltLength() < Argon2Parameters.SALT_LENGTH || stored.hashLength() != Argon2Parameters.HASH_LENGTH) {
      return "salt or hash length";
    }
    Long version = stored.pepperVersion;
    requirePepperIfNamed(version);
    if (pepper == null) {
      return null;
    }
    if (version == null) {
      return "no pepper";
    }
    return version != pepper.currentVersion() ? "old pepper version" : null;
  }

  @Override
  public boolean needsRehash(String storedHash) throws GeneralSecurityException {
    Objects.requireNonNull(storedHash, "storedHash");
    LegacyAlgorithm algorithm = LegacyHash.detect(storedHash);
    if (algorithm != null) {
      requireEnabled(algorithm);
      LegacyHash.parse(storedHash);
      return true;
    }
    return rehashReason(Argon2PhcHash.parse(storedHash)) != null;
  }

  private void emitBusy(String operation) {
    SecurityEvents.deliver(
        events,
        SecurityEvent.builder(PasswordEvents.BUSY, SecurityEvent.Outcome.DENIED)
            .timestamp(clock.instant())
            .attribute("operation", operation)
            .attribute("budget", budget.toString())
            .build());
  }

  private void emit(String type, SecurityEvent.Outcome outcome, String algorithm, @Nullable String reason) {
    SecurityEvent.Builder b = SecurityEvent.builder(type, outcome).timestamp(clock.instant());
    if (type.equals(PasswordEvents.UPGRADED)) {
      b.attribute("from", algorithm);
    } else {
      b.attribute("algorithm", algorithm);
    }
    if (reason != null) {
      b.attribute("reason", reason);
    }
    SecurityEvents.deliver(events, b.build());
  }

  Argon2Engine engine() {
    return engine;
  }

  @Override
  public String toString() {
    return "PasswordHasher{argon2id " + parameters + (pepper == null ? "" : ", " + pepper)
        + ", legacy=" + legacy + ", " + budget + '}';
  }
}
