package io.waas.core;

import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A holder for secret bytes (key material, seeds) that keeps them out of logs and wipes them when
 * closed.
 *
 * <p>The bytes are readable only through {@link #copyBytes()}, an explicit capability whose name
 * makes every read visible in review. {@link #toString()} never shows them. {@link #close()} (and
 * {@link #destroy()}) overwrite the held array with zeros; any later read throws {@link
 * IllegalStateException}.
 *
 * <p><b>Limits:</b> the JVM may already have copied the bytes (garbage collection moves arrays),
 * and copies handed out by {@link #copyBytes()} are the caller's to wipe. Zeroing reduces how long
 * secrets linger in memory; it does not guarantee they are gone.
 *
 * <p>Thread-safe: reads and {@link #close()} are synchronized, so a reader never sees a half-wiped
 * array.
 */
public final class SecretBytes implements AutoCloseable, Destroyable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] bytes;
  private boolean destroyed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Copies {@code bytes} into a new holder. The caller keeps ownership of (and should wipe) its
   * array.
   *
   * @param bytes the secret; may be empty
   * @return a holder of a copy of {@code bytes}
   */
  public static SecretBytes copyOf(byte[] bytes) {
    return new SecretBytes(bytes.clone());
  }

  /**
   * Takes ownership of {@code bytes} without copying: the holder will zero this very array when
   * closed, so the caller must not use it afterwards.
   *
   * @param bytes the secret
   * @return a holder of {@code bytes}
   */
  public static SecretBytes wrap(byte[] bytes) {
    return new SecretBytes(bytes);
  }

  /**
   * Creates a holder of {@code length} bytes from a cryptographically secure random generator.
   *
   * @param length how many bytes, at least 1
   * @return a holder of fresh random bytes
   * @throws IllegalArgumentException if {@code length} is less than 1
   */
  public static SecretBytes random(int length) {
    if (length < 1) {
      throw new IllegalArgumentException("length must be at least 1, was " + length);
    }
    byte[] b = new byte[length];
    RANDOM.nextBytes(b);
    return new SecretBytes(b);
  }

  /**
   * Returns the number of secret bytes held.
   *
   * @return the length
   */
  public int length() {
    return bytes.length;
  }

  /**
   * Returns a copy of the secret bytes. The caller owns the copy and should overwrite it (for
   * example with {@code Arrays.fill(copy, (byte) 0)}) when done.
   *
   * @return a fresh copy of the secret
   * @throws IllegalStateException if this holder was closed
   */
  public synchronized byte[] copyBytes() {
    checkNotDestroyed();
    return bytes.clone();
  }

  /**
   * Compares this secret with another in constant time.
   *
   * @param other the other secret
   * @return whether both hold the same bytes
   * @throws IllegalStateException if either holder was closed
   */
  public boolean equalsConstantTime(SecretBytes other) {
    byte[] mine = copyBytes();
    byte[] theirs = other.copyBytes();
    try {
      return ConstantTime.equal(mine, theirs);
    } finally {
      Arrays.fill(mine, (byte) 0);
      Arrays.fill(theirs, (byte) 0);
    }
  }

  /** Overwrites the secret with zeros. Idempotent. */
  @Override
  public synchronized void close() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  /** Same as {@link #close()}. */
  @Override
  public void destroy() {
    close();
  }

  /**
   * Tells whether this holder has been closed.
   *
   * @return whether the secret was wiped
   */
  @Override
  public synchronized boolean isDestroyed() {
    return destroyed;
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("secret was already destroyed");
    }
  }

  /**
   * Returns a description that never contains the secret.
   *
   * @return for example {@code SecretBytes[32 bytes, redacted]}
   */
  @Override
  public synchronized String toString() {
    return destroyed ? "SecretBytes[destroyed]" : "SecretBytes[" + bytes.length + " bytes, redacted]";
  }
}
