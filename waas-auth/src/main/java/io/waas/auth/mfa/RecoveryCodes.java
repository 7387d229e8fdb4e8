package io.waas.auth.mfa;

import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.core.SecurityEvents;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.MessageAuthenticator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Single-use recovery codes, the fallback when a user has lost their authenticator.
 *
 * <pre>{@code
 * RecoveryCodes recovery = RecoveryCodes.builder(keyRing, new JdbcRecoveryCodeStore(ds)).build();
 * List<String> codes = recovery.generate("acme", userId);   // show once: "7GQ4-M2XH-0KDA-9RTV", ...
 * RecoveryCodeRedemption r = recovery.redeem("acme", userId, typedCode);
 * if (r.accepted()) { ... second factor passed; if r.remaining() is low, prompt to regenerate ... }
 * }</pre>
 *
 * <h2>Format</h2>
 *
 * <p>Each code is 80 random bits from {@link SecureRandom}, written as 16 characters of Crockford's
 * base32 alphabet ({@code 0-9 A-Z} without {@code I L O U}) in four dash-separated groups, for
 * example {@code 7GQ4-M2XH-0KDA-9RTV}. Input is normalized before checking: case is ignored, dashes
 * and white space are dropped, and the look-alikes {@code O → 0}, {@code I → 1}, {@code L → 1} are
 * mapped (Crockford's rules), so a code read aloud or retyped from paper still works.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Codes are stored only as keyed hashes: HMAC-SHA256 under the tenant's key ring key for the
 *       purpose {@code mfa-recovery}, over a versioned encoding of tenant, user and code. A stolen
 *       database alone does not reveal or verify codes, and a hash copied to another user never
 *       matches. Why not Argon2id: with 80 random bits there is nothing to brute-force offline even
 *       with a fast hash, and the deterministic keyed hash allows redeeming by one atomic {@code
 *       DELETE ... WHERE code_hash = ?} instead of trying every slow hash of the set.
 *   <li>Single use: redeeming removes the hash atomically in the store; of concurrent redemptions
 *       of one code exactly one succeeds.
 *   <li>{@link #generate} replaces the user's whole set atomically; old codes stop working.
 *   <li>Hashes survive key rotation: each hash records the key id that made it.
 *   <li>Codes never appear in events, logs, exception messages or {@code toString()}.
 * </ul>
 *
 * <p><b>Limits:</b> the returned codes are {@link String}s, which cannot be wiped from memory;
 * show them once and drop them. Online guessing of an 80-bit code is hopeless, but rate-limit the
 * endpoint anyway (see {@code io.waas.auth.throttle}).
 *
 * <p>Thread-safe.
 */
public final class RecoveryCodes {
  /** The purpose of the key ring MAC key that hashes recovery codes. */
  public static final String MAC_PURPOSE = "mfa-recovery";
  /** The most codes in one set. */
  public static final int MAX_COUNT = 50;

  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
  private static final int CODE_CHARS = 16; // 80 bits
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] DOMAIN = "waas-mfa-recovery-v1".getBytes(StandardCharsets.US_ASCII);

  private final KeyRing keys;
  private final RecoveryCodeStore store;
  private final int count;
  private final Clock clock;
  private final SecurityEventListener events;

  private RecoveryCodes(Builder b) {
    this.keys = b.keys;
    this.store = b.store;
    this.count = b.count;
    this.clock = b.clock;
    this.events = b.events;
  }

  /**
   * Starts configuring recovery codes.
   *
   * @param keys the key ring whose tenant keys hash the codes
   * @param store where the hashes are kept
   * @return a builder
   */
  public static Builder builder(KeyRing keys, RecoveryCodeStore store) {
    return new Builder(keys, store);
  }

  /**
   * Generates a new set of codes for a user, replacing (and invalidating) any previous set.
   *
   * @param tenant the tenant id
   * @param subject the user id
   * @return the codes, formatted {@code XXXX-XXXX-XXXX-XXXX}: show them to the user once
   * @throws IllegalArgumentException if tenant or subject is invalid
   * @throws GeneralSecurityException if the key ring cannot compute the hashes
   * @throws OtpStoreException if the store cannot be reached (the old set then still applies)
   */
  public List<String> generate(String tenant, String subject) throws GeneralSecurityException {
    checkOwner(tenant, subject);
    MessageAuthenticator mac = mac(tenant);
    Set<String> codes = new LinkedHashSet<>();
    while (codes.size() < count) {
      codes.add(randomCode());
    }
    List<String> hashes = new ArrayList<>(count);
    List<String> formatted = new ArrayList<>(count);
    for (String c : codes) {
      byte[] data = data(tenant, subject, c);
      try {
        hashes.add(Base64.getUrlEncoder().withoutPadding().encodeToString(mac.computeTag(data)));
      } finally {
        Arrays.fill(data, (byte) 0);
      }
      formatted.add(c.substring(0, 4) + "-" + c.substring(4, 8) + "-" + c.substring(8, 12) + "-" + c.substring(12));
    }
    store.replaceAll(tenant, subject, hashes);
    emit(MfaEvents.RECOVERY_CODES_GENERATED, SecurityEvent.Outcome.SUCCESS, tenant, subject, "count", count);
    return List.copyOf(formatted);
  }

  /**
   * Redeems a code: if it is one of the user's unused codes, uses it up.
   *
   * @param tenant the tenant id
   * @param subject the user id
   * @param code the code as typed (case, dashes, spaces and O/I/L look-alikes are forgiven)
   * @return whether it was accepted, and how many codes remain
   * @throws IllegalArgumentException if tenant or subject is invalid
   * @throws GeneralSecurityException if the key ring cannot compute the hash (for example the key
   *     that hashed the set was destroyed)
   * @throws OtpStoreException if the store cannot be reached
   */
  public RecoveryCodeRedemption redeem(String tenant, String subject, CharSequence code)
      throws GeneralSecurityException {
    checkOwner(tenant, subject);
    String normalized = normalize(code);
    List<String> hashes = store.hashes(tenant, subject);
    boolean consumed = false;
    if (normalized != null && !hashes.isEmpty()) {
      MessageAuthenticator mac = mac(tenant);
      Set<Long> keyIds = new HashSet<>();
      for (String h : hashes) {
        byte[] tag = decodeHash(h);
        if (tag != null) {
          keyIds.add(MessageAuthenticator.keyIdOf(tag));
        }
      }
      byte[] data = data(tenant, subject, normalized);
      try {
        for (long keyId : keyIds) {
          String h = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.computeTagWithKey(data, keyId));
          if (store.consume(tenant, subject, h)) {
            consumed = true;
            break;
          }
        }
      } finally {
        Arrays.fill(data, (byte) 0);
      }
    }
    if (!consumed) {
      emit(MfaEvents.RECOVERY_CODE_FAILED, SecurityEvent.Outcome.FAILURE, tenant, subject, "remaining",
          hashes.size());
      return new RecoveryCodeRedemption(false, hashes.size());
    }
    int remaining = store.hashes(tenant, subject).size();
    emit(MfaEvents.RECOVERY_CODE_REDEEMED, SecurityEvent.Outcome.SUCCESS, tenant, subject, "remaining", remaining);
    if (remaining == 0) {
      emit(MfaEvents.RECOVERY_CODES_EXHAUSTED, SecurityEvent.Outcome.SUCCESS, tenant, subject, "remaining", 0);
    }
    return new RecoveryCodeRedemption(true, remaining);
  }

  /**
   * Returns how many unused codes a user has.
   *
   * @param tenant the tenant id
   * @param subject the user id
   * @return the count
   * @throws OtpStoreException if the store cannot be reached
   */
  public int remaining(String tenant, String subject) {
    return store.hashes(tenant, subject).size();
  }

  /**
   * Normalizes a typed code: upper case, without dashes and white space, with {@code O→0} and
   * {@code I, L→1}.
   *
   * @return the 16 canonical characters, or {@code null} if it cannot be a code
   */
  static @Nullable String normalize(CharSequence code) {
    if (code.length() > 64) {
      return null;
    }
    StringBuilder b = new StringBuilder(CODE_CHARS);
    for (int i = 0; i < code.length(); i++) {
      char c = Character.toUpperCase(code.charAt(i));
      if (c == '-' || c == ' ' || c == '\t') {
        continue;
      }
      if (c == 'O') {
        c = '0';
      } else if (c == 'I' || c == 'L') {
        c = '1';
      }
      if (Arrays.binarySearch(ALPHABET, c) < 0) {
        return null;
      }
      b.append(c);
    }
    return b.length() == CODE_CHARS ? b.toString() : null;
  }

  private static String randomCode() {
    byte[] r = new byte[10];
    RANDOM.nextBytes(r);
    char[] out = new char[CODE_CHARS];
    long hi = 0;
    for (int i = 0; i < 5; i++) {
      hi = (hi << 8) | (r[i] & 0xff);
    }
    long lo = 0;
    for (int i = 5; i < 10; i++) {
      lo = (lo << 8) | (r[i] & 0xff);
    }
    Arrays.fill(r, (byte) 0);
    for (int i = 7; i >= 0; i--) {
      out[i] = ALPHABET[(int) (hi & 31)];
      hi >>>= 5;
      out[8 + i] = ALPHABET[(int) (lo & 31)];
      lo >>>= 5;
    }
    return new String(out);
  }

  private static byte @Nullable [] decodeHash(String h) {
    try {
      byte[] tag = Base64.getUrlDecoder().decode(h);
      return tag.length == MessageAuthenticator.TAG_LENGTH ? tag : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private MessageAuthenticator mac(String tenant) {
    return keys.messageAuthenticator(KeyScope.tenant(tenant), MAC_PURPOSE);
  }

  private static byte[] data(String tenant, String subject, String code) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(DOMAIN);
    for (String s : new String[] {tenant, subject, code}) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      out.write(b.length >>> 24);
      out.write(b.length >>> 16);
      out.write(b.length >>> 8);
      out.write(b.length);
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  private static void checkOwner(String tenant, String subject) {
    io.waas.crypto.EncryptionContext.builder(tenant).subject(subject); // same id rules as the key ring
  }

  private void emit(String type, SecurityEvent.Outcome outcome, String tenant, String subject, String name,
      int value) {
    SecurityEvents.deliver(events, SecurityEvent.builder(type, outcome).timestamp(clock.instant()).tenant(tenant)
        .subject(subject).attribute(name, Integer.toString(value)).build());
  }

  @Override
  public String toString() {
    return "RecoveryCodes[count=" + count + ", store=" + store + "]";
  }

  /** Configures {@link RecoveryCodes}. Not thread-safe. */
  public static final class Builder {
    private final KeyRing keys;
    private final RecoveryCodeStore store;
    private int count = 10;
    private Clock clock = Clock.systemUTC();
    private SecurityEventListener events = SecurityEventListener.logging();

    private Builder(KeyRing keys, RecoveryCodeStore store) {
      this.keys = Objects.requireNonNull(keys, "keys");
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Sets how many codes a set has (default 10).
     *
     * @param count 1 to {@value #MAX_COUNT}
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder count(int count) {
      if (count < 1 || count > MAX_COUNT) {
        throw new IllegalArgumentException("a recovery code set has 1 to " + MAX_COUNT + " codes, was " + count);
      }
      this.count = count;
      return this;
    }

    /**
     * Sets the clock for event timestamps (default: system UTC).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets where events go (default: {@link SecurityEventListener#logging()}).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder eventListener(SecurityEventListener listener) {
      this.events = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the instance.
     *
     * @return the thread-safe recovery codes
     */
    public RecoveryCodes build() {
      return new RecoveryCodes(this);
    }
  }
}
