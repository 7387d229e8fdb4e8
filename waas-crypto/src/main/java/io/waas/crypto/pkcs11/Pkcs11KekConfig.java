package io.waas.crypto.pkcs11;

import io.waas.core.SecretChars;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link Pkcs11KeyEncryptionKey} lives: the token's PKCS#11 library, the slot, the label
 * of the key, and the PIN to log in with. Immutable and validated when built.
 *
 * <pre>{@code
 * Pkcs11KekConfig config = Pkcs11KekConfig.builder()
 *     .library(Path.of("/usr/lib/softhsm/libsofthsm2.so"))
 *     .slot(1567728689L)                 // or .slotListIndex(0)
 *     .keyLabel("waas-kek")              // versions are stored as waas-kek.v1, waas-kek.v2, ...
 *     .pin(pin)                          // a SecretChars the caller owns
 *     .build();
 * }</pre>
 *
 * <p>The slot is chosen by its PKCS#11 slot id or by its index in the library's slot list: the
 * JDK's SunPKCS11 provider cannot select a slot by token label. Find the id with the vendor's
 * tool ({@code softhsm2-util --show-slots}, {@code pkcs11-tool --list-slots}).
 *
 * <p>The PIN is not copied: the configuration keeps the caller's {@link SecretChars} and reads it
 * only while a key is being opened or created. The caller may close it once every key it needs
 * is open; opening another key afterwards fails with {@link IllegalStateException}. {@link
 * #toString()} never shows it.
 *
 * <p>Thread-safe (immutable).
 */
public final class Pkcs11KekConfig {
  /** A key label: the stored token labels are {@code <label>.v<version>}. */
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");

  private final Path library;
  private final long slot;
  private final int slotListIndex;
  private final String keyLabel;
  private final SecretChars pin;

  private Pkcs11KekConfig(Builder b, Path library, String keyLabel, SecretChars pin) {
    this.library = library;
    this.slot = b.slot;
    this.slotListIndex = b.slotListIndex;
    this.keyLabel = keyLabel;
    this.pin = pin;
  }

  /**
   * Starts a configuration.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the PKCS#11 library (the vendor's shared object).
   *
   * @return an absolute, normalized path
   */
  public Path library() {
    return library;
  }

  /**
   * Returns the PKCS#11 slot id, if the slot was chosen by id.
   *
   * @return the slot id, or empty if chosen by {@link #slotListIndex()}
   */
  public OptionalLong slot() {
    return slot < 0 ? OptionalLong.empty() : OptionalLong.of(slot);
  }

  /**
   * Returns the slot's index in the library's slot list, if the slot was chosen that way.
   *
   * @return the index, or empty if chosen by {@link #slot()}
   */
  public OptionalInt slotListIndex() {
    return slotListIndex < 0 ? OptionalInt.empty() : OptionalInt.of(slotListIndex);
  }

  /**
   * Returns the key's label; version {@code n} of the key is the token object labelled {@code
   * <label>.v<n>}.
   *
   * @return the label
   */
  public String keyLabel() {
    return keyLabel;
  }

  /** The PIN holder, for the key to read while it logs in. */
  SecretChars pin() {
    return pin;
  }

  /** Describes the slot for messages: {@code slot 42} or {@code slot list index 0}. */
  String slotDescription() {
    return slot >= 0 ? "slot " + slot : "slot list index " + slotListIndex;
  }

  /**
   * The SunPKCS11 configuration text for a provider instance named {@code name}. Generated
   * secret keys are session objects that are sensitive, not extractable and usable only to
   * encrypt and decrypt; storing one under a label in the PKCS#11 key store copies it into a
   * private token object with the same attributes.
   */
  String sunPkcs11Config(String name) {
    // Inside double quotes the SunPKCS11 parser treats a backslash as an escape character.
    String quotedLibrary = '"' + library.toString().replace("\\", "\\\\") + '"';
    String slotLine = slot >= 0 ? "slot = " + slot : "slotListIndex = " + slotListIndex;
    return "name = " + name + "\n"
        + "library = " + quotedLibrary + "\n"
        + slotLine + "\n"
        + "attributes(generate, CKO_SECRET_KEY, CKK_AES) = {\n"
        + "  CKA_TOKEN = false\n"
        + "  CKA_SENSITIVE = true\n"
        + "  CKA_EXTRACTABLE = false\n"
        + "  CKA_ENCRYPT = true\n"
        + "  CKA_DECRYPT = true\n"
        + "  CKA_WRAP = false\n"
        + "  CKA_UNWRAP = false\n"
        + "  CKA_SIGN = false\n"
        + "  CKA_VERIFY = false\n"
        + "  CKA_DERIVE = false\n"
        + "}\n";
  }

  /**
   * Returns a description without the PIN.
   *
   * @return for example {@code Pkcs11KekConfig[library=/usr/lib/softhsm/libsofthsm2.so, slot 42,
   *     keyLabel=waas-kek, pin=redacted]}
   */
  @Override
  public String toString() {
    return "Pkcs11KekConfig[library=" + library + ", " + slotDescription() + ", keyLabel=" + keyLabel
        + ", pin=redacted]";
  }

  /** Builds a {@link Pkcs11KekConfig}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Path library;
    private long slot = -1;
    private int slotListIndex = -1;
    private @Nullable String keyLabel;
    private @Nullable SecretChars pin;

    private Builder() {}

    /**
     * Sets the PKCS#11 library: the HSM vendor's shared object, for example {@code
     * /usr/lib/softhsm/libsofthsm2.so}, a Luna {@code libCryptoki2_64.so}, or the CloudHSM PKCS#11
     * library.
     *
     * @param library an absolute path; checked to exist when a key is opened
     * @return this builder
     * @throws IllegalArgumentException if the path is relative or contains a double quote, a
     *     control character or "${"
     */
    public Builder library(Path library) {
      if (!library.isAbsolute()) {
        throw new IllegalArgumentException("the PKCS#11 library path must be absolute, was " + library);
      }
      String s = library.toString();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < 0x20 || c == 0x7f || c == '"') {
          throw new IllegalArgumentException(
              "the PKCS#11 library path must not contain double quotes or control characters: " + library);
        }
      }
      if (s.contains("${")) {
        // SunPKCS11 would expand it as a system property.
        throw new IllegalArgumentException("the PKCS#11 library path must not contain '${': " + library);
      }
      this.library = library.normalize();
      return this;
    }

    /**
     * Chooses the slot by its PKCS#11 slot id. Replaces {@link #slotListIndex(int)}.
     *
     * @param slotId the slot id, at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder slot(long slotId) {
      if (slotId < 0) {
        throw new IllegalArgumentException("a PKCS#11 slot id is not negative, was " + slotId);
      }
      this.slot = slotId;
      this.slotListIndex = -1;
      return this;
    }

    /**
     * Chooses the slot by its index in the library's slot list. Replaces {@link #slot(long)}.
     * Indexes can change when tokens are added or removed; prefer {@link #slot(long)}.
     *
     * @param index the index, at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder slotListIndex(int index) {
      if (index < 0) {
        throw new IllegalArgumentException("a slot list index is not negative, was " + index);
      }
      this.slotListIndex = index;
      this.slot = -1;
      return this;
    }

    /**
     * Sets the key's label. Version {@code n} of the key is stored in the token as {@code
     * <label>.v<n>}.
     *
     * @param label 1 to 64 characters of {@code A-Z a-z 0-9 . _ -}, not starting with {@code .}
     * @return this builder
     * @throws IllegalArgumentException if malformed
     */
    public Builder keyLabel(String label) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "a key label is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-', not starting with '.', was '"
                + label + "'");
      }
      this.keyLabel = label;
      return this;
    }

    /**
     * Sets the PIN of the token's user. Not copied: see the class description.
     *
     * @param pin the PIN holder, owned by the caller
     * @return this builder
     * @throws IllegalArgumentException if it is empty
     * @throws IllegalStateException if it was already closed
     */
    public Builder pin(SecretChars pin) {
      if (pin.isDestroyed()) {
        throw new IllegalStateException("the PIN was already closed");
      }
      if (pin.length() == 0) {
        throw new IllegalArgumentException("the PIN is empty");
      }
      this.pin = pin;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalStateException if the library, the slot, the key label or the PIN is missing
     */
    public Pkcs11KekConfig build() {
      Path lib = require(library, "library(...)");
      String label = require(keyLabel, "keyLabel(...)");
      SecretChars p = require(pin, "pin(...)");
      if (slot < 0 && slotListIndex < 0) {
        throw new IllegalStateException("no slot: call slot(...) or slotListIndex(...)");
      }
      return new Pkcs11KekConfig(this, lib, label, p);
    }

    private static <T> T require(@Nullable T value, String call) {
      if (value == null) {
        throw new IllegalStateException("incomplete PKCS#11 configuration: call " + call);
      }
      return Objects.requireNonNull(value);
    }
  }
}
