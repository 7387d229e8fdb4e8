package io.waas.crypto;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link BlindIndex} computes its tokens: how many bits of the HMAC it keeps, and how it
 * normalizes values first. Start from a named preset; adjust with {@link #withBits} or {@link
 * #withNormalization}.
 *
 * <h2>Choosing the length</h2>
 *
 * <p>A blind index of {@code b} bits reveals to whoever sees the column which rows hold equal
 * values, and nothing else, as long as distinct values do not collide. Fewer bits make distinct
 * values collide on purpose: with {@code n} distinct values in a column, about {@code n^2 /
 * 2^(b+1)} pairs share a token. Collisions cost a few false positives per lookup (the caller must
 * decrypt the candidates and compare; see {@link BlindIndex}), and in exchange blur equality for an
 * attacker who has the table: short tokens are a deliberate defence for low-entropy fields, where
 * an exact equality pattern is itself the leak.
 *
 * <ul>
 *   <li>{@link #defaults()}: 128 bits, exact match. No accidental collisions for any realistic
 *       table; use for unique-ish values (account numbers, national ids, tokens).
 *   <li>{@link #email()}: 128 bits, case-insensitive e-mail matching.
 *   <li>{@link #compact()}: 64 bits: collisions become likely only beyond about 4 billion distinct
 *       values; halves the index size.
 *   <li>{@link #coarse()}: {@value #MIN_BITS} bits: collisions are likely from about 65,000
 *       distinct values on. For low-entropy fields (birth dates, postcodes) where false positives
 *       are wanted.
 * </ul>
 *
 * <p>Immutable and thread-safe; validated at construction.
 */
public final class BlindIndexParameters {
  /** The shortest token body, in bits. */
  public static final int MIN_BITS = 32;

  /** The longest token body (the whole HMAC-SHA256), in bits. */
  public static final int MAX_BITS = 256;

  private static final BlindIndexParameters DEFAULTS = new BlindIndexParameters(128, BlindIndexNormalization.EXACT);

  private final int bits;
  private final BlindIndexNormalization normalization;

  private BlindIndexParameters(int bits, BlindIndexNormalization normalization) {
    if (bits < MIN_BITS || bits > MAX_BITS || bits % 8 != 0) {
      throw new IllegalArgumentException(
          "blind index length must be a multiple of 8 bits from " + MIN_BITS + " to " + MAX_BITS + ", was " + bits);
    }
    this.bits = bits;
    this.normalization = Objects.requireNonNull(normalization, "normalization");
  }

  /**
   * 128 bits, {@link BlindIndexNormalization#EXACT}: the safe default.
   *
   * @return the parameters
   */
  public static BlindIndexParameters defaults() {
    return DEFAULTS;
  }

  /**
   * 128 bits, {@link BlindIndexNormalization#EMAIL}.
   *
   * @return the parameters
   */
  public static BlindIndexParameters email() {
    return new BlindIndexParameters(128, BlindIndexNormalization.EMAIL);
  }

  /**
   * 64 bits, {@link BlindIndexNormalization#EXACT}.
   *
   * @return the parameters
   */
  public static BlindIndexParameters compact() {
    return new BlindIndexParameters(64, BlindIndexNormalization.EXACT);
  }

  /**
   * {@value #MIN_BITS} bits, {@link BlindIndexNormalization#EXACT}: deliberate false positives for
   * low-entropy fields.
   *
   * @return the parameters
   */
  public static BlindIndexParameters coarse() {
    return new BlindIndexParameters(MIN_BITS, BlindIndexNormalization.EXACT);
  }

  /**
   * Returns a copy with another token length.
   *
   * @param bits a multiple of 8 from {@value #MIN_BITS} to {@value #MAX_BITS}
   * @return the new parameters
   * @throws IllegalArgumentException if {@code bits} is out of range or not a multiple of 8
   */
  public BlindIndexParameters withBits(int bits) {
    return new BlindIndexParameters(bits, normalization);
  }

  /**
   * Returns a copy with another normalization.
   *
   * @param normalization how values are normalized before indexing
   * @return the new parameters
   */
  public BlindIndexParameters withNormalization(BlindIndexNormalization normalization) {
    return new BlindIndexParameters(bits, normalization);
  }

  /**
   * Returns the token length.
   *
   * @return bits of HMAC kept per token
   */
  public int bits() {
    return bits;
  }

  /**
   * Returns the normalization.
   *
   * @return how values are normalized
   */
  public BlindIndexNormalization normalization() {
    return normalization;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof BlindIndexParameters other && other.bits == bits && other.normalization == normalization;
  }

  @Override
  public int hashCode() {
    return bits * 31 + normalization.name().hashCode();
  }

  @Override
  public String toString() {
    return "BlindIndexParameters{" + bits + " bits, " + normalization + "}";
  }
}
