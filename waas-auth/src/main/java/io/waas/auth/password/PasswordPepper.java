package io.waas.auth.password;

import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.MessageAuthenticator;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A secret key mixed into every password hash, kept in the key store rather than the user
 * database: a stolen database without the key store cannot be attacked offline at all.
 *
 * <p>How it works: the Argon2id input is not the password but the 32-byte HMAC-SHA256 of the
 * NFKC-normalized UTF-8 password under the scope's {@code "password-pepper"} key (a {@link
 * MessageAuthenticator} of the {@link KeyRing}). The PHC string records which key version made it
 * as the extra parameter {@code pv}, for example {@code m=19456,t=2,p=1,pv=7}, and verification
 * recomputes the HMAC under exactly that version.
 *
 * <p>Rotation: {@code ring.rotate(scope)} makes a new primary key. New hashes use it; hashes under
 * an older version still verify while that key is enabled, report {@link
 * PasswordHasher#needsRehash needsRehash}, and are {@linkplain PasswordMatch#upgradedHash()
 * upgraded} at the next successful login. Disabling or destroying an old key makes hashes under
 * it fail with the key ring's typed {@link io.waas.core.KeyUnavailableException} — never a silent
 * "wrong password" — so retire a version only after its users have logged in or been reset.
 *
 * <p>Thread-safe.
 */
public final class PasswordPepper {
  /** The key ring purpose of pepper keys. */
  static final String PURPOSE = "password-pepper";

  private static final byte[] VERSION_PROBE = new byte[0];

  private final MessageAuthenticator mac;
  private final String description;
  private final AtomicLong passwordMacs = new AtomicLong(); // test hook: MACs of passwords computed

  private PasswordPepper(MessageAuthenticator mac, String description) {
    this.mac = mac;
    this.description = description;
  }

  /**
   * Returns the pepper held by {@code ring} for {@code scope} (usually the tenant, or one
   * platform-wide scope).
   *
   * @param ring the key ring; must stay open while the hasher is used
   * @param scope whose keys make the pepper
   * @return the pepper
   */
  public static PasswordPepper fromKeyRing(KeyRing ring, KeyScope scope) {
    Objects.requireNonNull(ring, "ring");
    Objects.requireNonNull(scope, "scope");
    return new PasswordPepper(ring.messageAuthenticator(scope, PURPOSE), scope.toString());
  }

  /** A peppered Argon2 input and the pepper version that made it. */
  static final class Peppered {
    final byte[] input;
    final long version;

    Peppered(byte[] input, long version) {
      this.input = input;
      this.version = version;
    }
  }

  /** Peppers under the current primary key; the caller wipes {@code input} of the result. */
  Peppered apply(byte[] password) throws GeneralSecurityException {
    passwordMacs.incrementAndGet();
    byte[] tag = mac.computeTag(password);
    try {
      return new Peppered(Arrays.copyOfRange(tag, 5, MessageAuthenticator.TAG_LENGTH), MessageAuthenticator.keyIdOf(tag));
    } finally {
      PasswordText.wipe(tag);
    }
  }

  /** Peppers under a named version; the caller wipes the result. */
  byte[] apply(byte[] password, long version) throws GeneralSecurityException {
    passwordMacs.incrementAndGet();
    byte[] tag = mac.computeTagWithKey(password, version);
    try {
      return Arrays.copyOfRange(tag, 5, MessageAuthenticator.TAG_LENGTH);
    } finally {
      PasswordText.wipe(tag);
    }
  }

  /** Returns the id of the current primary pepper key. */
  long currentVersion() throws GeneralSecurityException {
    return MessageAuthenticator.keyIdOf(mac.computeTag(VERSION_PROBE));
  }

  long passwordMacs() {
    return passwordMacs.get();
  }

  @Override
  public String toString() {
    return "PasswordPepper{" + description + '}';
  }
}
