package io.waas.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.waas.core.SecretBytes;
import io.waas.core.SecretChars;
import io.waas.crypto.internal.AtomicFiles;
import io.waas.crypto.internal.KeysetCodec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyStoreTest {
  private static final KeyScope ACME = KeyScope.tenant("acme");
  private static final EncryptionContext ACME_CTX = EncryptionContext.of("acme", "p", "r");
  private static final EncryptionContext GLOBEX_CTX = EncryptionContext.of("globex", "p", "r");
  private static final byte[] DATA = "stored".getBytes(UTF_8);

  private Path tmp;

  @BeforeEach
  void setUp(@TempDir Path dir) {
    tmp = dir;
  }

  private static String message(Throwable t) {
    return String.valueOf(t.getMessage());
  }

  private static void assertSameFiles(Map<String, byte[]> before, Map<String, byte[]> after) {
    assertEquals(before.keySet(), after.keySet(), "directory listing changed");
    for (Map.Entry<String, byte[]> e : before.entrySet()) {
      assertArrayEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " changed");
    }
  }

  private static SecretChars pass(String s) {
    return SecretChars.wrap(s.toCharArray());
  }

  // ------------------------------------------------------------ master key mismatch

  @Test
  void open_wrongMasterKey_throwsMismatch_andModifiesNoFile() throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    byte[] ct;
    try (KeyRing r = ks.open()) {
      ct = r.encryptor().encrypt(DATA, ACME_CTX);
      r.encryptor().encrypt(DATA, EncryptionContext.builder("acme").subject("alice").build());
    }
    Map<String, byte[]> before = ks.snapshot();
    TestKeyStore wrong = new TestKeyStore(ks.dir);
    MasterKeyMismatchException e = assertThrows(MasterKeyMismatchException.class, wrong::open);
    assertTrue(message(e).contains("master key does not match"), message(e));
    assertSameFiles(before, ks.snapshot());
    try (KeyRing r = ks.open()) {
      assertArrayEquals(DATA, r.encryptor().decrypt(ct, ACME_CTX));
    }
  }

  // ------------------------------------------------------------ passphrases

  @Test
  void passphraseStore_rightPassphraseReopens_wrongOneFails() throws Exception {
    Path dir = tmp.resolve("pp");
    byte[] ct;
    try (KeyRing r = KeyRing.builder().directory(dir)
        .masterKey(MasterKeySource.passphrase(pass("correct horse battery"), Argon2idParameters.insecureForTests()))
        .eventListener(io.waas.core.SecurityEventListener.none()).build()) {
      ct = r.encryptor().encrypt(DATA, ACME_CTX);
    }
    // Reopening uses the stored parameters and salt; the (slow) defaults given here do not apply.
    long start = System.nanoTime();
    try (KeyRing r = KeyRing.builder().directory(dir)
        .masterKey(MasterKeySource.passphrase(pass("correct horse battery"))).build()) {
      assertArrayEquals(DATA, r.encryptor().decrypt(ct, ACME_CTX));
    }
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20));

    Map<String, byte[]> before = TestKeyStore.snapshot(dir);
    assertThrows(MasterKeyMismatchException.class, () -> KeyRing.builder().directory(dir)
        .masterKey(MasterKeySource.passphrase(pass("correct horse battery!"), Argon2idParameters.insecureForTests()))
        .build());
    assertSameFiles(before, TestKeyStore.snapshot(dir));
    // A key-material source does not open a passphrase store either.
    assertThrows(MasterKeyMismatchException.class, () -> new TestKeyStore(dir).open());
  }

  @Test
  void passphraseStore_storesParametersAndSaltButNotThePassphrase() throws Exception {
    Path dir = tmp.resolve("pp");
    try (KeyRing r = KeyRing.builder().directory(dir)
        .masterKey(MasterKeySource.passphrase(pass("correct horse battery"), Argon2idParameters.insecureForTests()))
        .build()) {
      r.createKeys(ACME);
    }
    String params = Files.readString(dir.resolve(MasterKeySource.PASSPHRASE_PARAMS_BLOB), UTF_8);
    assertTrue(params.contains("\"kdf\":\"argon2id\""), params);
    assertTrue(params.contains("\"memoryKiB\":1024"), params);
    assertTrue(params.contains("\"salt\""), params);
    for (Map.Entry<String, byte[]> f : TestKeyStore.snapshot(dir).entrySet()) {
      assertFalse(TestKeyStore.contains(f.getValue(), "horse".getBytes(UTF_8)), f.getKey());
    }
  }

  @Test
  void keyFileStore_openedWithPassphrase_failsAndModifiesNothing() throws Exception {
    Path keyFile = tmp.resolve("master.key");
    MasterKeySource.generateKeyFile(keyFile);
    Path dir = tmp.resolve("kf");
    try (KeyRing r = KeyRing.openLocal(dir, MasterKeySource.keyFile(keyFile))) {
      r.createKeys(ACME);
    }
    Map<String, byte[]> before = TestKeyStore.snapshot(dir);
    MasterKeyMismatchException e = assertThrows(MasterKeyMismatchException.class, () -> KeyRing.openLocal(
        dir, MasterKeySource.passphrase(pass("correct horse battery"), Argon2idParameters.insecureForTests())));
    assertTrue(message(e).contains("not a passphrase"), message(e));
    assertSameFiles(before, TestKeyStore.snapshot(dir));
  }

  @Test
  void passphrase_tooShortOrWeakParameters_areRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> MasterKeySource.passphrase(pass("short")));
    assertTrue(message(e).contains("8 characters"), message(e));
    assertThrows(IllegalArgumentException.class, () -> Argon2idParameters.of(1024, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> Argon2idParameters.of(64 * 1024, 0, 1));
    assertEquals(64 * 1024, Argon2idParameters.of(64 * 1024, 3, 4).memoryKiB());
  }

  // ------------------------------------------------------------ damaged and moved files

  @ParameterizedTest
  @ValueSource(strings = {"first", "kekId", "middle", "last"})
  void corruptedKeysetFile_oneFlippedByte_throwsKeyStoreAccessSayingCorrupted(String where) throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    byte[] ct;
    String name;
    try (KeyRing r = ks.open()) {
      ct = r.encryptor().encrypt(DATA, ACME_CTX);
      name = r.storageName(ACME);
    }
    Path file = ks.dir.resolve(name);
    byte[] content = Files.readAllBytes(file);
    int pos = where.equals("first") ? 0 : where.equals("kekId") ? 8 : where.equals("middle") ? content.length / 2 : content.length - 1;
    content[pos] ^= 0x04;
    Files.write(file, content);
    try (KeyRing r = ks.open()) {
      KeyStoreAccessException e =
          assertThrows(KeyStoreAccessException.class, () -> r.encryptor().decrypt(ct, ACME_CTX));
      assertFalse(e instanceof MasterKeyMismatchException);
      assertTrue(message(e).contains("corrupted") && message(e).contains("checksum"), message(e));
      assertTrue(message(e).contains(name) && message(e).contains("acme"), message(e));
      assertThrows(KeyStoreAccessException.class, () -> r.encryptor().encrypt(DATA, ACME_CTX));
      assertThrows(KeyStoreAccessException.class, () -> r.keys(ACME));
      // Other tenants are unaffected.
      assertArrayEquals(DATA, r.encryptor().decrypt(r.encryptor().encrypt(DATA, GLOBEX_CTX), GLOBEX_CTX));
    }
  }

  @Test
  void truncatedKeysetFile_throwsKeyStoreAccess() throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    String name;
    try (KeyRing r = ks.open()) {
      r.createKeys(ACME);
      name = r.storageName(ACME);
    }
    Path file = ks.dir.resolve(name);
    for (int len : new int[] {0, 10, Files.readAllBytes(file).length - 1}) {
      byte[] content = Files.readAllBytes(file);
      Files.write(ks.dir.resolve(name), java.util.Arrays.copyOf(content, len));
      try (KeyRing r = ks.open()) {
        KeyStoreAccessException e = assertThrows(KeyStoreAccessException.class, () -> r.keys(ACME));
        assertTrue(message(e).contains("truncated") || message(e).contains("corrupted"), message(e));
      }
      Files.write(file, content);
    }
  }

  @Test
  void keysetFileOfTenantA_copiedOverTenantB_failsAuthentication() throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    byte[] a;
    byte[] b;
    String nameA;
    String nameB;
    try (KeyRing r = ks.open()) {
      a = r.encryptor().encrypt(DATA, ACME_CTX);
      b = r.encryptor().encrypt(DATA, GLOBEX_CTX);
      nameA = r.storageName(ACME);
      nameB = r.storageName(KeyScope.tenant("globex"));
    }
    Files.copy(ks.dir.resolve(nameA), ks.dir.resolve(nameB), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (KeyRing r = ks.open()) {
      KeyStoreAccessException e = assertThrows(KeyStoreAccessException.class, () -> r.encryptor().decrypt(b, GLOBEX_CTX));
      assertTrue(message(e).contains("failed authentication"), message(e));
      assertTrue(message(e).contains(nameB), message(e));
      // Also when the attacker hopes to decrypt A's data under B's name.
      assertThrows(KeyStoreAccessException.class, () -> r.encryptor().decrypt(a, EncryptionContext.of("globex", "p", "r")));
      assertThrows(KeyStoreAccessException.class, () -> r.encryptor().encrypt(DATA, GLOBEX_CTX));
      assertArrayEquals(DATA, r.encryptor().decrypt(a, ACME_CTX));
    }
  }

  @Test
  void subjectKeysetFile_swappedWithAnotherSubjects_failsAuthentication() throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    EncryptionContext alice = EncryptionContext.builder("acme").subject("alice").build();
    EncryptionContext bob = EncryptionContext.builder("acme").subject("bob").build();
    byte[] bobCt;
    String nameAlice;
    String nameBob;
    try (KeyRing r = ks.open()) {
      r.encryptor().encrypt(DATA, alice);
      bobCt = r.encryptor().encrypt(DATA, bob);
      nameAlice = r.storageName(alice.keyScope());
      nameBob = r.storageName(bob.keyScope());
    }
    Files.copy(ks.dir.resolve(nameAlice), ks.dir.resolve(nameBob), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (KeyRing r = ks.open()) {
      KeyStoreAccessException e = assertThrows(KeyStoreAccessException.class, () -> r.encryptor().decrypt(bobCt, bob));
      assertTrue(message(e).contains("failed authentication"), message(e));
    }
  }

  @Test
  void keysetFileWrappedByAnotherKek_namesTheKekInTheError() throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    String name;
    try (KeyRing r = ks.open()) {
      r.createKeys(ACME);
      name = r.storageName(ACME);
    }
    Path file = ks.dir.resolve(name);
    byte[] wrapped = KeysetCodec.decodeFile(Files.readAllBytes(file), name).wrapped;
    Files.write(file, KeysetCodec.encodeFile("local:0000000000000000", wrapped));
    try (KeyRing r = ks.open()) {
      KeyStoreAccessException e = assertThrows(KeyStoreAccessException.class, () -> r.keys(ACME));
      assertTrue(message(e).contains("local:0000000000000000"), message(e));
    }
  }

  @Test
  void storeMissingItsNamingKey_failsToOpenWithClearMessage() throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    ks.open().close();
    Files.delete(ks.dir.resolve(KeyRing.NAMING_KEY_BLOB));
    KeyStoreAccessException e = assertThrows(KeyStoreAccessException.class, ks::open);
    assertTrue(message(e).contains(KeyRing.NAMING_KEY_BLOB), message(e));
  }

  // ------------------------------------------------------------ permissions and key files

  @Test
  void posixPermissions_directoryIsOwnerOnly_filesAreOwnerReadWriteOnly() throws Exception {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    TestKeyStore ks = new TestKeyStore(tmp.resolve("a/b/keys"));
    try (KeyRing r = ks.open()) {
      r.encryptor().encrypt(DATA, ACME_CTX);
      r.encryptor().encrypt(DATA, EncryptionContext.builder("acme").subject("alice").build());
      r.rotate(ACME);
      r.shred(KeyScope.subject("acme", "alice")); // the scrubbing write path
      r.destroyKey(ACME, r.keys(ACME).get(0).keyId());
    }
    Path pp = tmp.resolve("pp");
    KeyRing.openLocal(pp, MasterKeySource.passphrase(pass("correct horse battery"), Argon2idParameters.insecureForTests()))
        .close();
    for (Path dir : List.of(ks.dir, pp)) {
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir.toString());
      int files = 0;
      try (Stream<Path> s = Files.list(dir)) {
        for (Path f : (Iterable<Path>) s::iterator) {
          assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
          files++;
        }
      }
      assertTrue(files >= 3, "files in " + dir);
    }
  }

  @Test
  void generateKeyFile_isOwnerOnlyBase64_andOpensTheStore() throws Exception {
    Path keyFile = tmp.resolve("secrets/master.key");
    MasterKeySource.generateKeyFile(keyFile);
    if (keyFile.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
    }
    String text = Files.readString(keyFile, US_ASCII).strip();
    assertEquals(32, Base64.getDecoder().decode(text).length);
    Path dir = tmp.resolve("keys");
    byte[] ct;
    try (KeyRing r = KeyRing.openLocal(dir, MasterKeySource.keyFile(keyFile))) {
      ct = r.encryptor().encrypt(DATA, ACME_CTX);
    }
    try (KeyRing r = KeyRing.openLocal(dir, MasterKeySource.keyFile(keyFile))) {
      assertArrayEquals(DATA, r.encryptor().decrypt(ct, ACME_CTX));
    }
    // The same key given as material opens it too.
    try (KeyRing r = KeyRing.openLocal(dir, MasterKeySource.keyMaterial(SecretBytes.wrap(Base64.getDecoder().decode(text))))) {
      assertArrayEquals(DATA, r.encryptor().decrypt(ct, ACME_CTX));
    }
    assertTrue(MasterKeySource.keyFile(keyFile).toString().contains("master.key"));
  }

  @Test
  void generateKeyFile_refusesToOverwrite() throws Exception {
    Path keyFile = tmp.resolve("master.key");
    Files.writeString(keyFile, "precious");
    IOException e = assertThrows(IOException.class, () -> MasterKeySource.generateKeyFile(keyFile));
    assertTrue(message(e).contains("refusing to overwrite"), message(e));
    assertEquals("precious", Files.readString(keyFile));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-r--r--"})
  void keyFile_readableByGroupOrOthers_isRefusedWithChmodHint(String perms) throws Exception {
    assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path keyFile = tmp.resolve("master.key");
    MasterKeySource.generateKeyFile(keyFile);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString(perms));
    KeyStoreAccessException e = assertThrows(
        KeyStoreAccessException.class, () -> KeyRing.openLocal(tmp.resolve("keys"), MasterKeySource.keyFile(keyFile)));
    assertTrue(message(e).contains("chmod 600"), message(e));
    assertTrue(message(e).contains(keyFile.toString()), message(e));
  }

  @Test
  void keyFile_raw32Bytes_andUrlSafeBase64_areAccepted() throws Exception {
    byte[] key = TestKeyStore.randomMaster();
    Path raw = tmp.resolve("raw.key");
    Files.write(raw, key);
    Files.setPosixFilePermissions(raw, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    Path dir = tmp.resolve("keys");
    byte[] ct;
    try (KeyRing r = KeyRing.openLocal(dir, MasterKeySource.keyFile(raw))) {
      ct = r.encryptor().encrypt(DATA, ACME_CTX);
    }
    Path url = tmp.resolve("url.key");
    Files.writeString(url, Base64.getUrlEncoder().encodeToString(key) + "\n");
    Files.setPosixFilePermissions(url, Set.of(PosixFilePermission.OWNER_READ));
    try (KeyRing r = KeyRing.openLocal(dir, MasterKeySource.keyFile(url))) {
      assertArrayEquals(DATA, r.encryptor().decrypt(ct, ACME_CTX));
    }
  }

  @Test
  void keyFile_badContentOrMissing_givesClearMessage() throws Exception {
    Path bad = tmp.resolve("bad.key");
    Files.writeString(bad, "not base64 at all!!");
    Files.setPosixFilePermissions(bad, Set.of(PosixFilePermission.OWNER_READ));
    KeyStoreAccessException e =
        assertThrows(KeyStoreAccessException.class, () -> KeyRing.openLocal(tmp.resolve("k1"), MasterKeySource.keyFile(bad)));
    assertTrue(message(e).contains("valid base64"), message(e));

    Path shortKey = tmp.resolve("short.key");
    Files.writeString(shortKey, Base64.getEncoder().encodeToString(new byte[16]));
    Files.setPosixFilePermissions(shortKey, Set.of(PosixFilePermission.OWNER_READ));
    e = assertThrows(KeyStoreAccessException.class, () -> KeyRing.openLocal(tmp.resolve("k2"), MasterKeySource.keyFile(shortKey)));
    assertTrue(message(e).contains("32-byte") && message(e).contains("16 bytes"), message(e));

    Path missing = tmp.resolve("missing.key");
    e = assertThrows(KeyStoreAccessException.class, () -> KeyRing.openLocal(tmp.resolve("k3"), MasterKeySource.keyFile(missing)));
    assertTrue(message(e).contains("does not exist"), message(e));
  }

  @Test
  void environment_missingVariable_givesClearMessage() {
    String var = "WAAS_TEST_UNSET_" + UUID.randomUUID().toString().replace('-', '_').toUpperCase(Locale.ROOT);
    KeyStoreAccessException e = assertThrows(
        KeyStoreAccessException.class, () -> KeyRing.openLocal(tmp.resolve("keys"), MasterKeySource.environment(var)));
    assertTrue(message(e).contains(var) && message(e).contains("not set"), message(e));
    assertTrue(message(e).contains("base64"), message(e));
    assertTrue(MasterKeySource.environment(var).toString().contains(var));
  }

  @Test
  void keyMaterial_wrongLength_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> MasterKeySource.keyMaterial(SecretBytes.random(16)));
  }

  // ------------------------------------------------------------ DirectoryKeysetStore

  @Test
  void directoryStore_readWriteListAndNames() throws Exception {
    DirectoryKeysetStore s = DirectoryKeysetStore.open(tmp.resolve("s"));
    assertEquals(Optional.empty(), s.read("nothing"));
    s.write("t-abc", new byte[] {1, 2});
    s.write("t-abc", new byte[] {3});
    assertArrayEquals(new byte[] {3}, s.read("t-abc").orElseThrow());
    s.replaceAndScrub("t-abc", new byte[] {4, 5});
    assertArrayEquals(new byte[] {4, 5}, s.read("t-abc").orElseThrow());
    s.replaceAndScrub("t-new", new byte[] {6});
    s.lock().close(); // creates .lock, which is not a blob
    assertEquals(Set.of("t-abc", "t-new"), Set.copyOf(s.list()));
    for (String bad : new String[] {"", "Upper", "../x", ".hidden", "a/b", "-x", "x".repeat(201)}) {
      assertThrows(IllegalArgumentException.class, () -> s.read(bad), bad);
      assertThrows(IllegalArgumentException.class, () -> s.write(bad, new byte[1]), bad);
    }
    assertTrue(s.toString().contains(s.directory().toString()));
  }

  @Test
  void directoryStore_open_removesStaleTemporaryFilesOnly() throws Exception {
    Path dir = tmp.resolve("s");
    DirectoryKeysetStore s = DirectoryKeysetStore.open(dir);
    s.write("t-abc", new byte[] {1});
    Files.write(dir.resolve(".t-abc.0123456789ab.tmp"), new byte[] {9});
    Files.write(dir.resolve(".kek-check.ffffffffffff.tmp"), new byte[] {9});
    Files.write(dir.resolve(".keep"), new byte[] {7});
    DirectoryKeysetStore.open(dir);
    assertEquals(List.of(), TestKeyStore.temporaryFiles(dir));
    assertTrue(Files.exists(dir.resolve(".keep")));
    assertArrayEquals(new byte[] {1}, s.read("t-abc").orElseThrow());
  }

  @Test
  void directoryStore_lock_isExclusiveAcrossThreadsAndReentrant() throws Exception {
    DirectoryKeysetStore s = DirectoryKeysetStore.open(tmp.resolve("s"));
    DirectoryKeysetStore same = DirectoryKeysetStore.open(tmp.resolve("s"));
    CountDownLatch acquired = new CountDownLatch(1);
    Thread other;
    try (Closeable outer = s.lock()) {
      try (Closeable inner = s.lock()) {
        assertTrue(inner != null);
      }
      other = new Thread(() -> {
        try (Closeable l = same.lock()) {
          acquired.countDown();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      other.start();
      assertFalse(acquired.await(300, TimeUnit.MILLISECONDS), "lock must be exclusive");
    }
    assertTrue(acquired.await(10, TimeUnit.SECONDS));
    other.join();
  }

  /**
   * A process that opens the store (and cleans stale temporary files) while another one is in the
   * middle of an atomic write must not delete that write's temporary file.
   */
  @Test
  void rotate_whileAnotherOpenerCleansTemporaries_succeeds() throws Exception {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    try (KeyRing r = ks.open()) {
      r.createKeys(ACME);
    }
    AtomicBoolean armed = new AtomicBoolean();
    CountDownLatch opened = new CountDownLatch(1);
    AtomicReference<@Nullable Throwable> openerFailure = new AtomicReference<>();
    AtomicReference<@Nullable Thread> opener = new AtomicReference<>();
    AtomicFiles.StepHook hook = step -> {
      if (step == AtomicFiles.Step.SYNCED && armed.compareAndSet(true, false)) {
        Thread th = new Thread(() -> {
          try {
            DirectoryKeysetStore.open(ks.dir);
          } catch (IOException | RuntimeException e) {
            openerFailure.set(e);
          }
          opened.countDown();
        });
        opener.set(th);
        th.start();
        try {
          opened.await(500, TimeUnit.MILLISECONDS); // long enough for an unsynchronized opener
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    try (KeyRing r = KeyRing.builder().keysetStore(DirectoryKeysetStore.open(ks.dir, hook))
        .masterKey(ks.masterKey()).eventListener(ks.events).build()) {
      armed.set(true);
      KeyMetadata m = r.rotate(ACME);
      assertTrue(r.keys(ACME).stream().anyMatch(k -> k.keyId() == m.keyId() && k.primary()));
    }
    Thread th = java.util.Objects.requireNonNull(opener.get(), "the hook ran");
    th.join(10_000);
    assertEquals(null, openerFailure.get());
    try (KeyRing r = ks.open()) {
      assertEquals(2, r.keys(ACME).size());
    }
  }

  @Test
  void keyRingOpen_onUnusableDirectory_throwsKeyStoreAccess() throws Exception {
    Path file = tmp.resolve("plain-file");
    Files.writeString(file, "x");
    KeyStoreAccessException e = assertThrows(
        KeyStoreAccessException.class, () -> KeyRing.openLocal(file.resolve("keys"), MasterKeySource.keyMaterial(SecretBytes.random(32))));
    assertTrue(message(e).contains("cannot open key store directory"), message(e));
  }

  @Test
  void keyRingToString_namesStoreAndKekIdOnly() throws GeneralSecurityException {
    TestKeyStore ks = new TestKeyStore(tmp.resolve("keys"));
    try (KeyRing r = ks.open()) {
      assertTrue(r.toString().contains("keys") && r.toString().contains(ks.kek().id()), r.toString());
    }
  }
}
