package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyInventoryTest {
  @TempDir @SuppressWarnings("NullAway.Init") Path dir;

  private static final KeyScope ACME = KeyScope.tenant("acme");
  private static final KeyScope GLOBEX = KeyScope.tenant("globex");

  @Test
  void take_listsKeysPerTenant_withStateAndAge() throws Exception {
    TestKeyStore store = new TestKeyStore(dir);
    try (KeyRing ring = store.open()) {
      ring.createKeys(ACME);
      store.clock.advance(Duration.ofDays(30));
      long second = ring.rotate(ACME).keyId();
      long first = ring.keys(ACME).get(0).keyId();
      ring.disableKey(ACME, first);
      ring.createKeys(KeyScope.subject("acme", "user-1"));
      ring.createKeys(KeyScope.subject("acme", "user-2"));
      ring.shred(KeyScope.subject("acme", "user-2"));
      ring.createKeys(GLOBEX);
      store.clock.advance(Duration.ofDays(10));

      KeyInventory inv = KeyInventory.take(ring);
      assertEquals(5, inv.keys().size());
      List<KeyInventory.TenantSummary> tenants = inv.tenants();
      assertEquals(2, tenants.size());
      KeyInventory.TenantSummary acme = tenants.get(0);
      assertEquals("acme", acme.tenant());
      assertEquals(2, acme.enabledKeys()); // second + user-1's
      assertEquals(1, acme.disabledKeys());
      assertEquals(1, acme.destroyedKeys()); // user-2's
      assertEquals(2, acme.subjectKeysets());
      assertEquals(1, acme.shreddedSubjectKeysets());
      assertFalse(acme.shredded());
      assertEquals(Duration.ofDays(10), acme.oldestEnabledKeyAge()); // second and user-1 made at day 30
      KeyInventory.Key disabled =
          inv.keys().stream().filter(k -> k.keyId() == first && k.tenant().equals("acme")).findFirst().orElseThrow();
      assertEquals(KeyStatus.DISABLED, disabled.status());
      assertEquals(Duration.ofDays(40), disabled.age());
      assertTrue(inv.keys().stream().anyMatch(k -> k.keyId() == second && k.primary()));
      // A shredded subject's id is forgotten; a live one is shown.
      assertTrue(inv.keys().stream().anyMatch(k -> "user-1".equals(k.subject())));
      assertTrue(inv.keys().stream().noneMatch(k -> "user-2".equals(k.subject())));
    }
  }

  @Test
  void take_shreddedTenant_reportedAsShredded() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createKeys(ACME);
      ring.shred(ACME);
      KeyInventory.TenantSummary t = KeyInventory.take(ring).tenants().get(0);
      assertTrue(t.shredded());
      assertEquals(0, t.enabledKeys());
      assertNull(t.oldestEnabledKeyAge());
    }
  }

  @Test
  void keysUsedBy_attributesEachCiphertextToExactlyOneKey_evenWithSharedKeyIds() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      DataEncryptor enc = ring.encryptor();
      byte[] a1 = enc.encrypt("a".getBytes(UTF_8), EncryptionContext.of("acme", "p", "r1"));
      ring.rotate(ACME);
      byte[] a2 = enc.encrypt("a".getBytes(UTF_8), EncryptionContext.of("acme", "p", "r2"));
      byte[] g = enc.encrypt("g".getBytes(UTF_8), EncryptionContext.of("globex", "p", "r1"));
      byte[] s =
          enc.encrypt("s".getBytes(UTF_8), EncryptionContext.builder("acme").subject("user-9").purpose("p").build());

      KeyInventory inv = KeyInventory.take(ring);
      List<KeyInventory.KeyUse> uses = inv.keysUsedBy(List.of(a1, a2, g, s, "garbage".getBytes(UTF_8)));
      assertEquals(5, uses.size());
      assertOwner(uses.get(0), "acme", null, CiphertextHeader.parse(a1).keyId());
      assertOwner(uses.get(1), "acme", null, CiphertextHeader.parse(a2).keyId());
      assertOwner(uses.get(2), "globex", null, CiphertextHeader.parse(g).keyId());
      assertOwner(uses.get(3), "acme", "user-9", CiphertextHeader.parse(s).keyId());
      assertTrue(uses.get(4).keys().isEmpty());
      assertNotNull(uses.get(4).problem());

      // Same key id, other key: a forged header with globex's id but acme's commitment matches nothing.
      byte[] forged = a1.clone();
      long gid = CiphertextHeader.parse(g).keyId();
      forged[4] = (byte) (gid >>> 24);
      forged[5] = (byte) (gid >>> 16);
      forged[6] = (byte) (gid >>> 8);
      forged[7] = (byte) gid;
      KeyInventory.KeyUse f = inv.keysUsedBy(List.of(forged)).get(0);
      assertTrue(f.keys().isEmpty(), String.valueOf(f));
    }
  }

  @Test
  void keysUsedBy_streamsAndDeterministicCiphertexts_areAttributed() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
      try (java.io.OutputStream out =
          ring.streamingEncryptor().newEncryptingStream(sink, EncryptionContext.of("globex", "backup", "b1"))) {
        out.write(new byte[100_000]);
      }
      EncryptionContext column = EncryptionContext.builder("acme").purpose("email").build();
      byte[] det = ring.deterministicEncryptor().encrypt("a@b.c".getBytes(UTF_8), column);
      byte[] streamHead = java.util.Arrays.copyOf(sink.toByteArray(), 64);

      List<KeyInventory.KeyUse> uses = KeyInventory.take(ring).keysUsedBy(List.of(streamHead, det));
      KeyInventory.KeyUse stream = uses.get(0);
      assertEquals("stream", stream.format());
      assertTrue(stream.exact(), String.valueOf(stream));
      assertEquals("globex", stream.keys().get(0).tenant());
      assertEquals(StreamHeader.parse(streamHead).keyId(), stream.keyId());
      KeyInventory.KeyUse d = uses.get(1);
      assertEquals("deterministic", d.format());
      assertFalse(d.exact()); // no commitment in the format: matched by key id
      assertTrue(d.keys().stream().anyMatch(k -> k.tenant().equals("acme")), String.valueOf(d));
    }
  }

  @Test
  void keysUsedBy_destroyedKey_matchedByIdOnly() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      byte[] ct = ring.encryptor().encrypt(new byte[] {1}, EncryptionContext.of("acme", "p", "r"));
      ring.shred(ACME);
      KeyInventory.KeyUse u = KeyInventory.take(ring).keysUsedBy(List.of(ct)).get(0);
      assertFalse(u.exact());
      assertEquals(1, u.keys().size());
      assertEquals(KeyStatus.DESTROYED, u.keys().get(0).status());
    }
  }

  @Test
  void breachReports_listAffectedTenants() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      long acmeKey = ring.createKeys(ACME).keyId();
      ring.createKeys(GLOBEX);
      ring.createKeys(KeyScope.subject("acme", "u1"));
      ring.createKeys(KeyScope.tenant("initech"));
      ring.shred(KeyScope.tenant("initech"));
      KeyInventory inv = KeyInventory.take(ring);

      KeyInventory.BreachReport one = inv.ifDataKeyCompromised("acme", acmeKey);
      assertEquals(List.of("acme"), one.affectedTenants());
      assertEquals(1, one.exposedKeys().size());

      KeyInventory.BreachReport kek = inv.ifKeyEncryptionKeyCompromised();
      // initech was shredded: nothing of it is readable even with the master key.
      assertEquals(List.of("acme", "globex"), kek.affectedTenants());
      assertEquals(Map.of("acme", 1), kek.exposedSubjects());
      assertTrue(kek.toString().contains("2 tenants affected"), kek.toString());

      KeyInventory.BreachReport byId = inv.ifKeyIdCompromised(acmeKey);
      assertTrue(byId.affectedTenants().contains("acme"));
      long absent = acmeKey == 12345 ? 12346 : 12345;
      assertTrue(inv.ifDataKeyCompromised("acme", absent).affectedTenants().isEmpty());
    }
  }

  @Test
  void toJson_hasNoKeyMaterial_andListsEveryKey() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      ring.createKeys(ACME);
      ring.createKeys(KeyScope.subject("acme", "u1"));
      String json = KeyInventory.take(ring).toJson();
      JsonNode root = new ObjectMapper().readTree(json);
      assertEquals(2, root.get("keys").size());
      assertEquals("acme", root.get("tenants").get(0).get("tenant").asText());
      assertEquals("u1", root.get("keys").findValue("subject").asText());
      assertFalse(json.contains("material"));
    }
  }

  private static void assertOwner(
      KeyInventory.KeyUse use, String tenant, @org.jspecify.annotations.Nullable String subject, long keyId) {
    assertTrue(use.exact(), String.valueOf(use));
    assertEquals(1, use.keys().size(), String.valueOf(use));
    KeyInventory.Key k = use.keys().get(0);
    assertEquals(tenant, k.tenant());
    assertEquals(subject, k.subject());
    assertEquals(keyId, k.keyId());
  }
}
