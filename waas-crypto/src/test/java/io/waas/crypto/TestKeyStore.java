package io.waas.crypto;

import io.waas.core.ManualClock;
import io.waas.core.SecretBytes;
import io.waas.crypto.internal.DataKey;
import io.waas.crypto.internal.Keyset;
import io.waas.crypto.internal.KeysetCodec;
import io.waas.crypto.internal.KeysetTestAccess;
import io.waas.crypto.internal.LocalMasterKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One key store directory under test: its master key, a manual clock, an event recorder, and
 * test-only views of what the files hold (unwrapped with the KEK through the internal codec).
 */
final class TestKeyStore {
  static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  final Path dir;
  final ManualClock clock = ManualClock.at(START);
  final RecordingListener events = new RecordingListener();
  private final byte[] master;

  TestKeyStore(Path dir) {
    this(dir, randomMaster());
  }

  TestKeyStore(Path dir, byte[] master) {
    this.dir = dir;
    this.master = master.clone();
  }

  static byte[] randomMaster() {
    try (SecretBytes s = SecretBytes.random(32)) {
      return s.copyBytes();
    }
  }

  byte[] masterBytes() {
    return master.clone();
  }

  MasterKeySource masterKey() {
    return MasterKeySource.keyMaterial(SecretBytes.copyOf(master));
  }

  LocalMasterKey kek() throws GeneralSecurityException {
    return new LocalMasterKey(master.clone());
  }

  KeyRing.Builder builder() throws KeyStoreAccessException {
    return KeyRing.builder().directory(dir).masterKey(masterKey()).clock(clock).eventListener(events);
  }

  KeyRing open() throws GeneralSecurityException {
    return builder().build();
  }

  /** Unwraps a keyset file's payload (plaintext key list, with material) with the KEK. */
  byte[] payload(String name) throws GeneralSecurityException, IOException {
    byte[] file = Files.readAllBytes(dir.resolve(name));
    KeysetCodec.WrappedKeyset w = KeysetCodec.decodeFile(file, name);
    return kek().unwrap(w.wrapped, KeysetCodec.wrapAssociatedData(name));
  }

  Keyset keyset(String name) throws GeneralSecurityException, IOException {
    return KeysetCodec.decodePayload(payload(name));
  }

  /** The raw 32-byte data key as stored (a copy). */
  byte[] material(KeyRing ring, KeyScope scope, long keyId) throws GeneralSecurityException, IOException {
    DataKey k = Objects.requireNonNull(keyset(ring.storageName(scope)).find(keyId), "no key " + keyId);
    return KeysetTestAccess.material(k).clone();
  }

  /** Every key's material of a scope (copies). */
  List<byte[]> allMaterial(KeyRing ring, KeyScope scope) throws GeneralSecurityException, IOException {
    List<byte[]> out = new ArrayList<>();
    for (DataKey k : keyset(ring.storageName(scope)).keys()) {
      if (KeysetTestAccess.hasMaterial(k)) {
        out.add(KeysetTestAccess.material(k).clone());
      }
    }
    return out;
  }

  /** Every file in the directory (names, including hidden ones) with its content. */
  Map<String, byte[]> snapshot() throws IOException {
    return snapshot(dir);
  }

  static Map<String, byte[]> snapshot(Path dir) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          p -> {
            try {
              out.put(p.getFileName().toString(), Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0]);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return out;
  }

  static List<String> temporaryFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".") && n.endsWith(".tmp"))
          .sorted()
          .collect(java.util.stream.Collectors.toList());
    }
  }

  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
