package io.waas.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;

/**
 * Reading bounded inputs and writing outputs atomically, so that a failed or interrupted command
 * never leaves a partial file, and in particular never partial plaintext.
 */
final class SafeFiles {
  private SafeFiles() {}

  /**
   * Reads a whole file, refusing ones larger than {@code maxBytes}. The limit is enforced on the
   * bytes actually read, not the size the file system reports, so pipes and growing files cannot
   * get past it.
   *
   * @param file the file
   * @param maxBytes the largest accepted size
   * @param what what the file is, for the error message
   * @return the content
   * @throws IOException if it cannot be read
   * @throws CommandFailedException if it is a directory or too large
   */
  static byte[] readLimited(Path file, long maxBytes, String what) throws IOException {
    if (Files.isDirectory(file)) {
      throw new CommandFailedException(ExitCodes.USAGE, what + " " + file + " is a directory");
    }
    int limit = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes(limit);
      if (in.read() != -1) {
        java.util.Arrays.fill(content, (byte) 0);
        throw new CommandFailedException(
            ExitCodes.USAGE,
            what + " " + file + " is larger than " + describe(maxBytes)
                + ", the most that is encrypted in memory; use --streaming for larger files");
      }
      return content;
    }
  }

  /**
   * Fails early, before any work, if {@code target} exists and may not be replaced. {@link
   * #writeAtomically} checks again at the last moment.
   *
   * @param target the output file
   * @param replace whether replacing is allowed (--force)
   */
  static void checkWritable(Path target, boolean replace) {
    if (Files.isDirectory(target)) {
      throw new CommandFailedException(ExitCodes.USAGE, "output " + target + " is a directory");
    }
    if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new CommandFailedException(
          ExitCodes.USAGE, "output file " + target + " already exists; use --force to replace it");
    }
  }

  /** Produces a file's content into a stream; {@link #writeAtomically} publishes it only if this returns. */
  @FunctionalInterface
  interface ContentWriter {
    /**
     * Writes the whole content.
     *
     * @param out where it goes; closing it is allowed and does not end the write
     * @throws IOException if producing or writing the content fails
     * @throws GeneralSecurityException if producing the content fails a security check
     */
    void writeTo(OutputStream out) throws IOException, GeneralSecurityException;
  }

  /**
   * Writes {@code content} to {@code target} atomically, as {@link #writeAtomically(Path, boolean,
   * ContentWriter)} does.
   *
   * @param target the output file
   * @param content what to write
   * @param replace whether an existing file may be replaced
   * @throws IOException if writing fails
   */
  static void writeAtomically(Path target, byte[] content, boolean replace) throws IOException {
    try {
      writeAtomically(target, replace, out -> out.write(content));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("writing a byte array cannot fail a security check", e);
    }
  }

  /**
   * Writes the content {@code writer} produces to {@code target} atomically: to a temporary file
   * in the same directory (owner-only readable), flushed to disk, then renamed into place and the
   * directory flushed. Readers see the old file or the complete new one. If {@code writer} throws,
   * the temporary file is deleted and nothing appears: this is what keeps a stream that fails
   * authentication half-way from leaving partial plaintext behind.
   *
   * <p>Limit: a process killed with SIGKILL (or a power loss) while writing can leave the hidden,
   * owner-only temporary file {@code .<name>.<random>.tmp} next to the target; nothing else.
   *
   * @param target the output file
   * @param replace whether an existing file may be replaced; without it the file is linked into
   *     place, which fails atomically if a file appeared meanwhile
   * @param writer produces the content
   * @throws IOException if writing fails
   * @throws GeneralSecurityException if the writer fails a security check
   */
  static void writeAtomically(Path target, boolean replace, ContentWriter writer)
      throws IOException, GeneralSecurityException {
    checkWritable(target, replace);
    Path file = target.toAbsolutePath().normalize();
    Path dir = file.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new CommandFailedException(
          ExitCodes.STORE_OR_IO, "output directory " + (dir == null ? "/" : dir) + " does not exist");
    }
    // On POSIX systems createTempFile makes the file rw------- (not subject to the umask).
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    // Covers Ctrl-C and kill (TERM) while writing; a no-op once the file has been renamed.
    tmp.toFile().deleteOnExit();
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        // The writer may close what it gets (an encrypting stream closes its sink): keep the
        // channel open for the flush to disk below.
        OutputStream out =
            new FilterOutputStream(Channels.newOutputStream(ch)) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
              }

              @Override
              public void close() throws IOException {
                flush();
              }
            };
        writer.writeTo(out);
        ch.force(true);
      }
      if (replace) {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        linkWithoutReplacing(tmp, file);
      }
      syncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A hard link fails if the target exists, unlike rename, which silently replaces it. */
  private static void linkWithoutReplacing(Path tmp, Path file) throws IOException {
    try {
      Files.createLink(file, tmp);
    } catch (FileAlreadyExistsException e) {
      throw new CommandFailedException(
          ExitCodes.USAGE, "output file " + file + " already exists; use --force to replace it");
    } catch (UnsupportedOperationException | IOException e) {
      // File systems without hard links: check, then rename; the window is tiny, not closed.
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new CommandFailedException(
            ExitCodes.USAGE, "output file " + file + " already exists; use --force to replace it");
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Makes the rename durable. Best effort: not every platform can open a directory. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // The data itself is synced; only the rename's durability is at stake.
    }
  }

  /**
   * Formats a byte count for messages.
   *
   * @param bytes the count
   * @return for example {@code 256 MiB} or {@code 1234 bytes}
   */
  static String describe(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    return bytes + (bytes == 1 ? " byte" : " bytes");
  }
}
