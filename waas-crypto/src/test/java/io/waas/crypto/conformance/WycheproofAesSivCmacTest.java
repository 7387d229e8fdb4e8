package io.waas.crypto.conformance;

import static io.waas.crypto.conformance.Wycheproof.hex;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.subtle.AesSiv;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof deterministic AES-SIV vectors through Tink's {@code AesSiv}, exactly as {@code
 * DeterministicEncryptor} builds and calls it (64-byte key, one constructor call per key). The SDK
 * only ever uses 512-bit AES-SIV keys (AES-256 for CTR and CMAC), so the 256- and 384-bit groups
 * are counted as not applicable.
 */
class WycheproofAesSivCmacTest {
  private static final String FILE = "aes_siv_cmac_test.json";

  @Test
  void aesSiv_tinkWith512BitKeys_passesAllVectors() throws IOException, GeneralSecurityException {
    JsonNode vectors = Wycheproof.load(FILE);
    Wycheproof.Tally tally = new Wycheproof.Tally(FILE, "Tink AesSiv, 512-bit keys", vectors);
    for (JsonNode group : vectors.path("testGroups")) {
      boolean applicable = group.path("keySize").asInt() == 512;
      for (JsonNode test : group.path("tests")) {
        if (!applicable) {
          tally.notApplicable();
          continue;
        }
        AesSiv siv = new AesSiv(hex(test, "key"));
        byte[] aad = hex(test, "aad");
        byte[] msg = hex(test, "msg");
        byte[] ct = hex(test, "ct");
        boolean decrypted;
        String detail;
        try {
          byte[] pt = siv.decryptDeterministically(ct, aad);
          decrypted = Arrays.equals(pt, msg);
          detail = decrypted ? "decrypted to msg" : "decrypted to something else";
        } catch (GeneralSecurityException e) {
          decrypted = false;
          detail = "decryption failed: " + e.getMessage();
        }
        boolean encryptsSame = false;
        if (decrypted) {
          encryptsSame = Arrays.equals(siv.encryptDeterministically(msg, aad), ct);
          detail = encryptsSame ? "round trip" : "encryption gave another ciphertext";
        }
        tally.record(test, decrypted && encryptsSame, detail);
      }
    }
    tally.finish();
  }
}
