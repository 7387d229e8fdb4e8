package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyDisabledException;
import io.waas.core.MalformedDataException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageAuthenticatorTest {
  @TempDir @SuppressWarnings("NullAway.Init") Path dir;

  private static final KeyScope TENANT = KeyScope.tenant("acme");
  private static final byte[] DATA = "record 42".getBytes(UTF_8);

  @Test
  void verifyTag_roundTrip_succeeds() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      MessageAuthenticator mac = ring.messageAuthenticator(TENANT, "audit-chain");
      byte[] tag = mac.computeTag(DATA);
      assertEquals(MessageAuthenticator.TAG_LENGTH, tag.length);
      mac.verifyTag(tag, DATA);
    }
  }

  @Test
  void verifyTag_modifiedData_fails() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      MessageAuthenticator mac = ring.messageAuthenticator(TENANT, "audit-chain");
      byte[] tag = mac.computeTag(DATA);
      byte[] other = DATA.clone();
      other[0] ^= 1;
      assertThrows(VerificationFailedException.class, () -> mac.verifyTag(tag, other));
      byte[] badTag = tag.clone();
      badTag[20] ^= 1;
      assertThrows(VerificationFailedException.class, () -> mac.verifyTag(badTag, DATA));
    }
  }

  @Test
  void verifyTag_otherPurposeOrScope_fails() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      byte[] tag = ring.messageAuthenticator(TENANT, "a").computeTag(DATA);
      assertThrows(
          VerificationFailedException.class, () -> ring.messageAuthenticator(TENANT, "b").verifyTag(tag, DATA));
      ring.createKeys(KeyScope.tenant("other"));
      assertThrows(
          io.waas.core.KeyNotFoundException.class,
          () -> ring.messageAuthenticator(KeyScope.tenant("other"), "a").verifyTag(tag, DATA));
    }
  }

  @Test
  void verifyTag_afterRotation_oldTagsStillVerify() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      MessageAuthenticator mac = ring.messageAuthenticator(TENANT, "p");
      byte[] old = mac.computeTag(DATA);
      KeyMetadata first = ring.keys(TENANT).get(0);
      ring.rotate(TENANT);
      byte[] fresh = mac.computeTag(DATA);
      mac.verifyTag(old, DATA);
      mac.verifyTag(fresh, DATA);
      ring.disableKey(TENANT, first.keyId());
      assertThrows(KeyDisabledException.class, () -> mac.verifyTag(old, DATA));
    }
  }

  @Test
  void computeTagWithKey_olderKey_reproducesItsTag() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      MessageAuthenticator mac = ring.messageAuthenticator(TENANT, "p");
      byte[] old = mac.computeTag(DATA);
      long oldId = MessageAuthenticator.keyIdOf(old);
      ring.rotate(TENANT);
      byte[] fresh = mac.computeTag(DATA);
      assertNotEquals(oldId, MessageAuthenticator.keyIdOf(fresh));
      assertArrayEquals(old, mac.computeTagWithKey(DATA, oldId));
      assertArrayEquals(fresh, mac.computeTagWithKey(DATA, MessageAuthenticator.keyIdOf(fresh)));
      ring.disableKey(TENANT, oldId);
      assertThrows(KeyDisabledException.class, () -> mac.computeTagWithKey(DATA, oldId));
      assertThrows(io.waas.core.KeyNotFoundException.class, () -> mac.computeTagWithKey(DATA, 999_999));
      assertThrows(MalformedDataException.class, () -> MessageAuthenticator.keyIdOf(new byte[5]));
    }
  }

  @Test
  void verifyTag_afterShred_fails() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      MessageAuthenticator mac = ring.messageAuthenticator(TENANT, "p");
      byte[] tag = mac.computeTag(DATA);
      ring.shred(TENANT);
      assertThrows(KeyDestroyedException.class, () -> mac.verifyTag(tag, DATA));
    }
  }

  @Test
  void verifyTag_malformed_failsTyped() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      MessageAuthenticator mac = ring.messageAuthenticator(TENANT, "p");
      assertThrows(MalformedDataException.class, () -> mac.verifyTag(new byte[3], DATA));
      byte[] tag = mac.computeTag(DATA);
      tag[0] = 2;
      assertThrows(MalformedDataException.class, () -> mac.verifyTag(tag, DATA));
    }
  }

  @Test
  void messageAuthenticator_badPurpose_refused() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      assertThrows(IllegalArgumentException.class, () -> ring.messageAuthenticator(TENANT, ""));
      assertThrows(IllegalArgumentException.class, () -> ring.messageAuthenticator(TENANT, "A B"));
    }
  }

  @Test
  void computeTag_concurrentThreads_allVerify() throws Exception {
    try (KeyRing ring = new TestKeyStore(dir).open()) {
      MessageAuthenticator mac = ring.messageAuthenticator(TENANT, "p");
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int n = t;
          fs.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 500; i++) {
                      byte[] d = ("t" + n + "-" + i).getBytes(UTF_8);
                      mac.verifyTag(mac.computeTag(d), d);
                    }
                    return null;
                  }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
