package io.waas.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyDisabledException;
import io.waas.core.KeyNotFoundException;
import io.waas.core.KeyUnavailableException;
import io.waas.core.SecurityEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link StreamingEncryptor} through a real key ring. Most tests use 4 KiB segments (a
 * package-private option) so that streams of many segments stay small; the segment logic is the
 * same for the default 1 MiB, which has tests of its own.
 */
class StreamingEncryptorTest {
  @TempDir
  @SuppressWarnings("NullAway.Init")
  Path dir;

  /** 4 KiB ciphertext segments: the first holds 3999 plaintext bytes, every later one 4080. */
  static final int SHIFT = 12;
  static final int SEGMENT = 1 << SHIFT;
  static final int FIRST = SEGMENT - 16 - 81;
  static final int PER = SEGMENT - 16;

  static final KeyScope ACME = KeyScope.tenant("acme");
  static final EncryptionContext CTX =
      EncryptionContext.builder("acme").purpose("backup.db").recordId("2026-11-24").attribute("region", "eu").build();

  @SuppressWarnings("NullAway.Init")
  TestKeyStore ks;

  @SuppressWarnings("NullAway.Init")
  KeyRing ring;

  @SuppressWarnings("NullAway.Init")
  StreamingEncryptor small;

  @BeforeEach
  void open() throws GeneralSecurityException {
    ks = new TestKeyStore(dir.resolve("keys"));
    ring = ks.open();
    small = new KeyRingStreamingEncryptor(ring, SHIFT);
  }

  @AfterEach
  void close() {
    ring.close();
  }

  // ------------------------------------------------------------------ helpers

  static byte[] plaintext(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Encrypts with writes of varying sizes, including single bytes. */
  static byte[] encrypt(StreamingEncryptor s, byte[] pt, EncryptionContext ctx) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = s.newEncryptingStream(out, ctx)) {
      Random r = new Random(pt.length);
      int i = 0;
      while (i < pt.length) {
        if (r.nextInt(8) == 0) {
          enc.write(pt[i++]);
        } else {
          int n = Math.min(pt.length - i, 1 + r.nextInt(3 * SEGMENT));
          enc.write(pt, i, n);
          i += n;
        }
      }
    }
    return out.toByteArray();
  }

  static byte[] decryptStream(StreamingEncryptor s, byte[] ct, EncryptionContext ctx) throws Exception {
    try (InputStream in = s.newDecryptingStream(new ByteArrayInputStream(ct), ctx)) {
      return in.readAllBytes();
    }
  }

  /** Reads with a buffer of a given size: a buffer of a whole segment or more is decrypted into directly. */
  static byte[] decryptStream(StreamingEncryptor s, byte[] ct, EncryptionContext ctx, int bufferSize) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = s.newDecryptingStream(new ByteArrayInputStream(ct), ctx)) {
      byte[] buf = new byte[bufferSize];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        assertTrue(n > 0, "read returned 0");
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  static byte[] decryptChannel(StreamingEncryptor s, byte[] ct, EncryptionContext ctx) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ReadableByteChannel ch = s.newDecryptingChannel(Channels.newChannel(new ByteArrayInputStream(ct)), ctx)) {
      ByteBuffer buf = ByteBuffer.allocate(5000);
      while (ch.read(buf) >= 0) {
        buf.flip();
        out.write(buf.array(), 0, buf.limit());
        buf.clear();
      }
    }
    return out.toByteArray();
  }

  static byte[] decryptSeekable(StreamingEncryptor s, byte[] ct, EncryptionContext ctx) throws Exception {
    try (SeekableByteChannel ch = s.newSeekableDecryptingChannel(new ByteArraySeekableChannel(ct), ctx)) {
      ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // fill
      }
      assertEquals(-1, ch.read(ByteBuffer.allocate(1)), "end of plaintext");
      return buf.array();
    }
  }

  /** How a test reads: a sequential stream or channel with a given buffer size. */
  enum Api {
    STREAM,
    CHANNEL
  }

  /** Reads until the end or a failure; what came out goes to {@code released}. */
  static @org.jspecify.annotations.Nullable IOException readAll(
      StreamingEncryptor s, byte[] ct, EncryptionContext ctx, Api api, int bufferSize, ByteArrayOutputStream released)
      throws GeneralSecurityException, IOException {
    byte[] buf = new byte[bufferSize];
    if (api == Api.STREAM) {
      InputStream in = s.newDecryptingStream(new ByteArrayInputStream(ct), ctx);
      try {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          released.write(buf, 0, n);
        }
        return null;
      } catch (IOException e) {
        return e;
      }
    }
    ReadableByteChannel ch = s.newDecryptingChannel(Channels.newChannel(new ByteArrayInputStream(ct)), ctx);
    ByteBuffer b = ByteBuffer.wrap(buf);
    try {
      for (int n = ch.read(b); n >= 0; n = ch.read(b)) {
        released.write(buf, 0, n);
        b.clear();
      }
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  static DecryptionFailedException assertAuthenticationFailure(@org.jspecify.annotations.Nullable IOException e) {
    if (e == null) {
      throw new AssertionError("the stream was read to its end without an authentication failure");
    }
    CiphertextStreamException c = assertInstanceOf(CiphertextStreamException.class, e, String.valueOf(e));
    assertSame(c.getCause(), c.securityCause());
    return assertInstanceOf(DecryptionFailedException.class, c.securityCause());
  }

  static byte[] swapSegments(byte[] ct, int a, int b) {
    byte[] out = ct.clone();
    System.arraycopy(ct, a * SEGMENT, out, b * SEGMENT, SEGMENT);
    System.arraycopy(ct, b * SEGMENT, out, a * SEGMENT, SEGMENT);
    return out;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Plaintext bytes held by segments 0 to {@code n - 1}. */
  static int plaintextOfSegments(int n) {
    return n == 0 ? 0 : FIRST + (n - 1) * PER;
  }

  // ------------------------------------------------------------------ round trips

  @ParameterizedTest
  @ValueSource(ints = {0, 1, FIRST - 1, FIRST, FIRST + 1, FIRST + PER, FIRST + PER + 1, FIRST + 3 * PER, 40_000})
  void encryptDecrypt_smallSegments_roundTripsThroughEveryApi(int size) throws Exception {
    byte[] pt = plaintext(size, size);
    byte[] ct = encrypt(small, pt, CTX);

    assertEquals(KeyRingStreamingEncryptor.ciphertextLength(size, SHIFT), ct.length, "ciphertext length");
    StreamHeader h = StreamHeader.parse(ct);
    assertEquals(SEGMENT, h.segmentSize());
    assertEquals(ring.keys(ACME).get(0).keyId(), h.keyId());
    assertArrayEquals(pt, decryptStream(small, ct, CTX));
    assertArrayEquals(pt, decryptStream(small, ct, CTX, 1));
    assertArrayEquals(pt, decryptStream(small, ct, CTX, 3 * SEGMENT));
    assertArrayEquals(pt, decryptChannel(small, ct, CTX));
    assertArrayEquals(pt, decryptSeekable(small, ct, CTX));
  }

  @Test
  void encryptDecrypt_defaultSegments_roundTripsWithMebibyteSegments() throws Exception {
    StreamingEncryptor s = ring.streamingEncryptor();
    byte[] pt = plaintext(2 * (1 << 20) + 12_345, 7);
    byte[] ct = encrypt(s, pt, CTX);

    assertEquals(1 << 20, StreamHeader.parse(ct).segmentSize());
    assertEquals(KeyRingStreamingEncryptor.ciphertextLength(pt.length, 20), ct.length);
    assertEquals(pt.length + 81 + 3 * 16, ct.length, "three segments");
    assertArrayEquals(pt, decryptStream(s, ct, CTX));
    assertArrayEquals(pt, decryptStream(s, ct, CTX, 1 << 20));
    assertArrayEquals(pt, decryptSeekable(s, ct, CTX));
  }

  @Test
  void encryptDecrypt_channels_roundTrip() throws Exception {
    byte[] pt = plaintext(30_000, 3);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (WritableByteChannel enc = small.newEncryptingChannel(Channels.newChannel(sink), CTX)) {
      ByteBuffer src = ByteBuffer.wrap(pt);
      while (src.hasRemaining()) {
        ByteBuffer piece = src.slice();
        piece.limit(Math.min(piece.remaining(), 777));
        assertEquals(piece.remaining(), enc.write(piece), "a blocking channel takes everything offered");
        src.position(src.position() + piece.position());
      }
    }
    byte[] ct = sink.toByteArray();
    assertEquals(KeyRingStreamingEncryptor.ciphertextLength(pt.length, SHIFT), ct.length);
    assertArrayEquals(pt, decryptChannel(small, ct, CTX));
    assertArrayEquals(pt, decryptStream(small, ct, CTX));
  }

  @Test
  void encrypt_sameInputTwice_differentCiphertexts() throws Exception {
    byte[] pt = plaintext(10_000, 1);
    byte[] a = encrypt(small, pt, CTX);
    byte[] b = encrypt(small, pt, CTX);
    assertArrayEquals(Arrays.copyOf(a, 41), Arrays.copyOf(b, 41), "same key: same SDK header");
    assertNotEquals(Arrays.toString(Arrays.copyOfRange(a, 41, 81)), Arrays.toString(Arrays.copyOfRange(b, 41, 81)),
        "fresh salt and nonce prefix per stream");
    assertTrue(!Arrays.equals(a, b));
  }

  // ------------------------------------------------------------------ context and keys

  @Test
  void decrypt_wrongContext_failsBeforeAnyPlaintext() throws Exception {
    byte[] pt = plaintext(20_000, 2);
    byte[] ct = encrypt(small, pt, CTX);
    List<EncryptionContext> others =
        List.of(
            EncryptionContext.builder("acme").purpose("backup.db").recordId("2026-11-25").attribute("region", "eu").build(),
            EncryptionContext.builder("acme").purpose("backup.log").recordId("2026-11-24").attribute("region", "eu").build(),
            EncryptionContext.builder("acme").purpose("backup.db").recordId("2026-11-24").build(),
            EncryptionContext.builder("acme").purpose("backup.db").recordId("2026-11-24").attribute("region", "us").build());
    for (EncryptionContext other : others) {
      for (Api api : Api.values()) {
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        assertAuthenticationFailure(readAll(small, ct, other, api, 8192, released));
        assertEquals(0, released.size(), "plaintext released under a wrong context via " + api);
      }
    }
  }

  @Test
  void decrypt_otherTenant_failsWithKeyNotFound() throws Exception {
    byte[] ct = encrypt(small, plaintext(100, 4), CTX);
    ring.createKeys(KeyScope.tenant("globex"));
    EncryptionContext globex = EncryptionContext.builder("globex").purpose("backup.db").recordId("2026-11-24").build();
    assertThrows(KeyNotFoundException.class, () -> small.newDecryptingStream(new ByteArrayInputStream(ct), globex));
  }

  @Test
  void decrypt_afterRotation_oldAndNewStreamsDecrypt_untilOldKeyDisabledOrDestroyed() throws Exception {
    byte[] pt = plaintext(10_000, 5);
    byte[] old = encrypt(small, pt, CTX);
    long oldKey = StreamHeader.parse(old).keyId();
    KeyMetadata rotated = ring.rotate(ACME);
    byte[] fresh = encrypt(small, pt, CTX);

    assertEquals(rotated.keyId(), StreamHeader.parse(fresh).keyId());
    assertNotEquals(oldKey, rotated.keyId());
    assertArrayEquals(pt, decryptStream(small, old, CTX));
    assertArrayEquals(pt, decryptSeekable(small, fresh, CTX));

    ring.disableKey(ACME, oldKey);
    KeyDisabledException disabled =
        assertThrows(KeyDisabledException.class, () -> small.newDecryptingStream(new ByteArrayInputStream(old), CTX));
    assertEquals(oldKey, disabled.keyId());
    assertArrayEquals(pt, decryptStream(small, fresh, CTX));
    ring.enableKey(ACME, oldKey);
    assertArrayEquals(pt, decryptChannel(small, old, CTX));

    ring.destroyKey(ACME, oldKey);
    assertThrows(
        KeyDestroyedException.class,
        () -> small.newSeekableDecryptingChannel(new ByteArraySeekableChannel(old), CTX));
    assertArrayEquals(pt, decryptStream(small, fresh, CTX));
  }

  @Test
  void encryptDecrypt_shreddedScope_failsWithKeyDestroyed() throws Exception {
    byte[] ct = encrypt(small, plaintext(5000, 6), CTX);
    ring.shred(ACME);
    assertThrows(KeyDestroyedException.class, () -> small.newDecryptingStream(new ByteArrayInputStream(ct), CTX));
    assertThrows(
        KeyDestroyedException.class,
        () -> small.newDecryptingChannel(Channels.newChannel(new ByteArrayInputStream(ct)), CTX));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    assertThrows(KeyDestroyedException.class, () -> small.newEncryptingStream(sink, CTX));
    assertEquals(0, sink.size(), "nothing written for a shredded scope");
  }

  @Test
  void encrypt_scopeWithoutKeysWhenCreationOff_failsWithKeyUnavailable() throws Exception {
    try (KeyRing strict = ks.builder().createKeysOnFirstUse(false).build()) {
      EncryptionContext nobody = EncryptionContext.of("nobody", "p", "r");
      assertThrows(
          KeyUnavailableException.class,
          () -> strict.streamingEncryptor().newEncryptingStream(new ByteArrayOutputStream(), nobody));
    }
  }

  @Test
  void newDecryptingStream_commitmentOfAnotherKey_failsBeforeDecrypting() throws Exception {
    byte[] ct = encrypt(small, plaintext(1000, 8), CTX);
    long second = ring.rotate(ACME).keyId();
    byte[] renamed = ct.clone();
    renamed[4] = (byte) (second >>> 24);
    renamed[5] = (byte) (second >>> 16);
    renamed[6] = (byte) (second >>> 8);
    renamed[7] = (byte) second;
    ks.events.clear();

    DecryptionFailedException e =
        assertThrows(
            DecryptionFailedException.class, () -> small.newDecryptingStream(new ByteArrayInputStream(renamed), CTX));
    assertTrue(String.valueOf(e.getMessage()).contains("commitment"), e.getMessage());
    SecurityEvent event = ks.events.ofType(CryptoEvents.DECRYPT_FAILED).get(0);
    assertEquals("stream", event.attributes().get("format"));
    assertEquals("DecryptionFailedException", event.attributes().get("reason"));
  }

  @Test
  void decrypt_failureInsideStream_emitsSecurityEvent() throws Exception {
    byte[] ct = encrypt(small, plaintext(10_000, 9), CTX);
    ct[SEGMENT + 10] ^= 1;
    ks.events.clear();
    assertAuthenticationFailure(readAll(small, ct, CTX, Api.STREAM, 100, new ByteArrayOutputStream()));
    List<SecurityEvent> events = ks.events.ofType(CryptoEvents.DECRYPT_FAILED);
    assertEquals(1, events.size(), ks.events.all().toString());
    assertEquals(SecurityEvent.Outcome.FAILURE, events.get(0).outcome());
    assertEquals("acme", events.get(0).tenant());
  }

  // ------------------------------------------------------------------ tampering

  @ParameterizedTest
  @CsvSource({"STREAM, 1", "STREAM, 7", "STREAM, 4096", "STREAM, 65536", "CHANNEL, 1", "CHANNEL, 4095", "CHANNEL, 65536"})
  void decrypt_tamperedSegment_releasesOnlyAuthenticatedSegments(Api api, int bufferSize) throws Exception {
    byte[] pt = plaintext(40_000, 10);
    byte[] ct = encrypt(small, pt, CTX);
    ct[4 * SEGMENT + 100] ^= 0x40; // inside segment 4

    ByteArrayOutputStream released = new ByteArrayOutputStream();
    IOException e = readAll(small, ct, CTX, api, bufferSize, released);

    assertAuthenticationFailure(e);
    // Exactly segments 0 to 3 came out: each read returns bytes of one authenticated segment.
    assertArrayEquals(Arrays.copyOf(pt, plaintextOfSegments(4)), released.toByteArray());
  }

  @Test
  void decrypt_tamperedSegmentIntoLargeBuffer_leavesNoneOfItsBytes() throws Exception {
    byte[] pt = plaintext(40_000, 35);
    byte[] ct = encrypt(small, pt, CTX);
    ct[3 * SEGMENT + 77] ^= 0x02;
    InputStream in = small.newDecryptingStream(new ByteArrayInputStream(ct), CTX);
    assertArrayEquals(Arrays.copyOf(pt, plaintextOfSegments(3)), in.readNBytes(plaintextOfSegments(3)));
    byte[] buf = new byte[2 * SEGMENT]; // room for the whole segment: decrypted in place
    Arrays.fill(buf, (byte) 0x55);

    assertAuthenticationFailure(assertThrows(IOException.class, () -> in.read(buf)));

    for (byte b : buf) {
      assertTrue(b == 0x55 || b == 0, "a byte of the failed segment was left in the buffer");
    }
  }

  @Test
  void decrypt_afterFailure_releasesNothingMore() throws Exception {
    byte[] pt = plaintext(40_000, 11);
    byte[] ct = encrypt(small, pt, CTX);
    ct[2 * SEGMENT + 5] ^= 1;
    InputStream in = small.newDecryptingStream(new ByteArrayInputStream(ct), CTX);
    byte[] first = in.readNBytes(plaintextOfSegments(2));
    assertArrayEquals(Arrays.copyOf(pt, first.length), first);
    assertAuthenticationFailure(assertThrows(IOException.class, () -> in.read(new byte[10])));
    byte[] buf = new byte[10];
    assertAuthenticationFailure(assertThrows(IOException.class, () -> in.read(buf)));
    assertAuthenticationFailure(assertThrows(IOException.class, in::read));
    assertEquals(0, in.available());
    assertArrayEquals(new byte[10], buf, "nothing written into the buffer after the failure");
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 5, 9})
  void decrypt_truncatedAtSegmentBoundary_detectedOnlyAtEnd(int keptSegments) throws Exception {
    byte[] pt = plaintext(40_000, 12); // segments 0 to 9, the last one partial
    byte[] ct = encrypt(small, pt, CTX);
    byte[] cut = Arrays.copyOf(ct, keptSegments * SEGMENT);
    ByteArrayInputStream source = new ByteArrayInputStream(cut);
    InputStream in = small.newDecryptingStream(source, CTX);
    ByteArrayOutputStream released = new ByteArrayOutputStream();
    byte[] buf = new byte[1000];

    IOException e = null;
    try {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        released.write(buf, 0, n);
      }
    } catch (IOException failure) {
      e = failure;
    }

    assertAuthenticationFailure(e);
    // All but the segment before the cut came out before the failure, and the failure came only
    // once the whole (truncated) ciphertext had been consumed: the end is where it is detected.
    assertArrayEquals(Arrays.copyOf(pt, plaintextOfSegments(keptSegments - 1)), released.toByteArray());
    assertEquals(0, source.available(), "failure only at the end of the ciphertext");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 16, 17, 1000, SEGMENT - 1})
  void decrypt_truncatedInsideLastSegment_fails(int removed) throws Exception {
    byte[] pt = plaintext(5 * PER, 13);
    byte[] ct = encrypt(small, pt, CTX);
    byte[] cut = Arrays.copyOf(ct, ct.length - removed);
    for (Api api : Api.values()) {
      ByteArrayOutputStream released = new ByteArrayOutputStream();
      assertAuthenticationFailure(readAll(small, cut, CTX, api, 4096, released));
      assertTrue(released.size() < pt.length);
      assertArrayEquals(Arrays.copyOf(pt, released.size()), released.toByteArray());
    }
  }

  @Test
  void decrypt_reorderedSegments_fails() throws Exception {
    byte[] pt = plaintext(40_000, 14);
    byte[] ct = swapSegments(encrypt(small, pt, CTX), 2, 3);
    ByteArrayOutputStream released = new ByteArrayOutputStream();
    assertAuthenticationFailure(readAll(small, ct, CTX, Api.STREAM, 512, released));
    assertArrayEquals(Arrays.copyOf(pt, plaintextOfSegments(2)), released.toByteArray());
  }

  @Test
  void decrypt_segmentDuplicatedOrDropped_fails() throws Exception {
    byte[] pt = plaintext(40_000, 15);
    byte[] ct = encrypt(small, pt, CTX);
    byte[] dropped = concat(Arrays.copyOf(ct, 3 * SEGMENT), Arrays.copyOfRange(ct, 4 * SEGMENT, ct.length));
    byte[] duplicated = concat(Arrays.copyOf(ct, 4 * SEGMENT), Arrays.copyOfRange(ct, 3 * SEGMENT, ct.length));
    for (byte[] bad : List.of(dropped, duplicated)) {
      ByteArrayOutputStream released = new ByteArrayOutputStream();
      assertAuthenticationFailure(readAll(small, bad, CTX, Api.STREAM, 512, released));
      assertTrue(released.size() <= plaintextOfSegments(4), "released " + released.size());
      assertArrayEquals(Arrays.copyOf(pt, released.size()), released.toByteArray());
    }
  }

  @Test
  void decrypt_appendedData_fails() throws Exception {
    byte[] pt = plaintext(3 * PER, 16); // the last segment is partial
    byte[] ct = encrypt(small, pt, CTX);
    byte[] full = encrypt(small, plaintext(FIRST + PER, 17), CTX); // ends with a full segment
    List<byte[]> extended =
        List.of(
            concat(ct, new byte[] {0}),
            concat(ct, Arrays.copyOfRange(ct, ct.length - 40, ct.length)),
            concat(full, new byte[] {0}),
            concat(full, Arrays.copyOfRange(full, SEGMENT, 2 * SEGMENT)),
            concat(ct, encrypt(small, plaintext(100, 18), CTX)));
    for (byte[] bad : extended) {
      for (Api api : Api.values()) {
        assertAuthenticationFailure(readAll(small, bad, CTX, api, 4096, new ByteArrayOutputStream()));
      }
    }
  }

  @Test
  void decrypt_segmentFromAnotherStream_fails() throws Exception {
    byte[] pt = plaintext(40_000, 19);
    byte[] a = encrypt(small, pt, CTX);
    byte[] b = encrypt(small, pt, CTX); // same key, context and plaintext; another salt
    byte[] spliced = a.clone();
    System.arraycopy(b, 2 * SEGMENT, spliced, 2 * SEGMENT, SEGMENT);
    ByteArrayOutputStream released = new ByteArrayOutputStream();
    assertAuthenticationFailure(readAll(small, spliced, CTX, Api.STREAM, 4096, released));
    assertEquals(plaintextOfSegments(2), released.size());
  }

  @ParameterizedTest
  @CsvSource({
    "0, Malformed", "1, Malformed", "2, Malformed", "3, Malformed",
    "7, KeyNotFound", "8, Commitment", "39, Commitment",
    "41, Malformed",
    "42, Authentication", "73, Authentication", "80, Authentication", "81, Authentication", "500, Authentication"
  })
  void decrypt_headerOrFirstSegmentModified_failsTyped(int offset, String expected) throws Exception {
    byte[] ct = encrypt(small, plaintext(10_000, 20), CTX);
    ct[offset] ^= 0x01;
    switch (expected) {
      case "Malformed" ->
          assertThrows(MalformedCiphertextException.class, () -> small.newDecryptingStream(new ByteArrayInputStream(ct), CTX));
      case "KeyNotFound" ->
          assertThrows(KeyNotFoundException.class, () -> small.newDecryptingStream(new ByteArrayInputStream(ct), CTX));
      case "Commitment" ->
          assertThrows(DecryptionFailedException.class, () -> small.newDecryptingStream(new ByteArrayInputStream(ct), CTX));
      default -> {
        ByteArrayOutputStream released = new ByteArrayOutputStream();
        assertAuthenticationFailure(readAll(small, ct, CTX, Api.STREAM, 4096, released));
        assertEquals(0, released.size());
      }
    }
  }

  @Test
  void decrypt_segmentSizeFieldChanged_fails() throws Exception {
    byte[] ct = encrypt(small, plaintext(10_000, 21), CTX);
    byte[] larger = ct.clone();
    larger[40] = 13; // a valid size, but not the one the stream was made with: another key
    assertAuthenticationFailure(readAll(small, larger, CTX, Api.STREAM, 4096, new ByteArrayOutputStream()));
    for (int bad : new int[] {0, 11, 21, 255}) {
      byte[] invalid = ct.clone();
      invalid[40] = (byte) bad;
      assertThrows(MalformedCiphertextException.class, () -> small.newDecryptingStream(new ByteArrayInputStream(invalid), CTX));
    }
  }

  @Test
  void newDecryptingStream_notAStream_failsMalformed() throws Exception {
    byte[] oneShot = ring.encryptor().encrypt(plaintext(100, 22), CTX);
    byte[] genuine = encrypt(small, plaintext(100, 23), CTX);
    List<byte[]> inputs =
        List.of(new byte[0], new byte[] {0x57}, oneShot, plaintext(200, 24), Arrays.copyOf(genuine, 41), Arrays.copyOf(genuine, 80));
    for (byte[] input : inputs) {
      MalformedCiphertextException e =
          assertThrows(MalformedCiphertextException.class, () -> small.newDecryptingStream(new ByteArrayInputStream(input), CTX));
      assertTrue(!String.valueOf(e.getMessage()).isBlank());
      assertThrows(
          MalformedCiphertextException.class,
          () -> small.newDecryptingChannel(Channels.newChannel(new ByteArrayInputStream(input)), CTX));
      assertThrows(
          MalformedCiphertextException.class,
          () -> small.newSeekableDecryptingChannel(new ByteArraySeekableChannel(input), CTX));
    }
    assertTrue(String.valueOf(assertThrows(MalformedCiphertextException.class, () -> StreamHeader.parse(oneShot)).getMessage())
        .contains("one-shot"));
    // Both headers but no segment at all: the first (last) segment must still authenticate.
    assertAuthenticationFailure(readAll(small, Arrays.copyOf(genuine, 81), CTX, Api.STREAM, 10, new ByteArrayOutputStream()));
  }

  // ------------------------------------------------------------------ the caller's I/O failures

  @Test
  void decrypt_sourceFailure_passesThroughUntyped() throws Exception {
    byte[] ct = encrypt(small, plaintext(20_000, 25), CTX);
    IOException disk = new IOException("disk on fire");
    InputStream failing =
        new InputStream() {
          private int position;

          @Override
          public int read() throws IOException {
            if (position >= 2 * SEGMENT) {
              throw disk;
            }
            return ct[position++] & 0xff;
          }
        };
    InputStream in = small.newDecryptingStream(failing, CTX);
    IOException e = assertThrows(IOException.class, in::readAllBytes);
    assertSame(disk, e, "an I/O failure of the source is not a security failure");
  }

  @Test
  void encrypt_sinkFailure_outputNeverDecrypts() throws Exception {
    byte[] pt = plaintext(40_000, 26);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    IOException full = new IOException("no space left on device");
    OutputStream flaky =
        new OutputStream() {
          private boolean failedOnce;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (!failedOnce && captured.size() >= 3 * SEGMENT) {
              failedOnce = true;
              throw full;
            }
            captured.write(b, off, len);
          }
        };
    OutputStream enc = small.newEncryptingStream(flaky, CTX);
    IOException e = assertThrows(IOException.class, () -> enc.write(pt));
    assertSame(full, e);
    assertThrows(IOException.class, () -> enc.write(pt, 0, 10), "a broken stream refuses more data");
    enc.close(); // must not write a final segment

    ByteArrayOutputStream released = new ByteArrayOutputStream();
    assertAuthenticationFailure(readAll(small, captured.toByteArray(), CTX, Api.STREAM, 4096, released));
    assertTrue(released.size() < pt.length);
  }

  @Test
  void encrypt_notClosed_outputNeverDecrypts() throws Exception {
    byte[] pt = plaintext(10_000, 27);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream enc = small.newEncryptingStream(sink, CTX);
    enc.write(pt);
    enc.flush();
    assertAuthenticationFailure(readAll(small, sink.toByteArray(), CTX, Api.STREAM, 4096, new ByteArrayOutputStream()));
  }

  @Test
  void channels_nonBlocking_refused() throws Exception {
    Pipe pipe = Pipe.open();
    try (Pipe.SinkChannel sink = pipe.sink(); Pipe.SourceChannel source = pipe.source()) {
      sink.configureBlocking(false);
      source.configureBlocking(false);
      assertThrows(IllegalBlockingModeException.class, () -> small.newEncryptingChannel(sink, CTX));
      assertThrows(IllegalBlockingModeException.class, () -> small.newDecryptingChannel(source, CTX));
    }
  }

  @Test
  void streamingEncryptor_closedKeyRing_refused() throws Exception {
    StreamingEncryptor s = ring.streamingEncryptor();
    ring.close();
    assertThrows(IllegalStateException.class, ring::streamingEncryptor);
    assertThrows(IllegalStateException.class, () -> s.newEncryptingStream(new ByteArrayOutputStream(), CTX));
  }

  // ------------------------------------------------------------------ random access

  @Test
  void seekable_arbitraryRanges_equalPlaintextSlices() throws Exception {
    byte[] pt = plaintext(50_000, 28);
    Path file = dir.resolve("stream.bin");
    Files.write(file, encrypt(small, pt, CTX));
    Random r = new Random(29);
    try (SeekableByteChannel ch = small.newSeekableDecryptingChannel(FileChannel.open(file, StandardOpenOption.READ), CTX)) {
      assertEquals(pt.length, ch.size());
      List<int[]> ranges = new ArrayList<>();
      for (int boundary : new int[] {FIRST, FIRST + PER, FIRST + 5 * PER}) {
        ranges.add(new int[] {boundary - 1, 2});
        ranges.add(new int[] {boundary, PER});
        ranges.add(new int[] {boundary - 10, PER + 20});
      }
      ranges.add(new int[] {0, pt.length});
      ranges.add(new int[] {pt.length - 1, 1});
      for (int i = 0; i < 200; i++) {
        int pos = r.nextInt(pt.length);
        ranges.add(new int[] {pos, r.nextInt(Math.min(3 * SEGMENT, pt.length - pos)) + 1});
      }
      for (int[] range : ranges) {
        ch.position(range[0]);
        ByteBuffer dst = ByteBuffer.allocate(range[1]);
        while (dst.hasRemaining()) {
          assertTrue(ch.read(dst) > 0, "short read inside the plaintext");
        }
        assertArrayEquals(Arrays.copyOfRange(pt, range[0], range[0] + range[1]), dst.array(),
            () -> "range " + range[0] + "+" + range[1]);
        assertEquals(range[0] + range[1], ch.position());
      }
      ch.position(pt.length);
      assertEquals(-1, ch.read(ByteBuffer.allocate(10)));
      ch.position(pt.length + 12_345L);
      assertEquals(-1, ch.read(ByteBuffer.allocate(10)));
      assertThrows(IllegalArgumentException.class, () -> ch.position(-1));
    }
  }

  @Test
  void seekable_defaultSegments_rangesAcrossMebibyteBoundaries() throws Exception {
    StreamingEncryptor s = ring.streamingEncryptor();
    byte[] pt = plaintext(3 * (1 << 20) + 999, 30);
    try (SeekableByteChannel ch = s.newSeekableDecryptingChannel(new ByteArraySeekableChannel(encrypt(s, pt, CTX)), CTX)) {
      int firstPlaintext = (1 << 20) - 16 - 81;
      for (int pos : new int[] {0, firstPlaintext - 3, firstPlaintext + (1 << 20) - 16 - 5, pt.length - 100}) {
        ch.position(pos);
        ByteBuffer dst = ByteBuffer.allocate(Math.min(64, pt.length - pos));
        while (dst.hasRemaining()) {
          ch.read(dst);
        }
        assertArrayEquals(Arrays.copyOfRange(pt, pos, pos + dst.capacity()), dst.array());
      }
    }
  }

  @Test
  void seekable_tamperedSegment_detectedWhenReached() throws Exception {
    byte[] pt = plaintext(50_000, 31);
    byte[] ct = encrypt(small, pt, CTX);
    ct[5 * SEGMENT + 2000] ^= 0x08; // segment 5: plaintext [FIRST + 4 * PER, FIRST + 5 * PER)
    int badStart = plaintextOfSegments(5);
    ks.events.clear();
    try (SeekableByteChannel ch = small.newSeekableDecryptingChannel(new ByteArraySeekableChannel(ct), CTX)) {
      // Segments before and after the bad one read fine.
      for (int pos : new int[] {0, badStart - 100, badStart + PER, pt.length - 50}) {
        ch.position(pos);
        ByteBuffer dst = ByteBuffer.allocate(50);
        while (dst.hasRemaining()) {
          ch.read(dst);
        }
        assertArrayEquals(Arrays.copyOfRange(pt, pos, pos + 50), dst.array());
      }
      // A range running into the bad segment yields its good part, then fails with nothing more.
      ch.position(badStart - 30);
      ByteBuffer dst = ByteBuffer.allocate(100);
      assertEquals(30, ch.read(dst));
      assertArrayEquals(Arrays.copyOfRange(pt, badStart - 30, badStart), Arrays.copyOf(dst.array(), 30));
      assertAuthenticationFailure(assertThrows(IOException.class, () -> ch.read(dst)));
      assertEquals(30, dst.position(), "no bytes of the bad segment");
      // Inside the bad segment, every read fails.
      ch.position(badStart + 1000);
      ByteBuffer inside = ByteBuffer.allocate(10);
      assertAuthenticationFailure(assertThrows(IOException.class, () -> ch.read(inside)));
      assertEquals(0, inside.position());
    }
    assertEquals(2, ks.events.ofType(CryptoEvents.DECRYPT_FAILED).size());
  }

  @Test
  void seekable_truncatedAtSegmentBoundary_failsAtLastSegment() throws Exception {
    byte[] pt = plaintext(50_000, 32);
    byte[] cut = Arrays.copyOf(encrypt(small, pt, CTX), 6 * SEGMENT);
    try (SeekableByteChannel ch = small.newSeekableDecryptingChannel(new ByteArraySeekableChannel(cut), CTX)) {
      assertEquals(plaintextOfSegments(6), ch.size(), "size() believes the (unverified) length");
      ByteBuffer early = ByteBuffer.allocate(100);
      ch.read(early);
      assertArrayEquals(Arrays.copyOf(pt, 100), early.array());
      ch.position(ch.size() - 10);
      assertAuthenticationFailure(assertThrows(IOException.class, () -> ch.read(ByteBuffer.allocate(10))));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 15})
  void seekable_impossibleLength_failsMalformed(int lastSegmentBytes) throws Exception {
    byte[] ct = encrypt(small, plaintext(3 * PER, 33), CTX);
    byte[] odd = Arrays.copyOf(ct, 3 * SEGMENT + lastSegmentBytes);
    assertThrows(MalformedCiphertextException.class, () -> small.newSeekableDecryptingChannel(new ByteArraySeekableChannel(odd), CTX));
  }

  // ------------------------------------------------------------------ concurrency

  @Test
  void encryptDecrypt_concurrentThreadsOneEncryptor_allRoundTrip() throws Exception {
    StreamingEncryptor shared = small;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        tasks.add(
            pool.submit(
                () -> {
                  Random r = new Random(thread);
                  for (int i = 0; i < 25; i++) {
                    EncryptionContext ctx = EncryptionContext.of(thread % 2 == 0 ? "acme" : "globex", "p", "t" + thread + "-" + i);
                    byte[] pt = plaintext(r.nextInt(3 * SEGMENT), r.nextLong());
                    byte[] ct = encrypt(shared, pt, ctx);
                    assertArrayEquals(pt, i % 2 == 0 ? decryptStream(shared, ct, ctx) : decryptSeekable(shared, ct, ctx));
                  }
                  return null;
                }));
      }
      // Rotations while the threads work: old keys stay enabled, so every stream still decrypts.
      for (int i = 0; i < 3; i++) {
        ring.rotate(ACME);
      }
      for (Future<?> f : tasks) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void header_parse_readsFields() throws Exception {
    byte[] ct = encrypt(ring.streamingEncryptor(), plaintext(10, 34), CTX);
    StreamHeader h = StreamHeader.parse(ct);
    assertTrue(StreamHeader.hasMagic(ct));
    assertTrue(!StreamHeader.hasMagic(ring.encryptor().encrypt(new byte[1], CTX)));
    assertEquals(1, h.formatVersion());
    assertEquals(ring.keys(ACME).get(0).keyId(), h.keyId());
    assertEquals(1 << 20, h.segmentSize());
    assertTrue(h.toString().contains(Long.toString(h.keyId())));
  }
}
