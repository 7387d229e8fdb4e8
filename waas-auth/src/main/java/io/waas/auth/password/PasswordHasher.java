package io.waas.auth.password;

import io.waas.core.SecurityEventListener;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Hashes passwords with Argon2id for storage and verifies them, migrating outdated hashes as users
 * log in.
 *
 * <pre>{@code
 * PasswordHasher hasher = PasswordHasher.argon2id();
 * String stored = hasher.hash(password);                   // store this PHC string
 *
 * PasswordMatch m = hasher.verify(password, storedOrNull);  // null: no such user
 * if (m.matches()) {
 *   m.upgradedHash().ifPresent(h -> users.replaceHash(id, stored, h));
 * }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Argon2id (RFC 9106, version 1.3) through the reference C implementation, with a fresh
 *       16-byte salt per hash and parameters never below OWASP's minimum unless made with {@link
 *       Argon2Parameters#insecureForTests}. Output: PHC strings ({@code
 *       $argon2id$v=19$m=19456,t=2,p=1$salt$hash}) that other Argon2 implementations read.
 *   <li>Passwords are NFKC-normalized (NIST SP 800-63B) before hashing, so the same password
 *       typed on different keyboards or input methods verifies.
 *   <li>{@code verify(password, null)} — an unknown user — does the same work as a real
 *       verification (pepper HMAC and one Argon2id computation with the current parameters
 *       against a dummy hash made once per hasher) and returns no match, so response time does not
 *       reveal which accounts exist.
 *   <li>Hash comparison is constant-time. The password never becomes a {@code String} (one JDK
 *       limit: NFKC-normalizing a password that is not already normalized passes through a
 *       short-lived {@code String} inside {@link java.text.Normalizer}), and every array holding it or derived from it
 *       is wiped after use. Passwords never appear in exceptions, events, logs or {@code
 *       toString()}.
 *   <li>Outdated hashes (other parameters, legacy algorithms, no or an old pepper) are upgraded on
 *       the next successful verification; legacy formats are accepted only when enabled.
 *   <li>At most as many hash computations run as the {@link HashingBudget} allows: overload gives
 *       {@link PasswordHashingBusyException}, never an out-of-memory crash.
 * </ul>
 *
 * <p>Limits: a hash cannot protect a guessable password — pair it with {@link PasswordPolicy} and
 * login throttling. Timing equality covers the hashing work, not the caller's own database lookup.
 *
 * <p>Implementations are thread-safe: one instance serves all threads.
 */
public interface PasswordHasher {
  /**
   * Hashes a password for storage.
   *
   * @param password the password; not modified (the caller should wipe it)
   * @return a PHC string of at most 200 ASCII characters
   * @throws PasswordHashingBusyException if the hashing budget stayed full for its maximum wait
   * @throws io.waas.core.KeyUnavailableException if a pepper is configured and its key is unusable
   * @throws GeneralSecurityException if the pepper's key store fails
   * @throws IllegalArgumentException if the password is not well-formed Unicode (an unpaired
   *     surrogate)
   */
  String hash(char[] password) throws GeneralSecurityException;

  /**
   * Verifies a password against a stored hash, and upgrades the hash if it is outdated.
   *
   * @param password the password; not modified (the caller should wipe it)
   * @param storedHash the stored hash, or {@code null} when the user does not exist: then the same
   *     work is done as for a real verification and the result is no match
   * @return whether it matched and, if the stored hash is outdated, its replacement
   * @throws MalformedPasswordHashException if {@code storedHash} is not a hash this hasher accepts
   *     (including a legacy format that was not enabled)
   * @throws PasswordHashingBusyException if the hashing budget stayed full for its maximum wait
   * @throws io.waas.core.KeyUnavailableException if the hash names a pepper version whose key is
   *     unknown, disabled or destroyed
   * @throws GeneralSecurityException if the pepper's key store fails
   * @throws IllegalStateException if the hash is peppered and this hasher has no pepper
   * @throws IllegalArgumentException if the password is not well-formed Unicode
   */
  PasswordMatch verify(char[] password, @Nullable String storedHash) throws GeneralSecurityException;

  /**
   * Tells whether a stored hash is outdated: a legacy algorithm, Argon2id parameters other than
   * the current ones, a salt or hash length other than 16/32 bytes, no pepper when one is
   * configured, or a pepper version other than the current one.
   *
   * @param storedHash the stored hash
   * @return whether it should be replaced
   * @throws MalformedPasswordHashException if {@code storedHash} is not a hash this hasher accepts
   * @throws GeneralSecurityException if the pepper's key store fails
   * @throws IllegalStateException if the hash is peppered and this hasher has no pepper
   */
  boolean needsRehash(String storedHash) throws GeneralSecurityException;

  /**
   * Returns a hasher with the defaults: {@link Argon2Parameters#owaspMinimum()}, no pepper, no
   * legacy formats, {@link HashingBudget#defaults()}, events logged.
   *
   * @return the hasher
   */
  static PasswordHasher argon2id() {
    return builder().build();
  }

  /**
   * Starts configuring a hasher.
   *
   * @return a builder with the defaults of {@link #argon2id()}
   */
  static Builder builder() {
    return new Builder();
  }

  /** Configures a {@link PasswordHasher}. Not thread-safe; the built hasher is. */
  final class Builder {
    Argon2Parameters parameters = Argon2Parameters.owaspMinimum();
    @Nullable PasswordPepper pepper;
    HashingBudget budget = HashingBudget.defaults();
    Set<LegacyAlgorithm> legacy = EnumSet.noneOf(LegacyAlgorithm.class);
    SecurityEventListener events = SecurityEventListener.logging();
    Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the Argon2id parameters of new hashes (default {@link Argon2Parameters#owaspMinimum()}).
     *
     * @param parameters the parameters
     * @return this builder
     */
    public Builder parameters(Argon2Parameters parameters) {
      this.parameters = Objects.requireNonNull(parameters, "parameters");
      return this;
    }

    /**
     * Mixes a key-store-held pepper into new hashes (default: none).
     *
     * @param pepper the pepper
     * @return this builder
     */
    public Builder pepper(PasswordPepper pepper) {
      this.pepper = Objects.requireNonNull(pepper, "pepper");
      return this;
    }

    /**
     * Sets the hashing budget (default: the process-wide {@link HashingBudget#defaults()}).
     *
     * @param budget the budget; share one between hashers to bound the whole process
     * @return this builder
     */
    public Builder budget(HashingBudget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Accepts stored hashes in these legacy formats for verification (default: none). Replaces any
     * earlier setting.
     *
     * @param algorithms the formats to accept
     * @return this builder
     */
    public Builder legacyAlgorithms(LegacyAlgorithm... algorithms) {
      Set<LegacyAlgorithm> set = EnumSet.noneOf(LegacyAlgorithm.class);
      for (LegacyAlgorithm a : algorithms) {
        set.add(Objects.requireNonNull(a, "algorithm"));
      }
      this.legacy = set;
      return this;
    }

    /**
     * Sets where events go (default {@link SecurityEventListener#logging()}).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder eventListener(SecurityEventListener listener) {
      this.events = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets the clock of event timestamps (default UTC system clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the hasher.
     *
     * @return the thread-safe hasher
     */
    public PasswordHasher build() {
      return new Argon2idPasswordHasher(this);
    }
  }
}
