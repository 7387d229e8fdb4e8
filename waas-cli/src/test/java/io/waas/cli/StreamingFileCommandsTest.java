package io.waas.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code waas encrypt} and {@code waas decrypt} on the streaming format: chosen by size (the
 * threshold is lowered through a hidden option to keep files small) or by {@code --streaming},
 * detected by magic on decryption, written atomically only once the whole stream authenticated,
 * and with a progress bar on a terminal only.
 */
class StreamingFileCommandsTest {
  private static final int MIB = 1 << 20;

  @TempDir
  @SuppressWarnings("NullAway.Init") // injected by JUnit
  Path tmp;

  Path keyFile;
  Path store;
  Path files;
  Path plain;
  Path sealed;
  Path restored;
  final Cli cli = new Cli();

  @BeforeEach
  void setUp() throws IOException {
    keyFile = tmp.resolve("master.key");
    store = tmp.resolve("store");
    files = Files.createDirectory(tmp.resolve("files"));
    plain = files.resolve("site-assets.tar");
    sealed = files.resolve("site-assets.tar.enc");
    restored = files.resolve("site-assets.restored.tar");
    cli.run("keys", "generate-master-key", keyFile.toString()).succeeds();
    cli.runOnStore(store, keyFile, "keys", "create", "--tenant", "acme").succeeds();
  }

  private byte[] writePlain(int size) throws IOException {
    byte[] content = new byte[size];
    new Random(size).nextBytes(content);
    Files.write(plain, content);
    return content;
  }

  private Cli.Result encrypt(String... options) {
    return cli.runOnStore(store, keyFile, concat(List.of("encrypt", "--in", plain.toString(), "--out", sealed.toString()), options));
  }

  private Cli.Result decrypt(String... options) {
    return cli.runOnStore(store, keyFile, concat(List.of("decrypt", "--in", sealed.toString(), "--out", restored.toString()), options));
  }

  private static String[] concat(List<String> head, String... tail) {
    return Stream.concat(head.stream(), Stream.of(tail)).toArray(String[]::new);
  }

  /** Names in the files directory: shows leftovers such as temporary files. */
  private List<String> fileNames() throws IOException {
    try (Stream<Path> s = Files.list(files)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private String magic() throws IOException {
    byte[] b = Files.readAllBytes(sealed);
    return new String(b, 0, 2, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** Ciphertext length of a stream with 1 MiB segments: headers (81 bytes) and a tag per segment. */
  private static long streamLength(long plaintext) {
    long first = MIB - 16 - 81;
    long segments = plaintext <= first ? 1 : 1 + (plaintext - first + MIB - 16 - 1) / (MIB - 16);
    return plaintext + 81 + 16 * segments;
  }

  @Test
  void encryptDecrypt_fileOverThreshold_usesStreamingFormatAndRoundTrips() throws Exception {
    byte[] content = writePlain(300_000);

    Cli.Result enc = encrypt("--tenant", "acme", "--purpose", "assets", "--streaming-threshold", "100000").succeeds();
    Cli.Result dec = decrypt("--tenant", "acme", "--purpose", "assets").succeeds();

    assertEquals("WS", magic());
    assertEquals(streamLength(content.length), Files.size(sealed));
    assertArrayEquals(content, Files.readAllBytes(restored));
    assertTrue(enc.out().contains("streaming format"), enc.out());
    assertTrue(dec.out().contains("300000 bytes, streaming format"), dec.out());
    assertEquals(List.of("site-assets.restored.tar", "site-assets.tar", "site-assets.tar.enc"), fileNames());
  }

  @Test
  void encrypt_fileUnderThreshold_staysInOnePiece() throws Exception {
    byte[] content = writePlain(50_000);

    encrypt("--tenant", "acme", "--streaming-threshold", "50001").succeeds();
    decrypt("--tenant", "acme").succeeds();

    assertEquals("WC", magic());
    assertArrayEquals(content, Files.readAllBytes(restored));
  }

  @Test
  void encryptDecrypt_streamingFlag_multiSegmentFileRoundTrips() throws Exception {
    byte[] content = writePlain(3 * MIB + 100);

    encrypt("--tenant", "acme", "--record", "r-1", "--streaming").succeeds();
    decrypt("--tenant", "acme", "--record", "r-1").succeeds();

    assertEquals("WS", magic());
    assertEquals(streamLength(content.length), Files.size(sealed));
    assertEquals(content.length + 81 + 4 * 16, Files.size(sealed), "four segments");
    assertArrayEquals(content, Files.readAllBytes(restored));
  }

  @Test
  void encrypt_streaming_ignoresInMemorySizeLimit() throws Exception {
    byte[] content = writePlain(200_000);
    cli.maxInputBytes = 1000;

    encrypt("--tenant", "acme").failsWith(ExitCodes.USAGE);
    encrypt("--tenant", "acme", "--streaming").succeeds();
    decrypt("--tenant", "acme").succeeds();

    assertArrayEquals(content, Files.readAllBytes(restored));
  }

  @Test
  void decrypt_tamperedStream_failsWithoutOutput() throws Exception {
    writePlain(3 * MIB);
    encrypt("--tenant", "acme", "--streaming").succeeds();
    byte[] ct = Files.readAllBytes(sealed);
    ct[2 * MIB + 100] ^= 0x01; // inside the third segment: two segments decrypt before it
    Files.write(sealed, ct);

    Cli.Result r = decrypt("--tenant", "acme").failsWith(ExitCodes.DATA_OR_KEY);

    assertTrue(r.err().contains("decryption failed") && r.err().contains("failed authentication"), r.err());
    assertEquals(List.of("site-assets.tar", "site-assets.tar.enc"), fileNames(), "no output, no temporary file");
  }

  @Test
  void decrypt_streamTruncatedAtSegmentBoundary_failsWithoutOutput() throws Exception {
    writePlain(3 * MIB);
    encrypt("--tenant", "acme", "--streaming").succeeds();
    byte[] ct = Files.readAllBytes(sealed);
    Files.write(sealed, Arrays.copyOf(ct, 2 * MIB)); // two whole segments, the end cut off

    decrypt("--tenant", "acme").failsWith(ExitCodes.DATA_OR_KEY);

    assertEquals(List.of("site-assets.tar", "site-assets.tar.enc"), fileNames());
  }

  @Test
  void decrypt_streamWrongContext_failsWithoutOutput() throws Exception {
    writePlain(100_000);
    encrypt("--tenant", "acme", "--record", "r-1", "--streaming").succeeds();

    Cli.Result r = decrypt("--tenant", "acme", "--record", "r-2").failsWith(ExitCodes.DATA_OR_KEY);

    assertTrue(r.err().contains("encryption context differs"), r.err());
    assertFalse(Files.exists(restored));
  }

  @Test
  void decrypt_streamHeaderDamaged_failsWithClearError() throws Exception {
    writePlain(1000);
    encrypt("--tenant", "acme", "--streaming").succeeds();
    byte[] ct = Files.readAllBytes(sealed);
    ct[2] = 9; // format version
    Files.write(sealed, ct);

    Cli.Result r = decrypt("--tenant", "acme").failsWith(ExitCodes.DATA_OR_KEY);

    assertTrue(r.err().contains("unsupported stream format version 9"), r.err());
    assertFalse(Files.exists(restored));
  }

  @Test
  void decrypt_streamAfterKeyRotation_stillDecrypts() throws Exception {
    byte[] content = writePlain(100_000);
    encrypt("--tenant", "acme", "--streaming").succeeds();
    cli.runOnStore(store, keyFile, "keys", "rotate", "--tenant", "acme").succeeds();

    decrypt("--tenant", "acme").succeeds();

    assertArrayEquals(content, Files.readAllBytes(restored));
  }

  @Test
  void decrypt_streamAfterTenantShred_failsWithKeyDestroyed() throws Exception {
    writePlain(100_000);
    encrypt("--tenant", "acme", "--streaming").succeeds();
    cli.runOnStore(store, keyFile, "keys", "shred", "--tenant", "acme", "--yes").succeeds();

    Cli.Result r = decrypt("--tenant", "acme").failsWith(ExitCodes.DATA_OR_KEY);

    assertTrue(r.err().contains("destroyed"), r.err());
    assertFalse(Files.exists(restored));
  }

  @Test
  void encryptDecrypt_progressBar_shownOnTerminal() throws Exception {
    byte[] content = writePlain(2 * MIB);
    cli.stderrIsTerminal = true;

    Cli.Result enc = encrypt("--tenant", "acme", "--streaming");
    Cli.Result dec = decrypt("--tenant", "acme");

    assertEquals(0, enc.exitCode(), enc.err());
    assertEquals(0, dec.exitCode(), dec.err());
    assertTrue(enc.err().startsWith("\rEncrypting [") && enc.err().contains("] 100%  2.0 MiB / 2.0 MiB"), enc.err());
    assertTrue(enc.err().contains("  50%  "), "intermediate progress: " + enc.err());
    assertTrue(enc.err().endsWith(System.lineSeparator()), "the bar ends its line");
    assertTrue(dec.err().startsWith("\rDecrypting [") && dec.err().contains("] 100%"), dec.err());
    assertArrayEquals(content, Files.readAllBytes(restored));
  }

  @Test
  void encryptDecrypt_progressBar_silentWithQuietOrWithoutTerminal() throws Exception {
    writePlain(2 * MIB);

    Cli.Result piped = encrypt("--tenant", "acme", "--streaming").succeeds(); // stderr not a terminal
    assertTrue(!piped.out().isEmpty(), "summary still printed");
    cli.stderrIsTerminal = true;
    Cli.Result quiet = encrypt("--tenant", "acme", "--streaming", "--force", "--quiet").succeeds();
    Cli.Result quietDecrypt = decrypt("--tenant", "acme", "-q").succeeds();

    assertEquals("", quiet.out());
    assertEquals("", quietDecrypt.out());
  }

  @Test
  void decrypt_failureOnTerminal_erasesBarThenReportsOneError() throws Exception {
    writePlain(3 * MIB);
    encrypt("--tenant", "acme", "--streaming").succeeds();
    byte[] ct = Files.readAllBytes(sealed);
    ct[ct.length - 5] ^= 0x01; // in the last segment: most of the file decrypts first
    Files.write(sealed, ct);
    cli.stderrIsTerminal = true;

    Cli.Result r = decrypt("--tenant", "acme");

    assertEquals(ExitCodes.DATA_OR_KEY, r.exitCode(), r.err());
    int erase = r.err().lastIndexOf('\r');
    assertTrue(erase > 0 && r.err().substring(0, erase).endsWith(" "), "bar erased: " + r.err());
    String after = r.err().substring(erase + 1);
    assertTrue(after.startsWith("waas: error: decryption failed"), after);
    assertEquals(1, after.lines().count(), after);
    assertEquals(List.of("site-assets.tar", "site-assets.tar.enc"), fileNames());
  }
}
