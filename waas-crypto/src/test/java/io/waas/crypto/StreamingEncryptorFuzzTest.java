package io.waas.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.waas.core.WaasSecurityException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Decrypting arbitrary and mangled streams: nothing but the SDK's typed exceptions ever comes out
 * (a {@link WaasSecurityException} from the factory, a {@link CiphertextStreamException} carrying
 * one from a read), and every plaintext byte that does come out is genuine, in order.
 *
 * <p>The first input byte picks how the candidate is built (bits 0-2) and which API reads it
 * (bits 3-4), so the fuzzer reaches past the header parser into key lookup, the commitment check
 * and Tink's segment decryption. Streams use 4 KiB segments so that a few kilobytes span several.
 * In a normal build these run once per committed seed (see {@code StreamingEncryptorFuzzTestInputs}
 * in the test resources); with {@code -Pfuzz} Jazzer mutates inputs for real.
 */
class StreamingEncryptorFuzzTest {
  private static final EncryptionContext FIXED = EncryptionContext.of("fuzz-tenant", "fuzz.stream", "rec-1");
  private static final int SEGMENT = 1 << 12;
  private static final byte[] PLAINTEXT = new byte[20_000];

  static {
    new Random(2026).nextBytes(PLAINTEXT);
  }

  private static @Nullable TempKeyRings rings;
  private static @Nullable StreamingEncryptor streaming;
  private static byte @Nullable [] genuine;
  private static byte @Nullable [] otherGenuine;

  @BeforeAll
  static void openRings() throws Exception {
    TempKeyRings r = new TempKeyRings();
    rings = r;
    StreamingEncryptor s = new KeyRingStreamingEncryptor(r.ring(AeadAlgorithm.AES_256_GCM), 12);
    streaming = s;
    genuine = encrypt(s);
    otherGenuine = encrypt(s); // same key, context and plaintext, another salt
  }

  @AfterAll
  static void closeRings() {
    if (rings != null) {
      rings.close();
      rings = null;
    }
  }

  private static byte[] encrypt(StreamingEncryptor s) throws GeneralSecurityException, IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream enc = s.newEncryptingStream(out, FIXED)) {
      enc.write(PLAINTEXT);
    }
    return out.toByteArray();
  }

  @FuzzTest
  void decrypt_arbitraryBytes_throwsOnlyTypedExceptions(byte[] input) throws Exception {
    StreamingEncryptor s = Objects.requireNonNull(streaming, "not set up");
    byte[] real = Objects.requireNonNull(genuine);
    byte[] other = Objects.requireNonNull(otherGenuine);
    int selector = input.length == 0 ? 0 : input[0] & 0xff;
    byte[] rest = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
    byte[] candidate =
        switch (selector & 7) {
          case 0 -> rest; // anything at all
          case 1 -> concat(Arrays.copyOf(real, StreamHeader.LENGTH), rest); // key found, commitment matches
          case 2 -> concat(Arrays.copyOf(real, 81), rest); // both headers real: Tink decrypts fuzz segments
          case 3 -> xorInto(real, rest); // genuine, changed and maybe extended
          case 4 -> Arrays.copyOf(real, u16(rest, 0) % (real.length + 1)); // genuine, truncated
          case 5 -> swapSegments(real, u16(rest, 0), u16(rest, 2)); // genuine, two segments swapped
          case 6 -> concat(real, rest); // genuine with data appended
          default -> spliceSegment(real, other, u16(rest, 0)); // one segment from another stream
        };
    int api = (selector >>> 3) & 3;

    ByteArrayOutputStream released = new ByteArrayOutputStream();
    boolean failed = true;
    try {
      read(s, candidate, api, released);
      failed = false;
    } catch (WaasSecurityException e) {
      assertEquals(0, released.size(), "the factory threw after releasing plaintext");
    } catch (CiphertextStreamException e) {
      Objects.requireNonNull(e.securityCause(), "typed cause");
    } catch (GeneralSecurityException e) {
      throw new AssertionError("a non-SDK security exception", e);
    } catch (IOException e) {
      throw new AssertionError("an untyped IOException from an in-memory source", e);
    }
    byte[] out = released.toByteArray();
    // Whatever came out is genuine plaintext, from the start, in order.
    assertArrayEquals(Arrays.copyOf(PLAINTEXT, Math.min(out.length, PLAINTEXT.length)), out, "released bytes");
    if (!failed) {
      assertArrayEquals(real, candidate, "a changed stream decrypted to the end");
      assertArrayEquals(PLAINTEXT, out);
    }
  }

  private static void read(StreamingEncryptor s, byte[] candidate, int api, ByteArrayOutputStream released)
      throws GeneralSecurityException, IOException {
    switch (api) {
      case 0, 3 -> {
        try (InputStream in = s.newDecryptingStream(new ByteArrayInputStream(candidate), FIXED)) {
          byte[] buf = new byte[api == 0 ? 4096 : 777];
          for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            released.write(buf, 0, n);
          }
        }
      }
      case 1 -> {
        try (ReadableByteChannel ch =
            s.newDecryptingChannel(Channels.newChannel(new ByteArrayInputStream(candidate)), FIXED)) {
          ByteBuffer buf = ByteBuffer.allocate(5000);
          while (ch.read(buf) >= 0) {
            released.write(buf.array(), 0, buf.position());
            buf.clear();
          }
        }
      }
      default -> {
        try (SeekableByteChannel ch = s.newSeekableDecryptingChannel(new ByteArraySeekableChannel(candidate), FIXED)) {
          ByteBuffer buf = ByteBuffer.allocate(3000);
          while (ch.read(buf) >= 0) {
            released.write(buf.array(), 0, buf.position());
            buf.clear();
          }
        }
      }
    }
  }

  private static int u16(byte[] b, int at) {
    return b.length < at + 2 ? 0 : ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
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

  private static byte[] swapSegments(byte[] ct, int a, int b) {
    int full = ct.length / SEGMENT; // segments that start at a multiple of SEGMENT and are full
    if (full < 2) {
      return ct.clone();
    }
    int x = 1 + a % (full - 1);
    int y = 1 + b % (full - 1);
    byte[] out = ct.clone();
    System.arraycopy(ct, x * SEGMENT, out, y * SEGMENT, SEGMENT);
    System.arraycopy(ct, y * SEGMENT, out, x * SEGMENT, SEGMENT);
    return out;
  }

  private static byte[] spliceSegment(byte[] ct, byte[] from, int which) {
    int segments = (ct.length + SEGMENT - 1) / SEGMENT;
    int k = which % segments;
    int start = k == 0 ? 81 : k * SEGMENT;
    int end = Math.min(ct.length, (k + 1) * SEGMENT);
    byte[] out = ct.clone();
    System.arraycopy(from, start, out, start, end - start);
    return out;
  }
}
