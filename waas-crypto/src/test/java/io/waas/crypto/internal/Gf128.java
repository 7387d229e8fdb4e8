package io.waas.crypto.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * GF(2^128) with GCM's bit order (NIST SP 800-38D, section 6.3): bit 0 is the most significant
 * bit of byte 0, and products are reduced by R = 11100001 || 0^120. Test code only: it exists to
 * forge GCM tags, not to be fast or constant-time.
 */
final class Gf128 {
  static final Gf128 ZERO = new Gf128(0, 0);

  /** The multiplicative identity: the block 0x80 00 .. 00 (x^0 in GCM's reflected order). */
  static final Gf128 ONE = new Gf128(0x8000000000000000L, 0);

  private static final long R = 0xE100000000000000L;

  private final long hi;
  private final long lo;

  private Gf128(long hi, long lo) {
    this.hi = hi;
    this.lo = lo;
  }

  /** Reads the 16-byte block at {@code offset}, zero padded if {@code data} ends before it does. */
  static Gf128 of(byte[] data, int offset) {
    byte[] b = new byte[16];
    System.arraycopy(data, offset, b, 0, Math.min(16, data.length - offset));
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new Gf128(buf.getLong(), buf.getLong());
  }

  static Gf128 of(byte[] block) {
    return of(block, 0);
  }

  byte[] toBytes() {
    return ByteBuffer.allocate(16).putLong(hi).putLong(lo).array();
  }

  boolean isZero() {
    return hi == 0 && lo == 0;
  }

  Gf128 add(Gf128 o) {
    return new Gf128(hi ^ o.hi, lo ^ o.lo);
  }

  /** Algorithm 1 of SP 800-38D. */
  Gf128 multiply(Gf128 y) {
    long zh = 0;
    long zl = 0;
    long vh = y.hi;
    long vl = y.lo;
    for (int i = 0; i < 128; i++) {
      long bit = i < 64 ? (hi >>> (63 - i)) & 1 : (lo >>> (127 - i)) & 1;
      if (bit != 0) {
        zh ^= vh;
        zl ^= vl;
      }
      boolean carry = (vl & 1) != 0;
      vl = (vl >>> 1) | (vh << 63);
      vh >>>= 1;
      if (carry) {
        vh ^= R;
      }
    }
    return new Gf128(zh, zl);
  }

  Gf128 pow(int e) {
    Gf128 result = ONE;
    for (int i = 0; i < e; i++) {
      result = result.multiply(this);
    }
    return result;
  }

  /** a^-1 = a^(2^128 - 2) = product of a^(2^i) for i = 1..127 (Fermat in GF(2^128)). */
  Gf128 inverse() {
    if (isZero()) {
      throw new ArithmeticException("zero has no inverse");
    }
    Gf128 square = this;
    Gf128 result = ONE;
    for (int i = 1; i < 128; i++) {
      square = square.multiply(square);
      result = result.multiply(square);
    }
    return result;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Gf128 g && g.hi == hi && g.lo == lo;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi) * 31 + Long.hashCode(lo);
  }

  @Override
  public String toString() {
    return String.format("%016x%016x", hi, lo);
  }

  // ------------------------------------------------------------------ GCM pieces

  /** Number of 16-byte blocks GHASH reads for {@code length} bytes (the last one zero padded). */
  static int blocks(int length) {
    return (length + 15) / 16;
  }

  /** GHASH_H(pad(aad) || pad(ct) || [len(aad)]64 || [len(ct)]64), section 6.4 and 7.1. */
  static Gf128 ghash(Gf128 h, byte[] aad, byte[] ct) {
    Gf128 y = ZERO;
    for (int i = 0; i < aad.length; i += 16) {
      y = y.add(of(aad, i)).multiply(h);
    }
    for (int i = 0; i < ct.length; i += 16) {
      y = y.add(of(ct, i)).multiply(h);
    }
    Gf128 lengths = new Gf128(aad.length * 8L, ct.length * 8L);
    return y.add(lengths).multiply(h);
  }

  /** Raw AES of one block: H = E_K(0^128) and the tag mask E_K(J0). */
  static Gf128 aes(byte[] key, byte[] block) throws GeneralSecurityException {
    Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
    return of(ecb.doFinal(block));
  }

  /** J0 = IV || 0^31 || 1 for a 96-bit IV. */
  static byte[] j0(byte[] iv12) {
    byte[] j0 = new byte[16];
    System.arraycopy(iv12, 0, j0, 0, 12);
    j0[15] = 1;
    return j0;
  }

  /** The GCM tag of {@code ct} (ciphertext without tag) under {@code key}, 96-bit IV. */
  static byte[] gcmTag(byte[] key, byte[] iv12, byte[] aad, byte[] ct) throws GeneralSecurityException {
    Gf128 h = aes(key, new byte[16]);
    return aes(key, j0(iv12)).add(ghash(h, aad, ct)).toBytes();
  }
}
