package io.waas.crypto.pkcs11;

import io.waas.core.MalformedDataException;

/**
 * The layout of a value wrapped by a {@link Pkcs11KeyEncryptionKey}. All integers big-endian.
 *
 * <pre>
 * offset  length  field
 *      0       2  magic "WP" (0x57 0x50)
 *      2       1  format version = 1
 *      3       4  KEK version (1 .. 2^31-1): the token key labelled "&lt;label&gt;.v&lt;version&gt;"
 *      7      12  random IV
 *     19       n  AES-256-GCM ciphertext
 *   19+n      16  GCM tag
 * </pre>
 *
 * <p>The GCM associated data is the 7-byte header followed by the caller's associated data, so
 * the version a value names is authenticated with it.
 */
final class WrappedKeyFormat {
  static final byte MAGIC0 = 'W';
  static final byte MAGIC1 = 'P';
  static final int FORMAT_VERSION = 1;
  static final int HEADER_LENGTH = 7;
  static final int IV_LENGTH = 12;
  static final int TAG_LENGTH = 16;
  /** Everything but the ciphertext: header, IV and tag. */
  static final int OVERHEAD = HEADER_LENGTH + IV_LENGTH + TAG_LENGTH;
  static final int MAX_KEK_VERSION = Integer.MAX_VALUE;

  private WrappedKeyFormat() {}

  /** Returns the header naming a KEK version. */
  static byte[] header(int kekVersion) {
    if (kekVersion < 1) {
      throw new IllegalArgumentException("KEK versions start at 1, was " + kekVersion);
    }
    return new byte[] {
      MAGIC0,
      MAGIC1,
      (byte) FORMAT_VERSION,
      (byte) (kekVersion >>> 24),
      (byte) (kekVersion >>> 16),
      (byte) (kekVersion >>> 8),
      (byte) kekVersion
    };
  }

  /**
   * Checks the layout of a wrapped value and returns the KEK version it names.
   *
   * @throws MalformedDataException if it is too short, has the wrong magic or format version, or
   *     names version 0 or a negative version
   */
  static int kekVersion(byte[] wrapped) throws MalformedDataException {
    if (wrapped.length < OVERHEAD) {
      throw new MalformedDataException(
          "not a PKCS#11-wrapped value: " + wrapped.length + " bytes, at least " + OVERHEAD + " expected");
    }
    if (wrapped[0] != MAGIC0 || wrapped[1] != MAGIC1) {
      throw new MalformedDataException("not a PKCS#11-wrapped value: wrong magic");
    }
    if ((wrapped[2] & 0xff) != FORMAT_VERSION) {
      throw new MalformedDataException(
          "PKCS#11-wrapped value has unknown format version " + (wrapped[2] & 0xff));
    }
    int version =
        ((wrapped[3] & 0xff) << 24) | ((wrapped[4] & 0xff) << 16) | ((wrapped[5] & 0xff) << 8) | (wrapped[6] & 0xff);
    if (version < 1) {
      throw new MalformedDataException("PKCS#11-wrapped value names invalid KEK version " + Integer.toUnsignedString(version));
    }
    return version;
  }
}
