package io.waas.core;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A holder for a secret character sequence (a password or passphrase) that keeps it out of logs
 * and wipes it when closed. Passwords belong in {@code char[]}, not {@code String}: a string
 * cannot be wiped and may be interned.
 *
 * <p>The characters are readable only through {@link #copyChars()}. {@link #toString()} never
 * shows them. {@link #close()} overwrites the held array; later reads throw {@link
 * IllegalStateException}. The same limits as {@link SecretBytes} apply: zeroing shortens how long
 * a secret lingers, it cannot guarantee the JVM made no copy.
 *
 * <p>Thread-safe.
 */
public final class SecretChars implements AutoCloseable, Destroyable {
  private final char[] chars;
  private boolean destroyed;

  private SecretChars(char[] chars) {
    this.chars = chars;
  }

  /**
   * Copies {@code chars} into a new holder; the caller should wipe its own array.
   *
   * @param chars the secret
   * @return a holder of a copy
   */
  public static SecretChars copyOf(char[] chars) {
    return new SecretChars(chars.clone());
  }

  /**
   * Takes ownership of {@code chars} without copying; the holder wipes this very array on close.
   *
   * @param chars the secret
   * @return a holder of {@code chars}
   */
  public static SecretChars wrap(char[] chars) {
    return new SecretChars(chars);
  }

  /**
   * Returns the number of characters held.
   *
   * @return the length
   */
  public int length() {
    return chars.length;
  }

  /**
   * Returns a copy of the secret; the caller owns it and should wipe it when done.
   *
   * @return a fresh copy
   * @throws IllegalStateException if this holder was closed
   */
  public synchronized char[] copyChars() {
    if (destroyed) {
      throw new IllegalStateException("secret was already destroyed");
    }
    return chars.clone();
  }

  /** Overwrites the secret with zeros. Idempotent. */
  @Override
  public synchronized void close() {
    Arrays.fill(chars, '\0');
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

  /**
   * Returns a description that never contains the secret.
   *
   * @return for example {@code SecretChars[redacted]}
   */
  @Override
  public String toString() {
    return "SecretChars[redacted]";
  }
}
