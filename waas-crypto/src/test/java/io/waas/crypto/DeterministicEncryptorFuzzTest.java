package io.waas.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.waas.core.KeyNotFoundException;
import io.waas.core.WaasSecurityException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link DeterministicEncryptor#decrypt} on arbitrary bytes, and on arbitrary bytes behind the real
 * header of the key ring's key: only the SDK's typed exceptions may come out, and nothing but the
 * genuine ciphertext decrypts.
 */
class DeterministicEncryptorFuzzTest {
  private static final EncryptionContext COLUMN = EncryptionContext.builder("fuzz-tenant").purpose("customer.email").build();
  private static final byte[] GENUINE = "alice@example.com".getBytes(StandardCharsets.UTF_8);

  private static @Nullable TempKeyRings rings;

  @BeforeAll
  static void openRings() throws IOException, GeneralSecurityException {
    rings = new TempKeyRings();
  }

  @AfterAll
  static void closeRings() {
    if (rings != null) {
      rings.close();
      rings = null;
    }
  }

  private static DeterministicEncryptor det() {
    return Objects.requireNonNull(rings, "key rings not open").ring(AeadAlgorithm.AES_256_GCM).deterministicEncryptor();
  }

  @FuzzTest
  void decrypt_arbitraryBytes_throwsOnlyWaasSecurityException(byte[] input) throws GeneralSecurityException {
    DeterministicEncryptor det = det();
    byte[] genuine = det.encrypt(GENUINE, COLUMN);
    // Inputs starting with 'H' get the real header in front of the rest, so the fuzzer reaches the
    // key lookup and AES-SIV; all others are tried as they are.
    byte[] candidate = input.length > 0 && input[0] == 'H' ? withHeaderOf(genuine, input) : input;
    try {
      byte[] plaintext = det.decrypt(candidate, COLUMN);
      assertArrayEquals(genuine, candidate, "only the genuine ciphertext may decrypt");
      assertArrayEquals(GENUINE, plaintext);
    } catch (KeyNotFoundException | MalformedCiphertextException | DecryptionFailedException e) {
      // the expected failures
    } catch (WaasSecurityException e) {
      throw new AssertionError("unexpected failure type " + e.getClass().getName(), e);
    }
  }

  private static byte[] withHeaderOf(byte[] genuine, byte[] input) {
    byte[] out = Arrays.copyOf(genuine, 7 + input.length - 1);
    System.arraycopy(input, 1, out, 7, input.length - 1);
    return out;
  }
}
