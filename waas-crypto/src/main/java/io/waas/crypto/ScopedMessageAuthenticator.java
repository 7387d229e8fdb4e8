package io.waas.crypto;

import io.waas.crypto.internal.DataKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@link MessageAuthenticator} of a key ring scope.
 *
 * <p>Design: each data key derives one HMAC key per purpose ({@code DataKey.derived}); the
 * derived object is a {@link SecretKeySpec}, and a {@link Mac} is created per call. Mac instances
 * are not thread-safe and cheap next to a store access, and creating one per call keeps this
 * class free of thread-local state.
 */
final class ScopedMessageAuthenticator implements MessageAuthenticator {
  private static final int VERSION = 1;
  private static final String INFO = "waas-crypto/v1/mac/";

  private final KeyRing ring;
  private final KeyScope scope;
  private final String info;

  ScopedMessageAuthenticator(KeyRing ring, KeyScope scope, String purpose) {
    this.ring = ring;
    this.scope = scope;
    this.info = INFO + purpose;
  }

  @Override
  public byte[] computeTag(byte[] data) throws GeneralSecurityException {
    DataKey key = ring.primaryKey(scope, data.length);
    byte[] tag = new byte[TAG_LENGTH];
    tag[0] = VERSION;
    putKeyId(tag, key.id());
    Mac mac = mac(key);
    mac.update(data);
    mac.doFinal(tag, 5);
    return tag;
  }

  @Override
  public byte[] computeTagWithKey(byte[] data, long keyId) throws GeneralSecurityException {
    DataKey key = ring.enabledKey(scope, keyId);
    byte[] tag = new byte[TAG_LENGTH];
    tag[0] = VERSION;
    putKeyId(tag, key.id());
    Mac mac = mac(key);
    mac.update(data);
    mac.doFinal(tag, 5);
    return tag;
  }

  @Override
  public void verifyTag(byte[] tag, byte[] data) throws GeneralSecurityException {
    long keyId = MessageAuthenticator.keyIdOf(tag);
    DataKey key = ring.enabledKey(scope, keyId);
    Mac mac = mac(key);
    mac.update(data);
    byte[] expected = mac.doFinal();
    byte[] actual = java.util.Arrays.copyOfRange(tag, 5, TAG_LENGTH);
    if (!MessageDigest.isEqual(expected, actual)) {
      throw new VerificationFailedException(
          "message authentication tag does not match the data (key " + keyId + " of " + scope + ")", null);
    }
  }

  private Mac mac(DataKey key) throws GeneralSecurityException {
    SecretKeySpec k = key.derived(info, 32, SecretKeySpec.class, sub -> new SecretKeySpec(sub, "HmacSHA256"));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(k);
    return mac;
  }

  private static void putKeyId(byte[] out, long id) {
    out[1] = (byte) (id >>> 24);
    out[2] = (byte) (id >>> 16);
    out[3] = (byte) (id >>> 8);
    out[4] = (byte) id;
  }

  @Override
  public String toString() {
    return "MessageAuthenticator[" + scope + ", " + info.substring(INFO.length()) + "]";
  }
}
