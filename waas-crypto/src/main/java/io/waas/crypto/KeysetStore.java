package io.waas.crypto;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * SPI: where a {@link KeyRing} keeps its wrapped keysets, as named opaque blobs. Blobs are already
 * encrypted and authenticated by the {@link KeyEncryptionKey}; the store only has to keep them
 * durably and replace them atomically. {@link DirectoryKeysetStore} is the embedded default; a
 * database table is a natural alternative.
 *
 * <p>Names are 1 to 200 characters of {@code a-z 0-9 . -}, starting with a letter or digit.
 *
 * <p>Implementations must be thread-safe.
 */
public interface KeysetStore {
  /**
   * Reads a blob.
   *
   * @param name the blob name
   * @return its content, or empty if there is no such blob
   * @throws IOException if the store cannot be read
   */
  Optional<byte[]> read(String name) throws IOException;

  /**
   * Creates or replaces a blob atomically: after a crash at any point, a reader sees either the
   * whole old content or the whole new content.
   *
   * @param name the blob name
   * @param content the new content
   * @throws IOException if the write fails; the old content is then intact
   */
  void write(String name, byte[] content) throws IOException;

  /**
   * Replaces a blob as {@link #write} does, and additionally makes a best effort to overwrite the
   * storage that held the old content. Used when keys are destroyed.
   *
   * @param name the blob name
   * @param content the new content
   * @throws IOException if the write fails
   */
  default void replaceAndScrub(String name, byte[] content) throws IOException {
    write(name, content);
  }

  /**
   * Lists the names of all blobs.
   *
   * @return the names, in no particular order
   * @throws IOException if the store cannot be listed
   */
  List<String> list() throws IOException;

  /**
   * Takes the store's exclusive update lock, across threads and, where the store supports it,
   * across processes. Key changes (create, rotate, destroy) run under it.
   *
   * @return the held lock; closing releases it
   * @throws IOException if the lock cannot be taken
   */
  Closeable lock() throws IOException;
}
