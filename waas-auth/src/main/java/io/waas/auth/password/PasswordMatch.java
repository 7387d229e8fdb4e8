package io.waas.auth.password;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link PasswordHasher#verify}: whether the password matched and, if the stored
 * hash is outdated, its replacement.
 *
 * <p>When {@link #upgradedHash()} is present, store it in place of the old hash (ideally with a
 * conditional update on the old value, so a concurrent password change wins). It is absent after a
 * mismatch, when the stored hash is current, and when the upgrade itself could not run within the
 * hashing budget (then {@link #needsRehash()} is still {@code true} and the next login retries).
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the hash.
 */
public final class PasswordMatch {
  private static final PasswordMatch NO_MATCH = new PasswordMatch(false, false, null);
  private static final PasswordMatch CURRENT = new PasswordMatch(true, false, null);

  private final boolean matches;
  private final boolean needsRehash;
  private final @Nullable String upgradedHash;

  private PasswordMatch(boolean matches, boolean needsRehash, @Nullable String upgradedHash) {
    this.matches = matches;
    this.needsRehash = needsRehash;
    this.upgradedHash = upgradedHash;
  }

  static PasswordMatch noMatch() {
    return NO_MATCH;
  }

  static PasswordMatch current() {
    return CURRENT;
  }

  static PasswordMatch outdated(@Nullable String upgradedHash) {
    return new PasswordMatch(true, true, upgradedHash);
  }

  /**
   * Tells whether the password matched the stored hash.
   *
   * @return {@code true} only for a correct password of an existing user
   */
  public boolean matches() {
    return matches;
  }

  /**
   * Tells whether the stored hash is outdated (weaker parameters, a legacy algorithm, no pepper or
   * an old pepper version). Only meaningful when {@link #matches()}; {@code false} otherwise.
   *
   * @return whether the stored hash should be replaced
   */
  public boolean needsRehash() {
    return needsRehash;
  }

  /**
   * Returns the hash to store instead of the old one, made from the just-verified password with
   * the current settings.
   *
   * @return the new PHC string, or empty (see the class description)
   */
  public Optional<String> upgradedHash() {
    return Optional.ofNullable(upgradedHash);
  }

  @Override
  public String toString() {
    return "PasswordMatch{matches=" + matches + ", needsRehash=" + needsRehash
        + ", upgradedHash=" + (upgradedHash == null ? "absent" : "present") + '}';
  }
}
