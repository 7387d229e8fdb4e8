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

  @Test
  void aesGcm_insecureNonceAesGcmJce_passesAllApplicableVectors() throws IOException {
    JsonNode vectors = Wycheproof.load(FILE);
    Wycheproof.Tally tally = new Wycheproof.Tally(FILE, "InsecureNonceAesGcmJce", vectors);
    for (JsonNode group : vectors.path("testGroups")) {
      for (JsonNode test : group.path("tests")) {
        if (!applicable(group)) {
          tally.notApplicable();
          continue;
        }
        byte[] iv = hex(test, "iv");
        byte[] aad = hex(test, "aad");
        byte[] msg = hex(test, "msg");
        byte[] ctAndTag = concat(hex(test, "ct"), hex(test, "tag"));
        String detail;
        boolean accepted;
        try {
          InsecureNonceAesGcmJce gcm = new InsecureNonceAesGcmJce(hex(test, "key"));
          byte[] decrypted = gcm.decrypt(iv, ctAndTag, aad);
          // A valid vector must also be reproduced bit for bit by encryption with its IV.
          byte[] encrypted = gcm.encrypt(iv, msg, aad);
          accepted = Arrays.equals(msg, decrypted) && Arrays.equals(ctAndTag, encrypted);
          detail = accepted ? "accepted" : "decrypt or encrypt output differs from the vector";
        } catch (GeneralSecurityException e) {
          accepted = false;
          detail = "rejected: " + e;
        }
        tally.record(test, accepted, detail);
      }
    }
    tally.finish();
  }

  /**
   * The exact code the SDK's AES-GCM engine runs ({@link AeadEngine#gcmSeal}/{@link
   * AeadEngine#gcmOpen}): Tink's thread-local JCE cipher, associated data in two parts (split
   * here at every vector's midpoint, which must not change the result), nonce read in place.
   */
  @Test
  void aesGcm_sdkEnginePath_passesAllApplicableVectors() throws IOException {
    JsonNode vectors = Wycheproof.load(FILE);
    Wycheproof.Tally tally = new Wycheproof.Tally(FILE, "AeadEngine.gcmSeal/gcmOpen (split AAD)", vectors);
    for (JsonNode group : vectors.path("testGroups")) {
      for (JsonNode test : group.path("tests")) {
        if (!applicable(group)) {
          tally.notApplicable();
          continue;
        }
        byte[] iv = hex(test, "iv");
        byte[] aad = hex(test, "aad");
        byte[] aad1 = Arrays.copyOf(aad, aad.length / 2);
        byte[] aad2 = Arrays.copyOfRange(aad, aad.length / 2, aad.length);
        byte[] msg = hex(test, "msg");
        byte[] ivCtTag = concat(iv, concat(hex(test, "ct"), hex(test, "tag")));
        String detail;
        boolean accepted;
        try {
          javax.crypto.SecretKey key = new javax.crypto.spec.SecretKeySpec(hex(test, "key"), "AES");
          byte[] withRoom = concat(new byte[5], ivCtTag);
          byte[] decrypted = AeadEngine.gcmOpen(key, withRoom, 5, aad1, aad2);
          byte[] encrypted = AeadEngine.gcmSeal(key, iv, msg, aad1, aad2, 5);
          accepted =
              Arrays.equals(msg, decrypted)
                  && Arrays.equals(ivCtTag, Arrays.copyOfRange(encrypted, 5, encrypted.length));
          detail = accepted ? "accepted" : "decrypt or encrypt output differs from the vector";
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
  void aesGcm_aesGcmJce_passesAllApplicableVectors() throws IOException {
    JsonNode vectors = Wycheproof.load(FILE);
    Wycheproof.Tally tally = new Wycheproof.Tally(FILE, "AesGcmJce (keyset wrapping)", vectors);
    for (JsonNode group : vectors.path("testGroups")) {
      for (JsonNode test : group.path("tests")) {
        if (!applicable(group)) {
          tally.notApplicable();
          continue;
        }
        // AesGcmJce picks its own random IV, so only decryption of iv||ct||tag can be checked.
        byte[] input = concat(hex(test, "iv"), concat(hex(test, "ct"), hex(test, "tag")));
        String detail;
        boolean accepted;
        try {
          byte[] decrypted = new AesGcmJce(hex(test, "key")).decrypt(input, hex(test, "aad"));
          accepted = Arrays.equals(hex(test, "msg"), decrypted);
          detail = accepted ? "accepted" : "decrypted to a different message";
        } catch (GeneralSecurityException e) {
          accepted = false;
          detail = "rejected: " + e;
        }
        tally.record(test, accepted, detail);
      }
    }
    tally.finish();
  }
}
