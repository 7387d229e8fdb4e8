package io.waas.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.security.GeneralSecurityException;

/**
 * Authenticated encryption of data too large to hold in memory (site assets, backups, training
 * datasets), in constant memory whatever its size, bound to an {@link EncryptionContext} and
 * rotating and shredding with the context's scope exactly like {@link DataEncryptor} ciphertexts.
 * Obtain one from {@link KeyRing#streamingEncryptor()}.
 *
 * <pre>{@code
 * StreamingEncryptor streaming = keys.streamingEncryptor();
 * EncryptionContext ctx = EncryptionContext.of("acme", "backup.db", "2026-11-24");
 * try (OutputStream out = streaming.newEncryptingStream(Files.newOutputStream(file), ctx)) {
 *   database.dumpTo(out);
 * }                                                   // close() writes the final segment
 * try (InputStream in = streaming.newDecryptingStream(Files.newInputStream(file), ctx)) {
 *   in.transferTo(restoreTarget);                     // provisional until read() returns -1
 * }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Confidentiality and integrity: the plaintext is cut into segments of 1 MiB of ciphertext,
 *       each encrypted with AES-256-GCM under a key derived (HKDF-SHA256) for this stream alone
 *       from the scope's data key, a random 256-bit salt and the associated data; each segment's
 *       nonce holds its index and whether it is the last one (Tink's {@code AesGcmHkdfStreaming}).
 *       Modified bytes, segments swapped, dropped, duplicated or moved from another stream, and
 *       data appended after the end are all detected.
 *   <li>Context binding: the whole context (and the SDK header: key id, commitment, segment size)
 *       is associated data; decrypting with any other tenant, subject, purpose, record id or
 *       attribute fails.
 *   <li>Key commitment: the header carries a 256-bit commitment to the data key, compared in
 *       constant time before anything is decrypted, so a stream is valid under exactly one key.
 *   <li>No unauthenticated plaintext: a decrypting stream releases a segment's bytes only after
 *       that segment's tag verified. After a failure it releases nothing more.
 *   <li>Rotation: a stream names its key id, so it still decrypts after {@link KeyRing#rotate};
 *       disabled, destroyed and shredded keys fail with the {@link
 *       io.waas.core.KeyUnavailableException} subclasses.
 * </ul>
 *
 * <h2>Limits: read this before using decrypted output</h2>
 *
 * <ul>
 *   <li><b>Output is provisional until end of stream.</b> Each segment is authenticated on its
 *       own, so plaintext comes out while later segments are still unread. A stream cut off
 *       exactly at a segment boundary is detected only when the reader reaches the end (the
 *       segment before the cut was not encrypted as the last one): {@code read} then throws
 *       instead of returning {@code -1}. Treat everything read as unconfirmed until {@code read}
 *       returned {@code -1} (or the seekable channel's last segment was read), and write it to a
 *       temporary place that is published only then, as {@code waas decrypt} does.
 *   <li><b>Random access verifies only what it reads.</b> A seekable channel checks each segment
 *       it decrypts; {@link SeekableByteChannel#size()} comes from the ciphertext's length and is
 *       confirmed only by reading the last segment.
 *   <li>Not hidden: the plaintext's length (ciphertext = plaintext + 81 bytes + 16 bytes per
 *       segment), the key id, and whether two streams share a key.
 *   <li>At most 2<sup>32</sup> segments (4 PiB) per stream.
 *   <li>Streams and channels must be blocking. Each stream or channel object is meant for one
 *       thread at a time (its methods are synchronized).
 * </ul>
 *
 * <h2>Failures</h2>
 *
 * <p>The {@code new...} methods read or write the header at once and throw the typed {@link
 * GeneralSecurityException}s for what the header reveals: not a stream ({@link
 * MalformedCiphertextException}), unknown, disabled or destroyed key, commitment mismatch ({@link
 * DecryptionFailedException}). Everything found later, inside the data (tampering, truncation,
 * wrong context), surfaces from {@code read}, {@code write} or {@code close}, which the Java API
 * limits to {@link IOException}: it is then a {@link CiphertextStreamException} whose {@link
 * CiphertextStreamException#securityCause() cause} is the typed failure. Any other {@code
 * IOException} came from the underlying stream or channel.
 *
 * <p>Implementations are thread-safe: one encryptor may open any number of streams from any
 * number of threads.
 */
public interface StreamingEncryptor {
  /**
   * Starts encrypting to {@code ciphertext} under the primary key of the context's scope, creating
   * the scope's first key if the key ring allows it. Writes the header at once. Closing the
   * returned stream writes the final segment and closes {@code ciphertext}; a stream that is not
   * closed is truncated and will not decrypt.
   *
   * @param ciphertext where the ciphertext goes
   * @param context what the data is and whose
   * @return a stream that takes the plaintext
   * @throws io.waas.core.KeyDestroyedException if the scope was crypto-shredded
   * @throws io.waas.core.KeyUnavailableException if the scope has no usable primary key
   * @throws KeyStoreAccessException if the key store cannot be read or written
   * @throws GeneralSecurityException for other cryptographic failures
   * @throws IOException if writing the header fails
   */
  OutputStream newEncryptingStream(OutputStream ciphertext, EncryptionContext context)
      throws GeneralSecurityException, IOException;

  /**
   * Starts decrypting a stream made by this interface with the same context. Reads and checks the
   * header at once; segments are read and authenticated as the plaintext is read.
   *
   * @param ciphertext the ciphertext, from its first byte
   * @param context the context given at encryption
   * @return a stream of the plaintext; see the class comment: provisional until it returns -1
   * @throws MalformedCiphertextException if the input does not start with a stream header
   * @throws DecryptionFailedException if the key commitment does not match the key it names
   * @throws io.waas.core.KeyNotFoundException if the key it names is unknown in the scope
   * @throws io.waas.core.KeyDisabledException if that key is disabled
   * @throws io.waas.core.KeyDestroyedException if that key was destroyed (crypto-shredded)
   * @throws KeyStoreAccessException if the key store cannot be read
   * @throws GeneralSecurityException for other cryptographic failures
   * @throws IOException if reading the header fails
   */
  InputStream newDecryptingStream(InputStream ciphertext, EncryptionContext context)
      throws GeneralSecurityException, IOException;

  /**
   * Channel form of {@link #newEncryptingStream}. Closing the returned channel writes the final
   * segment and closes {@code ciphertext}.
   *
   * @param ciphertext a blocking channel where the ciphertext goes
   * @param context what the data is and whose
   * @return a channel that takes the plaintext
   * @throws java.nio.channels.IllegalBlockingModeException if {@code ciphertext} is non-blocking
   * @throws io.waas.core.KeyDestroyedException if the scope was crypto-shredded
   * @throws io.waas.core.KeyUnavailableException if the scope has no usable primary key
   * @throws KeyStoreAccessException if the key store cannot be read or written
   * @throws GeneralSecurityException for other cryptographic failures
   * @throws IOException if writing the header fails
   */
  WritableByteChannel newEncryptingChannel(WritableByteChannel ciphertext, EncryptionContext context)
      throws GeneralSecurityException, IOException;

  /**
   * Channel form of {@link #newDecryptingStream}.
   *
   * @param ciphertext a blocking channel positioned at the ciphertext's first byte
   * @param context the context given at encryption
   * @return a channel of the plaintext; provisional until it returns -1
   * @throws java.nio.channels.IllegalBlockingModeException if {@code ciphertext} is non-blocking
   * @throws MalformedCiphertextException if the input does not start with a stream header
   * @throws DecryptionFailedException if the key commitment does not match the key it names
   * @throws io.waas.core.KeyUnavailableException if the key it names is unknown, disabled or
   *     destroyed
   * @throws KeyStoreAccessException if the key store cannot be read
   * @throws GeneralSecurityException for other cryptographic failures
   * @throws IOException if reading the header fails
   */
  ReadableByteChannel newDecryptingChannel(ReadableByteChannel ciphertext, EncryptionContext context)
      throws GeneralSecurityException, IOException;

  /**
   * Opens a random-access, read-only view of the plaintext of a stream stored in a seekable
   * channel (for example a {@link java.nio.channels.FileChannel}). The whole channel, from
   * position 0 to its size, must be the ciphertext. Reading at a position decrypts and
   * authenticates only the segments that hold it (one segment is kept decrypted), so any range
   * costs at most its length plus two segments to read. The returned channel's {@code size()} is
   * the plaintext size implied by the ciphertext length; it is verified only once the last
   * segment has been read. Closing it closes {@code ciphertext}.
   *
   * @param ciphertext the ciphertext channel
   * @param context the context given at encryption
   * @return a read-only seekable channel of the plaintext
   * @throws MalformedCiphertextException if the input is not a stream, or its length is
   *     impossible for one (cut inside a tag)
   * @throws DecryptionFailedException if the key commitment does not match the key it names
   * @throws io.waas.core.KeyUnavailableException if the key it names is unknown, disabled or
   *     destroyed
   * @throws KeyStoreAccessException if the key store cannot be read
   * @throws GeneralSecurityException for other cryptographic failures
   * @throws IOException if reading the header or the size fails
   */
  SeekableByteChannel newSeekableDecryptingChannel(SeekableByteChannel ciphertext, EncryptionContext context)
      throws GeneralSecurityException, IOException;
}
