package io.waas.crypto.conformance;

import static io.waas.crypto.conformance.Wycheproof.concat;
import static io.waas.crypto.conformance.Wycheproof.hex;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.aead.internal.InsecureNonceAesGcmJce;
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
