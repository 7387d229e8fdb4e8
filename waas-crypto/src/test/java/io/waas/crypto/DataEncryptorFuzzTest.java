package io.waas.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.waas.core.KeyNotFoundException;
import io.waas.core.WaasSecurityException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz properties of {@link DataEncryptor} through real key rings: round trips for any plaintext
 * and context, no bit of a ciphertext can be changed unnoticed, and arbitrary input fails only with
 * the SDK's own exceptions.
 *
 * <p>In a normal build these run once per committed seed (see {@code DataEncryptorFuzzTestInputs}
 * in the test resources); with {@code -Pfuzz} Jazzer mutates inputs for real.
 */
class DataEncryptorFuzzTest {
  private static final EncryptionContext FIXED = EncryptionContext.of("fuzz-tenant", "fuzz.purpose", "rec-1");
  private static final byte[] FIXED_PLAINTEXT = "the genuine plaintext".getBytes(StandardCharsets.UTF_8);

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

  private static DataEncryptor encryptor(AeadAlgorithm algorithm) {
    return Objects.requireNonNull(rings, "key rings not open").ring(algorithm).encryptor();
  }

  // ------------------------------------------------------------------ round trip

  @FuzzTest
  void encryptDecrypt_anyPlaintextAndContext_roundTrips(FuzzedDataProvider data)
      throws GeneralSecurityException {
    AeadAlgorithm algorithm = data.consumeBoolean() ? AeadAlgorithm.AES_256_GCM : AeadAlgorithm.XCHACHA20_POLY1305;
    ContextSpec spec = ContextSpec.draw(data);
    byte[] plaintext = data.consumeRemainingAsBytes();

    EncryptionContext context;
    try {
      context = spec.build();
    } catch (IllegalArgumentException e) {
      // Invalid input must be refused with IllegalArgumentException, and only invalid input.
      assertFalse(spec.valid(), () -> "valid context refused (" + e.getMessage() + "): " + spec);
      return;
    }
    assertTrue(spec.valid(), () -> "invalid context accepted: " + spec);

    DataEncryptor enc = encryptor(algorithm);
    byte[] ciphertext = enc.encrypt(plaintext, context);
    assertEquals(algorithm, CiphertextHeader.parse(ciphertext).algorithm());
    assertEquals(plaintext.length + CiphertextHeader.overhead(algorithm), ciphertext.length);
    assertArrayEquals(plaintext, enc.decrypt(ciphertext, context));
    // An equal context built separately decrypts too: nothing depends on object identity.
    assertArrayEquals(plaintext, enc.decrypt(ciphertext, spec.build()));
    // The context is bound: the same scope with one field changed must not decrypt.
    EncryptionContext other = spec.withRecordIdToggled().build();
    assertThrows(DecryptionFailedException.class, () -> enc.decrypt(ciphertext, other));
  }

  // ------------------------------------------------------------------ tampering

  @FuzzTest
  void decrypt_singleBitFlip_fails(FuzzedDataProvider data) throws GeneralSecurityException {
    AeadAlgorithm algorithm = data.consumeBoolean() ? AeadAlgorithm.AES_256_GCM : AeadAlgorithm.XCHACHA20_POLY1305;
    int bitChoice = data.consumeInt();
    byte[] plaintext = data.consumeRemainingAsBytes();
    DataEncryptor enc = encryptor(algorithm);
    byte[] ciphertext = enc.encrypt(plaintext, FIXED);

    int bit = Math.floorMod(bitChoice, ciphertext.length * 8);
    byte[] flipped = ciphertext.clone();
    flipped[bit / 8] ^= (byte) (1 << (bit % 8));

    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> enc.decrypt(flipped, FIXED), "bit " + bit);
    // Each region fails in its own documented way: format, key lookup, then authentication.
    Class<? extends GeneralSecurityException> expected;
    int index = bit / 8;
    if (index < 4) {
      expected = MalformedCiphertextException.class; // magic, version, algorithm
    } else if (index < 8) {
      boolean idZero = flipped[4] == 0 && flipped[5] == 0 && flipped[6] == 0 && flipped[7] == 0;
      expected = idZero ? MalformedCiphertextException.class : KeyNotFoundException.class;
    } else {
      expected = DecryptionFailedException.class; // commitment, nonce, body, tag
    }
    assertInstanceOf(expected, e, "bit " + bit + " of " + ciphertext.length * 8);
  }

  @FuzzTest
  void decrypt_arbitraryBytes_throwsOnlyWaasSecurityException(byte[] input) throws GeneralSecurityException {
    // The first byte says how much of a genuine ciphertext to keep, so that the fuzzer reaches the
    // key lookup, the commitment check and the AEAD, not only the header parser.
    int selector = input.length == 0 ? 0 : input[0] & 0xff;
    byte[] rest = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
    AeadAlgorithm algorithm = (selector & 0x10) == 0 ? AeadAlgorithm.AES_256_GCM : AeadAlgorithm.XCHACHA20_POLY1305;
    DataEncryptor enc = encryptor(algorithm);
    byte[] genuine = enc.encrypt(FIXED_PLAINTEXT, FIXED);
    byte[] candidate =
        switch (selector & 3) {
          case 0 -> rest; // anything at all
          case 1 -> concat(Arrays.copyOf(genuine, 8), rest); // a real header: the key is found
          case 2 -> concat(Arrays.copyOf(genuine, 40), rest); // a real prefix: commitment matches
          default -> xorInto(genuine, rest); // a genuine ciphertext, changed and maybe extended
        };

    byte[] plaintext;
    try {
      plaintext = enc.decrypt(candidate, FIXED);
    } catch (WaasSecurityException e) {
      return; // the only acceptable failure
    } catch (GeneralSecurityException e) {
      throw new AssertionError("decrypt threw a non-SDK exception", e);
    }
    // Only the unchanged genuine ciphertext may decrypt, and only to its plaintext.
    assertArrayEquals(genuine, candidate, "modified ciphertext decrypted");
    assertArrayEquals(FIXED_PLAINTEXT, plaintext);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] xorInto(byte[] base, byte[] mask) {
    byte[] out = Arrays.copyOf(base, Math.max(base.length, mask.length));
    for (int i = 0; i < mask.length; i++) {
      out[i] ^= mask[i];
    }
    return out;
  }

  // ------------------------------------------------------------------ contexts from fuzz data

  /**
   * Context fields exactly as drawn, before validation, with the documented rules as an oracle:
   * ids 1 to 128 characters without control characters or surrounding white space; purpose, record
   * id and attribute values at most 1024 characters; attribute names 1 to 64; at most 32 names.
   */
  static final class ContextSpec {
    final String tenant;
    final @Nullable String subject;
    final @Nullable String purpose;
    final @Nullable String recordId;
    final List<Map.Entry<String, String>> attributes;

    private ContextSpec(
        String tenant,
        @Nullable String subject,
        @Nullable String purpose,
        @Nullable String recordId,
        List<Map.Entry<String, String>> attributes) {
      this.tenant = tenant;
      this.subject = subject;
      this.purpose = purpose;
      this.recordId = recordId;
      this.attributes = attributes;
    }

    static ContextSpec draw(FuzzedDataProvider data) {
      // Maximum lengths sit a little above the limits so both sides of each bound are reachable.
      String tenant = data.consumeString(KeyScope.MAX_ID_LENGTH + 4);
      String subject = data.consumeBoolean() ? data.consumeString(KeyScope.MAX_ID_LENGTH + 4) : null;
      String purpose = data.consumeBoolean() ? data.consumeString(EncryptionContext.MAX_VALUE_LENGTH + 4) : null;
      String recordId = data.consumeBoolean() ? data.consumeString(EncryptionContext.MAX_VALUE_LENGTH + 4) : null;
      int n = data.consumeInt(0, EncryptionContext.MAX_ATTRIBUTES + 2);
      List<Map.Entry<String, String>> attributes = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        attributes.add(Map.entry(data.consumeString(68), data.consumeString(EncryptionContext.MAX_VALUE_LENGTH + 4)));
      }
      return new ContextSpec(tenant, subject, purpose, recordId, attributes);
    }

    EncryptionContext build() {
      EncryptionContext.Builder b = EncryptionContext.builder(tenant);
      if (subject != null) {
        b.subject(subject);
      }
      if (purpose != null) {
        b.purpose(purpose);
      }
      if (recordId != null) {
        b.recordId(recordId);
      }
      for (Map.Entry<String, String> a : attributes) {
        b.attribute(a.getKey(), a.getValue());
      }
      return b.build();
    }

    /** The same context with the record id removed, or set if it was absent. */
    ContextSpec withRecordIdToggled() {
      return new ContextSpec(tenant, subject, purpose, recordId == null ? "r" : null, attributes);
    }

    boolean valid() {
      if (!validId(tenant) || (subject != null && !validId(subject))) {
        return false;
      }
      if (!validValue(purpose) || !validValue(recordId)) {
        return false;
      }
      Set<String> names = new HashSet<>();
      for (Map.Entry<String, String> a : attributes) {
        String name = a.getKey();
        if (name.isEmpty() || name.length() > 64 || !validValue(a.getValue())) {
          return false;
        }
        names.add(name);
      }
      return names.size() <= EncryptionContext.MAX_ATTRIBUTES;
    }

    private static boolean validId(String id) {
      if (id.isEmpty() || id.length() > KeyScope.MAX_ID_LENGTH || !id.strip().equals(id)) {
        return false;
      }
      return id.chars().noneMatch(Character::isISOControl);
    }

    private static boolean validValue(@Nullable String v) {
      return v == null || v.length() <= EncryptionContext.MAX_VALUE_LENGTH;
    }

    @Override
    public String toString() {
      return "tenant=" + quote(tenant) + " subject=" + quote(subject) + " purpose=" + quote(purpose)
          + " record=" + quote(recordId) + " attributes=" + attributes.size();
    }

    private static String quote(@Nullable String s) {
      if (s == null) {
        return "null";
      }
      StringBuilder b = new StringBuilder("\"");
      s.chars().limit(40).forEach(c -> b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", c) : String.valueOf((char) c)));
      return b.append(s.length() > 40 ? "...\"(" + s.length() + ")" : "\"").toString();
    }
  }
}
