package io.waas.auth.password;

import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.core.SecurityEvents;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a new password may be set, following NIST SP 800-63B section 5.1.1.2 (and
 * revision 4's draft): length is what matters; no composition rules ("one digit, one symbol");
 * passwords found in lists of common or breached passwords, or built from context words, are
 * refused. Check passwords when they are chosen or changed, not at login.
 *
 * <pre>{@code
 * PasswordPolicy policy = PasswordPolicy.nist80063b();
 * PasswordCheck check = policy.check(newPassword, List.of(userName, email, "Acme Shop"));
 * if (!check.acceptable()) { show(check.violations(), check.strength().suggestions()); }
 * }</pre>
 *
 * <p>Rules, in checking order:
 *
 * <ol>
 *   <li>The password is NFKC-normalized and its length counted in Unicode code points (an emoji is
 *       one, "e" plus a combining accent becomes one "é"). {@link PasswordViolation#TOO_SHORT}
 *       below the minimum (8 for {@link #nist80063b()}, 15 for {@link #singleFactor()}), {@link
 *       PasswordViolation#TOO_LONG} above the maximum (default 256, never below 64). Every
 *       printable character, space and Unicode character is allowed; an unpaired surrogate is
 *       {@link PasswordViolation#INVALID_CHARACTERS}.
 *   <li>{@link PasswordViolation#COMMON}: the password, case-insensitively, is one of the 30,000
 *       most common passwords of zxcvbn's list.
 *   <li>{@link PasswordViolation#CONTAINS_CONTEXT}: the password contains, case-insensitively, a
 *       context word of 3 or more code points — those given per check (user name, e-mail: its
 *       local part and the parts of it between punctuation count too) and the policy's own (site
 *       name).
 *   <li>{@link PasswordViolation#BREACHED}: the configured {@link BreachedPasswordCheck} found it.
 *       It runs on a shared pool of at most 64 threads with the configured timeout; on failure,
 *       timeout or a full pool: fail open by default, or {@link
 *       PasswordViolation#BREACH_CHECK_UNAVAILABLE} when configured to fail closed.
 *   <li>{@link PasswordViolation#TOO_WEAK}: only when a minimum zxcvbn score is configured (off by
 *       default; NIST recommends strength meters as guidance, not as rules).
 * </ol>
 *
 * <p>Each rejection emits {@link PasswordEvents#POLICY_REJECTED} with the violation names.
 *
 * <p>Immutable and thread-safe.
 */
public final class PasswordPolicy {
  /** The smallest maximum length a policy may have (NIST: at least 64 characters allowed). */
  public static final int MIN_MAX_LENGTH = 64;

  /** The smallest minimum length a policy may have (NIST: at least 8). */
  public static final int MIN_MIN_LENGTH = 8;

  static final int DEFAULT_MAX_LENGTH = 256;
  static final int MIN_CONTEXT_WORD = 3;
  private static final java.util.regex.Pattern SEPARATORS = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");

  /** Most breach checks in flight at once; more (a hanging service under load) count as failures. */
  static final int MAX_CONCURRENT_BREACH_CHECKS = 64;

  private static final ExecutorService BREACH_CHECKS =
      new ThreadPoolExecutor(
          0,
          MAX_CONCURRENT_BREACH_CHECKS,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "waas-breached-password-check");
            t.setDaemon(true);
            return t;
          });

  private final int minLength;
  private final int maxLength;
  private final List<String> contextWords;
  private final @Nullable BreachedPasswordCheck breachCheck;
  private final Duration breachTimeout;
  private final BreachedPasswordCheck.FailureMode failureMode;
  private final int minimumScore;
  private final SecurityEventListener events;
  private final Clock clock;

  private PasswordPolicy(Builder b) {
    this.minLength = b.minLength;
    this.maxLength = b.maxLength;
    this.contextWords = List.copyOf(b.contextWords);
    this.breachCheck = b.breachCheck;
    this.breachTimeout = b.breachTimeout;
    this.failureMode = b.failureMode;
    this.minimumScore = b.minimumScore;
    this.events = b.events;
    this.clock = b.clock;
  }

  /**
   * Returns NIST SP 800-63B's policy for passwords used with a second factor: at least 8 code
   * points, at most 256, blocklist and context words, no breach check.
   *
   * @return the policy
   */
  public static PasswordPolicy nist80063b() {
    return builder().build();
  }

  /**
   * Returns the policy for passwords that are the only authentication factor: as {@link
   * #nist80063b()} but at least 15 code points (NIST SP 800-63B revision 4).
   *
   * @return the policy
   */
  public static PasswordPolicy singleFactor() {
    return builder().minLength(15).build();
  }

  /**
   * Starts a custom policy with the defaults of {@link #nist80063b()}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Checks a password without context words.
   *
   * @param password the password; not modified
   * @return the result
   */
  public PasswordCheck check(char[] password) {
    return check(password, List.of());
  }

  /**
   * Checks a password.
   *
   * @param password the password; not modified (the caller should wipe it)
   * @param contextWords words the password must not contain: user name, e-mail address, real
   *     name; not secret
   * @return the result
   */
  public PasswordCheck check(char[] password, Collection<String> contextWords) {
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(contextWords, "contextWords");
    List<PasswordViolation> violations = new ArrayList<>();
    if (PasswordText.firstUnpairedSurrogate(password) >= 0) {
      violations.add(PasswordViolation.INVALID_CHARACTERS);
      int length = Character.codePointCount(password, 0, password.length);
      if (length < minLength) {
        violations.add(PasswordViolation.TOO_SHORT);
      } else if (length > maxLength) {
        violations.add(PasswordViolation.TOO_LONG);
      }
      return finish(violations, new StrengthEstimate(0, 0, "", List.of()), length, false);
    }
    char[] norm = PasswordText.nfkc(password);
    char[] lower = lowerCase(norm);
    try {
      int length = Character.codePointCount(norm, 0, norm.length);
      if (length < minLength) {
        violations.add(PasswordViolation.TOO_SHORT);
      } else if (length > maxLength) {
        violations.add(PasswordViolation.TOO_LONG);
      }
      if (CommonPasswords.contains(lower)) {
        violations.add(PasswordViolation.COMMON);
      }
      List<String> words = contextTokens(contextWords);
      for (String w : words) {
        if (contains(lower, w.toCharArray())) {
          violations.add(PasswordViolation.CONTAINS_CONTEXT);
          break;
        }
      }
      boolean breachCompleted = false;
      if (breachCheck != null) {
        Boolean breached = runBreachCheck(breachCheck, norm);
        if (breached == null) {
          if (failureMode == BreachedPasswordCheck.FailureMode.FAIL_CLOSED) {
            violations.add(PasswordViolation.BREACH_CHECK_UNAVAILABLE);
          }
        } else {
          breachCompleted = true;
          if (breached) {
            violations.add(PasswordViolation.BREACHED);
          }
        }
      }
      StrengthEstimate strength =
          length > maxLength
              ? new StrengthEstimate(4, 0, "", List.of()) // not measured: too long to be accepted anyway
              : CommonPasswords.estimate(norm, words);
      if (strength.score() < minimumScore) {
        violations.add(PasswordViolation.TOO_WEAK);
      }
      return finish(violations, strength, length, breachCompleted);
    } finally {
      PasswordText.wipe(norm);
      PasswordText.wipe(lower);
    }
  }

  /**
   * Checks a password and throws if it is not acceptable.
   *
   * @param password the password; not modified
   * @param contextWords words the password must not contain; not secret
   * @return the result, always acceptable (for its strength estimate)
   * @throws PasswordRejectedException listing the violations
   */
  public PasswordCheck requireAcceptable(char[] password, Collection<String> contextWords)
      throws PasswordRejectedException {
    PasswordCheck c = check(password, contextWords);
    c.orThrow();
    return c;
  }

  private PasswordCheck finish(List<PasswordViolation> violations, StrengthEstimate strength, int length, boolean breach) {
    if (!violations.isEmpty()) {
      SecurityEvents.deliver(
          events,
          SecurityEvent.builder(PasswordEvents.POLICY_REJECTED, SecurityEvent.Outcome.DENIED)
              .timestamp(clock.instant())
              .attribute("violations", violations.stream().map(Enum::name).collect(Collectors.joining(",")))
              .build());
    }
    return new PasswordCheck(violations, strength, length, breach);
  }

  /** Runs the breach check with the timeout; null when it failed or timed out. */
  private @Nullable Boolean runBreachCheck(BreachedPasswordCheck check, char[] norm) {
    char[] copy = norm.clone();
    Future<Boolean> f;
    try {
      f =
          BREACH_CHECKS.submit(
              () -> {
                try {
                  return check.isBreached(copy);
                } finally {
                  PasswordText.wipe(copy);
                }
              });
    } catch (RejectedExecutionException e) {
      PasswordText.wipe(copy);
      return null; // too many checks already waiting on the service
    }
    try {
      return f.get(breachTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return null;
    } catch (ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return null;
    }
  }

  private List<String> contextTokens(Collection<String> perCheck) {
    Set<String> tokens = new LinkedHashSet<>();
    List<String> all = new ArrayList<>(contextWords);
    all.addAll(perCheck);
    for (String word : all) {
      String w = Normalizer.normalize(Objects.requireNonNull(word, "context word"), Normalizer.Form.NFKC)
          .toLowerCase(Locale.ROOT).strip();
      int at = w.indexOf('@');
      if (at > 0) {
        w = w.substring(0, at); // the e-mail's local part; the domain is usually shared
      }
      addToken(tokens, w);
      SEPARATORS.splitAsStream(w).forEach(part -> addToken(tokens, part));
    }
    return new ArrayList<>(tokens);
  }

  private static void addToken(Set<String> tokens, String t) {
    if (t.codePointCount(0, t.length()) >= MIN_CONTEXT_WORD) {
      tokens.add(t);
    }
  }

  private static char[] lowerCase(char[] s) {
    char[] out = new char[s.length];
    int j = 0;
    for (int i = 0; i < s.length; ) {
      int cp = Character.codePointAt(s, i);
      int lower = Character.toLowerCase(cp);
      if (Character.charCount(lower) != Character.charCount(cp)) {
        lower = cp; // keep lengths aligned; such pairs are too rare to matter for the checks
      }
      j += Character.toChars(lower, out, j);
      i += Character.charCount(cp);
    }
    return out;
  }

  private static boolean contains(char[] hay, char[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int k = 0; k < needle.length; k++) {
        if (hay[i + k] != needle[k]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * Returns the minimum length.
   *
   * @return code points
   */
  public int minLength() {
    return minLength;
  }

  /**
   * Returns the maximum length.
   *
   * @return code points
   */
  public int maxLength() {
    return maxLength;
  }

  @Override
  public String toString() {
    return "PasswordPolicy{length " + minLength + ".." + maxLength + ", contextWords=" + contextWords.size()
        + (breachCheck == null ? "" : ", breachCheck " + failureMode + " after " + breachTimeout)
        + (minimumScore > 0 ? ", minimumScore=" + minimumScore : "") + '}';
  }

  /** Configures a {@link PasswordPolicy}. Not thread-safe. */
  public static final class Builder {
    private int minLength = MIN_MIN_LENGTH;
    private int maxLength = DEFAULT_MAX_LENGTH;
    private final List<String> contextWords = new ArrayList<>();
    private @Nullable BreachedPasswordCheck breachCheck;
    private Duration breachTimeout = Duration.ofSeconds(2);
    private BreachedPasswordCheck.FailureMode failureMode = BreachedPasswordCheck.FailureMode.FAIL_OPEN;
    private int minimumScore;
    private SecurityEventListener events = SecurityEventListener.logging();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the minimum length in code points (default 8; use 15 when the password is the only
     * factor).
     *
     * @param min at least 8
     * @return this builder
     * @throws IllegalArgumentException if {@code min < 8}
     */
    public Builder minLength(int min) {
      if (min < MIN_MIN_LENGTH) {
        throw new IllegalArgumentException("minimum length must be at least " + MIN_MIN_LENGTH + " (NIST SP 800-63B), was " + min);
      }
      this.minLength = min;
      return this;
    }

    /**
     * Sets the maximum length in code points (default 256).
     *
     * @param max at least 64
     * @return this builder
     * @throws IllegalArgumentException if {@code max < 64}
     */
    public Builder maxLength(int max) {
      if (max < MIN_MAX_LENGTH) {
        throw new IllegalArgumentException("maximum length must be at least " + MIN_MAX_LENGTH + " (NIST SP 800-63B), was " + max);
      }
      this.maxLength = max;
      return this;
    }

    /**
     * Adds context words checked for every password, such as the site or company name.
     *
     * @param words the words; not secret
     * @return this builder
     */
    public Builder contextWords(String... words) {
      for (String w : words) {
        contextWords.add(Objects.requireNonNull(w, "word"));
      }
      return this;
    }

    /**
     * Consults a breach corpus for every password.
     *
     * @param check the check
     * @param timeout how long to wait for it (default 2 seconds)
     * @param onFailure what to do when it throws or times out (default {@link
     *     BreachedPasswordCheck.FailureMode#FAIL_OPEN})
     * @return this builder
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder breachedPasswordCheck(
        BreachedPasswordCheck check, Duration timeout, BreachedPasswordCheck.FailureMode onFailure) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("breach check timeout must be positive, was " + timeout);
      }
      this.breachCheck = Objects.requireNonNull(check, "check");
      this.breachTimeout = timeout;
      this.failureMode = Objects.requireNonNull(onFailure, "onFailure");
      return this;
    }

    /**
     * Rejects passwords whose zxcvbn score is below {@code score} (default 0: off).
     *
     * @param score 0 to 4
     * @return this builder
     * @throws IllegalArgumentException if {@code score} is outside 0..4
     */
    public Builder minimumStrengthScore(int score) {
      if (score < 0 || score > 4) {
        throw new IllegalArgumentException("zxcvbn scores are 0 to 4, was " + score);
      }
      this.minimumScore = score;
      return this;
    }

    /**
     * Sets where rejection events go (default {@link SecurityEventListener#logging()}).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder eventListener(SecurityEventListener listener) {
      this.events = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets the clock of event timestamps.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the immutable policy
     * @throws IllegalArgumentException if the minimum length exceeds the maximum
     */
    public PasswordPolicy build() {
      if (minLength > maxLength) {
        throw new IllegalArgumentException("minimum length " + minLength + " exceeds maximum " + maxLength);
      }
      return new PasswordPolicy(this);
    }
  }
}
