package io.waas.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.MalformedDataException;
import io.waas.crypto.AeadAlgorithm;
import io.waas.crypto.KeyStatus;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class KeysetCodecTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2030-02-01T00:00:00Z");

  private static Keyset sample() throws GeneralSecurityException {
    Keyset ks = new Keyset("acme", 0, List.of())
        .withNewPrimary(AeadAlgorithm.AES_256_GCM, T0)
        .withNewPrimary(AeadAlgorithm.XCHACHA20_POLY1305, T0)
        .withNewPrimary(AeadAlgorithm.AES_256_GCM, T1);
    List<DataKey> k = ks.keys();
    return ks.withStatus(k.get(0).id(), KeyStatus.DESTROYED, T1).withStatus(k.get(1).id(), KeyStatus.DISABLED, T1);
  }

  @Test
  void payload_roundTrip_preservesEverything() throws Exception {
    Keyset ks = sample();
    Keyset back = KeysetCodec.decodePayload(KeysetCodec.encodePayload(ks));
    assertEquals(ks.label(), back.label());
    assertEquals(ks.primaryId(), back.primaryId());
    assertEquals(ks.keys().size(), back.keys().size());
    for (int i = 0; i < ks.keys().size(); i++) {
      DataKey a = ks.keys().get(i);
      DataKey b = back.keys().get(i);
      assertEquals(a.id(), b.id());
      assertEquals(a.algorithm(), b.algorithm());
      assertEquals(a.status(), b.status());
      assertEquals(a.createdAt(), b.createdAt());
      assertEquals(a.statusChangedAt(), b.statusChangedAt());
      assertEquals(KeysetTestAccess.hasMaterial(a), KeysetTestAccess.hasMaterial(b));
      if (KeysetTestAccess.hasMaterial(a)) {
        assertArrayEquals(KeysetTestAccess.material(a), KeysetTestAccess.material(b));
      }
    }
    assertNull(back.keys().get(0).engine(), "a destroyed key has no engine");
  }

  @Test
  void engines_fromTheSameMaterial_interoperate() throws Exception {
    Keyset ks = sample();
    Keyset back = KeysetCodec.decodePayload(KeysetCodec.encodePayload(ks));
    AeadEngine a = Objects.requireNonNull(Objects.requireNonNull(ks.primary()).engine());
    AeadEngine b = Objects.requireNonNull(Objects.requireNonNull(back.primary()).engine());
    byte[] ctx = {1, 2, 3};
    assertArrayEquals(new byte[] {9}, b.decrypt(a.encrypt(new byte[] {9}, ctx), ctx));
  }

  @Test
  void shredded_dropsAllMaterialAndPrimary_andCanForgetTheLabel() throws Exception {
    Keyset tomb = sample().shredded("", T1);
    assertEquals("", tomb.label());
    assertNull(tomb.primary());
    assertEquals(0, tomb.primaryId());
    assertTrue(tomb.keys().stream().noneMatch(KeysetTestAccess::hasMaterial));
    Keyset back = KeysetCodec.decodePayload(KeysetCodec.encodePayload(tomb));
    assertTrue(back.keys().stream().allMatch(k -> k.status() == KeyStatus.DESTROYED));
  }

  @Test
  void withStatus_disablingThePrimary_clearsIt() throws Exception {
    Keyset ks = sample();
    Keyset changed = ks.withStatus(ks.primaryId(), KeyStatus.DISABLED, T1);
    assertNull(changed.primary());
    assertEquals(ks.primaryId(), Objects.requireNonNull(ks.primary()).id(), "the original is unchanged");
  }

  @Test
  void withNewPrimary_givesDistinctNonZeroIds() throws Exception {
    Keyset ks = new Keyset("x", 0, List.of());
    for (int i = 0; i < 50; i++) {
      ks = ks.withNewPrimary(AeadAlgorithm.AES_256_GCM, T0);
    }
    assertEquals(50, ks.keys().stream().mapToLong(DataKey::id).distinct().count());
    assertTrue(ks.keys().stream().allMatch(k -> k.id() > 0 && k.id() <= 0xffffffffL));
  }

  /** The payload reader accepts at most 10,000 keys, so a keyset must never grow past that. */
  @Test
  void keysetAtCapacity_refusesANewKey_ratherThanWritingAnUnreadableKeyset() throws Exception {
    byte[] material = new byte[32];
    List<DataKey> keys = new ArrayList<>();
    for (int i = 1; i <= 10_000; i++) {
      keys.add(DataKey.of(i, AeadAlgorithm.AES_256_GCM, KeyStatus.DESTROYED, T0, T0, null));
    }
    keys.set(9_999, DataKey.of(10_000, AeadAlgorithm.AES_256_GCM, KeyStatus.ENABLED, T0, T0, material));
    Keyset full = new Keyset("acme", 10_000, keys);
    assertEquals(10_000, KeysetCodec.decodePayload(KeysetCodec.encodePayload(full)).keys().size());
    GeneralSecurityException e =
        assertThrows(GeneralSecurityException.class, () -> full.withNewPrimary(AeadAlgorithm.AES_256_GCM, T1));
    assertTrue(String.valueOf(e.getMessage()).contains("10000"), e.getMessage());
    assertEquals(10_000, full.keys().size());
  }

  // ------------------------------------------------------------ malformed payloads

  private static byte[] payload(int primary, long[] ids, int[] statuses, int[] materialLengths, int algorithm) {
    ByteIO.Writer w = new ByteIO.Writer(256);
    w.u8(1).string16("l").u32(primary).u16(ids.length);
    for (int i = 0; i < ids.length; i++) {
      w.u32(ids[i]).u8(algorithm).u8(statuses[i]).i64(0).i64(0).u8(materialLengths[i]);
      w.bytes(new byte[materialLengths[i]]);
    }
    return w.toByteArray();
  }

  private static void assertMalformed(String expected, byte[] payload) {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> KeysetCodec.decodePayload(payload));
    assertTrue(String.valueOf(e.getMessage()).contains(expected), e.getMessage());
  }

  @Test
  void decodePayload_rejectsInconsistentKeysets() throws Exception {
    KeysetCodec.decodePayload(payload(5, new long[] {5}, new int[] {1}, new int[] {32}, 1));
    assertMalformed("primary key 6 is missing", payload(6, new long[] {5}, new int[] {1}, new int[] {32}, 1));
    assertMalformed("not enabled", payload(5, new long[] {5}, new int[] {2}, new int[] {32}, 1));
    assertMalformed("twice", payload(5, new long[] {5, 5}, new int[] {1, 1}, new int[] {32, 32}, 1));
    assertMalformed("id 0", payload(0, new long[] {0}, new int[] {1}, new int[] {32}, 1));
    assertMalformed("length 16", payload(0, new long[] {5}, new int[] {1}, new int[] {16}, 1));
    assertMalformed("unknown algorithm 9", payload(0, new long[] {5}, new int[] {1}, new int[] {32}, 9));
    assertMalformed("status", payload(0, new long[] {5}, new int[] {7}, new int[] {32}, 1));
    byte[] trailing = Arrays.copyOf(payload(5, new long[] {5}, new int[] {1}, new int[] {32}, 1), 100);
    assertThrows(MalformedDataException.class, () -> KeysetCodec.decodePayload(trailing));
    byte[] version2 = payload(5, new long[] {5}, new int[] {1}, new int[] {32}, 1);
    version2[0] = 2;
    assertMalformed("version 2", version2);
    ByteIO.Writer many = new ByteIO.Writer(16);
    many.u8(1).string16("").u32(0).u16(10_001);
    assertMalformed("too many keys", many.toByteArray());
    // Material present on a destroyed key, or absent on a live one, is refused too.
    assertThrows(GeneralSecurityException.class,
        () -> KeysetCodec.decodePayload(payload(0, new long[] {5}, new int[] {3}, new int[] {32}, 1)));
    assertThrows(GeneralSecurityException.class,
        () -> KeysetCodec.decodePayload(payload(0, new long[] {5}, new int[] {1}, new int[] {0}, 1)));
  }

  // ------------------------------------------------------------ file layer

  @Test
  void file_roundTripAndEveryFlippedByteIsCaught() throws Exception {
    byte[] wrapped = new byte[60];
    Arrays.fill(wrapped, (byte) 7);
    byte[] file = KeysetCodec.encodeFile("local:abc", wrapped);
    KeysetCodec.WrappedKeyset w = KeysetCodec.decodeFile(file, "t-x");
    assertEquals("local:abc", w.kekId);
    assertArrayEquals(wrapped, w.wrapped);
    for (int i = 0; i < file.length; i++) {
      byte[] bad = file.clone();
      bad[i] ^= 1;
      MalformedDataException e = assertThrows(MalformedDataException.class, () -> KeysetCodec.decodeFile(bad, "t-x"));
      assertTrue(String.valueOf(e.getMessage()).contains("checksum"), e.getMessage());
    }
    for (int len : new int[] {0, 5, 41, file.length - 1}) {
      assertThrows(MalformedDataException.class, () -> KeysetCodec.decodeFile(Arrays.copyOf(file, len), "t-x"));
    }
  }

  @Test
  void wrapAssociatedData_differsPerName() {
    assertFalse(Arrays.equals(KeysetCodec.wrapAssociatedData("t-a"), KeysetCodec.wrapAssociatedData("t-b")));
  }
}
