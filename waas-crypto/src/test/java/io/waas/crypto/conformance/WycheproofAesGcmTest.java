package io.waas.crypto.conformance;

import static io.waas.crypto.conformance.Wycheproof.concat;
import static io.waas.crypto.conformance.Wycheproof.hex;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.aead.internal.InsecureNonceAesGcmJce;
import io.waas.crypto.internal.AeadEngine;
import com.google.crypto.tink.subtle.AesGcmJce;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof AES-GCM vectors through the primitives the SDK uses: {@link InsecureNonceAesGcmJce}
 * (data encryption, {@code AeadEngine}) and {@link AesGcmJce} (keyset wrapping, {@code
 * LocalMasterKey}).
 */
class WycheproofAesGcmTest {
  private static final String FILE = "aes_gcm_test.json";

  /**
   * The SDK runs 256-bit keys, 96-bit IVs and 128-bit tags. Tink's GCM also takes 128-bit keys
   * through the same code, so those vectors run too; 192-bit keys and other IV or tag sizes are
   * outside what the primitive (and the SDK) can run and are counted as not applicable.
   */
  private static boolean applicable(JsonNode group) {
    int keySize = group.path("keySize").asInt();
    return (keySize == 128 || keySize == 256)
        && group.path("ivSize").asInt() == 96
        && group.path("tagSize").asInt() == 128;
  }

  /** One Wycheproof AES-GCM vector, decoded. */
  private static final class Vector {
    final byte[] key;
    final byte[] iv;
    final byte[] aad;
    final byte[] msg;
    final byte[] ctAndTag;

    Vector(JsonNode test) {
      key = hex(test, "key");
      iv = hex(test, "iv");
      aad = hex(test, "aad");
      msg = hex(test, "msg");
      ctAndTag = concat(hex(test, "ct"), hex(test, "tag"));
    }
  }

  /** Runs a vector through one primitive; true if the primitive accepted it and matched it. */
  @FunctionalInterface
  private interface Check {
    boolean accepts(Vector v) throws GeneralSecurityException;
  }

  /** Runs every applicable vector through {@code check}, prints the counts, fails on a miss. */
  private static void runAll(String primitive, Check check) throws IOException {
    JsonNode vectors = Wycheproof.load(FILE);
    Wycheproof.Tally tally = new Wycheproof.Tally(FILE, primitive, vectors);
    for (JsonNode group : vectors.path("testGroups")) {
      for (JsonNode test : group.path("tests")) {
        if (!applicable(group)) {
          tally.notApplicable();
          continue;
        }
        String detail;
        boolean accepted;
        try {
          accepted = check.accepts(new Vector(test));
          detail = accepted ? "accepted" : "output differs from the vector";
        } catch (GeneralSecurityException e) {
          accepted = false;
          detail = "rejected: " + e;
        }
        tally.record(test, accepted, detail);
      }
    }
    tally.finish();
  }

  @Test
  void aesGcm_insecureNonceAesGcmJce_passesAllApplicableVectors() throws IOException {
    runAll(
        "InsecureNonceAesGcmJce",
        v -> {
          InsecureNonceAesGcmJce gcm = new InsecureNonceAesGcmJce(v.key);
          byte[] decrypted = gcm.decrypt(v.iv, v.ctAndTag, v.aad);
          // A valid vector must also be reproduced bit for bit by encryption with its IV.
          byte[] encrypted = gcm.encrypt(v.iv, v.msg, v.aad);
          return Arrays.equals(v.msg, decrypted) && Arrays.equals(v.ctAndTag, encrypted);
        });
  }

  /**
   * The exact code the SDK's AES-GCM engine runs ({@link AeadEngine#gcmSeal}/{@link
   * AeadEngine#gcmOpen}): Tink's thread-local JCE cipher, associated data in two parts (split
   * here at every vector's midpoint, which must not change the result), nonce read in place.
   */
  @Test
  void aesGcm_sdkEnginePath_passesAllApplicableVectors() throws IOException {
    runAll(
        "AeadEngine.gcmSeal/gcmOpen (split AAD)",
        v -> {
          byte[] aad1 = Arrays.copyOf(v.aad, v.aad.length / 2);
          byte[] aad2 = Arrays.copyOfRange(v.aad, v.aad.length / 2, v.aad.length);
          byte[] ivCtTag = concat(v.iv, v.ctAndTag);
          javax.crypto.SecretKey key = new javax.crypto.spec.SecretKeySpec(v.key, "AES");
          byte[] decrypted = AeadEngine.gcmOpen(key, concat(new byte[5], ivCtTag), 5, aad1, aad2);
          byte[] encrypted = AeadEngine.gcmSeal(key, v.iv, v.msg, aad1, aad2, 5);
          return Arrays.equals(v.msg, decrypted)
              && Arrays.equals(ivCtTag, Arrays.copyOfRange(encrypted, 5, encrypted.length));
        });
  }

  @Test
  void aesGcm_aesGcmJce_passesAllApplicableVectors() throws IOException {
    // AesGcmJce picks its own random IV, so only decryption of iv||ct||tag can be checked.
    runAll(
        "AesGcmJce (keyset wrapping)",
        v -> Arrays.equals(v.msg, new AesGcmJce(v.key).decrypt(concat(v.iv, v.ctAndTag), v.aad)));
  }
}
