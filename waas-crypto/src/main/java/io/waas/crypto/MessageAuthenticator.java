package io.waas.crypto;

import java.security.GeneralSecurityException;

/**
 * Message authentication codes under a scope's keys: proves that data was produced by someone
 * holding the scope's key and has not changed since. Obtain one from {@link
 * KeyRing#messageAuthenticator(KeyScope, String)}.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>HMAC-SHA256 (256-bit tags) under a key derived from the scope's data key with the
 *       authenticator's purpose as a label, so tags for one purpose never verify for another.
 *   <li>Rotation-aware: a tag names the key id that made it, and verifies as long as that key is
 *       enabled; new tags use the primary key.
 *   <li>Shredding the scope makes every tag unverifiable.
 *   <li>Verification compares in constant time.
 * </ul>
 *
 * <p>Tag format: version byte {@code 1}, the 4-byte key id (big-endian), the 32-byte HMAC; 37
 * bytes in all.
 *
 * <p>Thread-safe.
 */
public interface MessageAuthenticator {
  /** Length of every tag, in bytes. */
  int TAG_LENGTH = 37;

  /**
   * Computes the tag of {@code data} under the scope's primary key.
   *
   * @param data the data
   * @return a {@value #TAG_LENGTH}-byte tag
   * @throws io.waas.core.KeyUnavailableException if the scope has no usable primary key
   * @throws GeneralSecurityException if the key store fails
   */
  byte[] computeTag(byte[] data) throws GeneralSecurityException;

  /**
   * Checks a tag made by {@link #computeTag}.
   *
   * @param tag the tag
   * @param data the data it should authenticate
   * @throws io.waas.core.MalformedDataException if {@code tag} is not in the tag format
   * @throws VerificationFailedException if the tag does not match the data
   * @throws io.waas.core.KeyUnavailableException if the key it names is unknown, disabled or
   *     destroyed
   * @throws GeneralSecurityException if the key store fails
   */
  void verifyTag(byte[] tag, byte[] data) throws GeneralSecurityException;

  /**
   * Computes the tag of {@code data} under one named, enabled key of the scope rather than the
   * primary. This is for keyed hashes whose key id is recorded apart from the tag — a peppered
   * password hash records which pepper version made it and must recompute under that version
   * after the pepper has rotated. Prefer {@link #computeTag}/{@link #verifyTag} otherwise.
   *
   * @param data the data
   * @param keyId the key to use, as returned by {@link #keyIdOf}
   * @return a {@value #TAG_LENGTH}-byte tag naming {@code keyId}
   * @throws io.waas.core.KeyUnavailableException if the key is unknown, disabled or destroyed
   * @throws GeneralSecurityException if the key store fails
   */
  byte[] computeTagWithKey(byte[] data, long keyId) throws GeneralSecurityException;

  /**
   * Returns the key id that a tag names.
   *
   * @param tag a tag made by this interface
   * @return the key id, from 0 to 2<sup>32</sup>-1
   * @throws io.waas.core.MalformedDataException if {@code tag} is not in the tag format
   */
  static long keyIdOf(byte[] tag) throws io.waas.core.MalformedDataException {
    if (tag.length != TAG_LENGTH || tag[0] != 1) {
      throw new io.waas.core.MalformedDataException(
          "not a message authentication tag: expected " + TAG_LENGTH
              + " bytes starting with version 1, got " + tag.length + " bytes");
    }
    return ((tag[1] & 0xffL) << 24) | ((tag[2] & 0xff) << 16) | ((tag[3] & 0xff) << 8) | (tag[4] & 0xff);
  }
}
