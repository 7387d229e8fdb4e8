package io.waas.core;

import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Something security-relevant that happened: a key created or destroyed, a decryption that failed,
 * a login refused. Events feed monitoring, alerting and audit logs through a {@link
 * SecurityEventListener}.
 *
 * <p>An event carries a dotted lower-case {@linkplain #type() type} such as {@code key.rotated},
 * the {@linkplain #tenant() tenant} and {@linkplain #subject() subject} concerned (if any), an
 * {@linkplain #outcome() outcome}, and free-form string {@linkplain #attributes() attributes}.
 *
 * <p><b>Events never carry secrets.</b> Attribute names that suggest secret values ({@code
 * password}, {@code secret}, {@code plaintext}, {@code privateKey}, {@code passphrase}, {@code
 * token}) are refused when the event is built, so that a mistake shows up in tests rather than in
 * a log.
 *
 * <p>Immutable and thread-safe.
 */
public final class SecurityEvent {
  /** What came of the action an event reports. */
  public enum Outcome {
    /** The action succeeded. */
    SUCCESS,
    /** The action failed (bad input, tampered data, an unavailable key). */
    FAILURE,
    /** The action was refused by policy (throttled, not permitted). */
    DENIED
  }

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
  private static final Pattern SECRET_LOOKING =
      Pattern.compile(".*(password|passphrase|secret|plaintext|privatekey|private_key|token).*");

  private final String type;
  private final Instant timestamp;
  private final @Nullable String tenant;
  private final @Nullable String subject;
  private final Outcome outcome;
  private final Map<String, String> attributes;

  private SecurityEvent(Builder b) {
    this.type = b.type;
    this.timestamp = Objects.requireNonNull(b.timestamp, "timestamp");
    this.tenant = b.tenant;
    this.subject = b.subject;
    this.outcome = b.outcome;
    this.attributes = Collections.unmodifiableMap(new TreeMap<>(b.attributes));
  }

  /**
   * Starts building an event.
   *
   * @param type dotted lower-case name, for example {@code key.created}
   * @param outcome what came of the action
   * @return a builder whose timestamp defaults to now
   * @throws IllegalArgumentException if {@code type} is not dotted lower case
   */
  public static Builder builder(String type, Outcome outcome) {
    return new Builder(type, outcome);
  }

  /**
   * Returns the event type, for example {@code key.rotated}.
   *
   * @return the type
   */
  public String type() {
    return type;
  }

  /**
   * Returns when the event happened.
   *
   * @return the timestamp
   */
  public Instant timestamp() {
    return timestamp;
  }

  /**
   * Returns the tenant concerned, if any.
   *
   * @return the tenant id or {@code null}
   */
  public @Nullable String tenant() {
    return tenant;
  }

  /**
   * Returns the subject concerned (a user, a data subject, a service), if any.
   *
   * @return the subject id or {@code null}
   */
  public @Nullable String subject() {
    return subject;
  }

  /**
   * Returns what came of the action.
   *
   * @return the outcome
   */
  public Outcome outcome() {
    return outcome;
  }

  /**
   * Returns the attributes, sorted by name.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SecurityEvent{type=").append(type);
    sb.append(", outcome=").append(outcome);
    if (tenant != null) {
      sb.append(", tenant=").append(tenant);
    }
    if (subject != null) {
      sb.append(", subject=").append(subject);
    }
    if (!attributes.isEmpty()) {
      sb.append(", attributes=").append(attributes);
    }
    return sb.append(", timestamp=").append(timestamp).append('}').toString();
  }

  /** Builds a {@link SecurityEvent}. Not thread-safe. */
  public static final class Builder {
    private final String type;
    private final Outcome outcome;
    private Instant timestamp = Instant.now();
    private @Nullable String tenant;
    private @Nullable String subject;
    private final Map<String, String> attributes = new TreeMap<>();

    private Builder(String type, Outcome outcome) {
      if (!TYPE.matcher(type).matches()) {
        throw new IllegalArgumentException(
            "event type must be dotted lower case like 'key.created', was '" + type + "'");
      }
      this.type = type;
      this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * Sets the time of the event (default: now).
     *
     * @param timestamp when it happened
     * @return this builder
     */
    public Builder timestamp(Instant timestamp) {
      this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
      return this;
    }

    /**
     * Sets the tenant concerned.
     *
     * @param tenant the tenant id, or {@code null} for none
     * @return this builder
     */
    public Builder tenant(@Nullable String tenant) {
      this.tenant = tenant;
      return this;
    }

    /**
     * Sets the subject concerned.
     *
     * @param subject the subject id, or {@code null} for none
     * @return this builder
     */
    public Builder subject(@Nullable String subject) {
      this.subject = subject;
      return this;
    }

    /**
     * Adds an attribute. Never pass secret values.
     *
     * @param name attribute name: a letter, then letters, digits, {@code _ . -}; at most 64
     * @param value attribute value
     * @return this builder
     * @throws IllegalArgumentException if the name is malformed or suggests a secret value
     */
    public Builder attribute(String name, String value) {
      if (!ATTRIBUTE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("malformed event attribute name '" + name + "'");
      }
      if (SECRET_LOOKING.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
        throw new IllegalArgumentException(
            "event attribute '" + name + "' looks like a secret; events must never carry secrets");
      }
      attributes.put(name, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the event.
     *
     * @return the immutable event
     */
    public SecurityEvent build() {
      return new SecurityEvent(this);
    }
  }
}
