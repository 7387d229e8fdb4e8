package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waas.core.KeyDisabledException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An in-memory "customers" table written in three generations (before and after two rotations,
 * the second to another algorithm), searched the way an application would: by blind index (plus
 * decrypting the candidates) and by deterministic ciphertext. Every record must be found, under
 * whichever key it was written.
 */
class SearchAfterRotationTest {
  @TempDir @SuppressWarnings("NullAway.Init") Path dir;

  private static final KeyScope ACME = KeyScope.tenant("acme");
  private static final EncryptionContext EMAIL_COLUMN = EncryptionContext.builder("acme").purpose("customer.email").build();
  private static final List<String> EMAILS = List.of("alice@example.com", "bob@example.com", "carol@example.org");

  /** One row: id, email encrypted per record (random), its blind index, its deterministic form. */
  private static final class Row {
    final String id;
    final byte[] emailEnc;
    final String emailIdx;
    final byte[] emailDet;

    Row(String id, byte[] emailEnc, String emailIdx, byte[] emailDet) {
      this.id = id;
      this.emailEnc = emailEnc;
      this.emailIdx = emailIdx;
      this.emailDet = emailDet;
    }
  }

  private static EncryptionContext recordContext(String id) {
    return EncryptionContext.of("acme", "customer.email", id);
  }

  private static void insert(List<Row> table, KeyRing ring, BlindIndex idx, String generation) throws Exception {
    for (int i = 0; i < EMAILS.size(); i++) {
      String id = generation + "-" + i;
      // Mixed case on write: the e-mail normalization must still match lower-case lookups.
      String email = i % 2 == 0 ? EMAILS.get(i) : EMAILS.get(i).toUpperCase(java.util.Locale.ROOT);
      table.add(
          new Row(
              id,
              ring.encryptor().encrypt(email.getBytes(UTF_8), recordContext(id)),
              idx.compute(email),
              ring.deterministicEncryptor().encrypt(email.toLowerCase(java.util.Locale.ROOT).getBytes(UTF_8), EMAIL_COLUMN)));
    }
  }

  /** SELECT id FROM table WHERE email_idx IN (tokens), then decrypt and compare (false positives). */
  private static List<String> findByIndex(List<Row> table, KeyRing ring, BlindIndex idx, String email) throws Exception {
    List<String> tokens = idx.lookupTokens(email);
    List<String> found = new ArrayList<>();
    for (Row r : table) {
      if (tokens.contains(r.emailIdx)) {
        String plain = new String(ring.encryptor().decrypt(r.emailEnc, recordContext(r.id)), UTF_8);
        if (plain.equalsIgnoreCase(email)) {
          found.add(r.id);
        }
      }
    }
    return found;
  }

  /** SELECT id FROM table WHERE email_det IN (ciphertexts). */
  private static List<String> findByDeterministic(List<Row> table, KeyRing ring, String email) throws Exception {
    List<byte[]> candidates = ring.deterministicEncryptor().lookupCiphertexts(email.getBytes(UTF_8), EMAIL_COLUMN);
    List<String> found = new ArrayList<>();
    for (Row r : table) {
      if (candidates.stream().anyMatch(c -> Arrays.equals(c, r.emailDet))) {
        found.add(r.id);
      }
    }
    return found;
  }

  private static List<String> expectedIds(int emailIndex, String... generations) {
    return Arrays.stream(generations).map(g -> g + "-" + emailIndex).collect(Collectors.toList());
  }

  @Test
  void lookup_afterTwoRotations_findsRecordsOfEveryGeneration() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      BlindIndex idx = ring.blindIndex(ACME, "customer.email", BlindIndexParameters.email());
      List<Row> table = new ArrayList<>();
      insert(table, ring, idx, "g1");
      ring.rotate(ACME);
      insert(table, ring, idx, "g2");
      ring.rotate(ACME, AeadAlgorithm.XCHACHA20_POLY1305);
      insert(table, ring, idx, "g3");
      assertEquals(3, ring.keys(ACME).size());
      assertEquals(
          9,
          new TreeSet<>(table.stream().map(r -> r.emailIdx).collect(Collectors.toList())).size(),
          "9 rows: each e-mail is indexed under each generation's own key");

      for (int e = 0; e < EMAILS.size(); e++) {
        String email = EMAILS.get(e);
        assertEquals(expectedIds(e, "g1", "g2", "g3"), findByIndex(table, ring, idx, email), "index: " + email);
        assertEquals(expectedIds(e, "g1", "g2", "g3"), findByDeterministic(table, ring, email), "deterministic: " + email);
      }
      assertEquals(List.of(), findByIndex(table, ring, idx, "dave@example.com"));
      assertEquals(List.of(), findByDeterministic(table, ring, "dave@example.com"));

      // Migrate the oldest generation, then retire its key: everything is still found.
      long oldest = ring.keys(ACME).get(0).keyId();
      List<Row> migrated = new ArrayList<>();
      for (Row r : table) {
        String email = new String(ring.encryptor().decrypt(r.emailEnc, recordContext(r.id)), UTF_8);
        String idxToken = idx.keyIdOf(r.emailIdx) == oldest ? idx.compute(email) : r.emailIdx;
        migrated.add(
            new Row(
                r.id,
                ring.reencrypt(r.emailEnc, recordContext(r.id)),
                idxToken,
                ring.deterministicEncryptor().reencrypt(r.emailDet, EMAIL_COLUMN)));
      }
      ring.disableKey(ACME, oldest);
      for (int e = 0; e < EMAILS.size(); e++) {
        String email = EMAILS.get(e);
        assertEquals(expectedIds(e, "g1", "g2", "g3"), findByIndex(migrated, ring, idx, email));
        assertEquals(expectedIds(e, "g1", "g2", "g3"), findByDeterministic(migrated, ring, email));
      }
      // The unmigrated table's oldest rows are now unreadable, and no longer found.
      assertEquals(expectedIds(0, "g2", "g3"), findByDeterministic(table, ring, EMAILS.get(0)));
      assertThrows(
          KeyDisabledException.class,
          () -> ring.deterministicEncryptor().decrypt(table.get(0).emailDet, EMAIL_COLUMN));
    }
  }
}
