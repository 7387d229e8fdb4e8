package io.waas.crypto.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Crash-safe file replacement: write a temporary file in the same directory, fsync it, rename it
 * over the target, fsync the directory. A crash at any point leaves the target either untouched or
 * fully replaced; at worst a stray temporary file (named {@code .*.tmp}) remains, which {@link
 * #removeStaleTemporaries} deletes.
 */
public final class AtomicFiles {
  /** Steps at which a test hook may simulate a crash. */
  public enum Step {
    /** The temporary file exists but is empty. */
    CREATED,
    /** Half the data is written. */
    HALF_WRITTEN,
    /** All data is written but not yet synced. */
    WRITTEN,
    /** The temporary file is synced but not renamed. */
    SYNCED,
    /** The rename happened; the directory is not yet synced. */
    RENAMED
  }

  /** Called between steps; tests throw from it to simulate a crash. */
  @FunctionalInterface
  public interface StepHook {
    /** Called after {@code step}. */
    void after(Step step) throws IOException;
  }

  /** The hook that does nothing. */
  public static final StepHook NO_HOOK = step -> {};

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final java.util.regex.Pattern TEMPORARY =
      java.util.regex.Pattern.compile("\\..+\\.[0-9a-f]{12}\\.tmp");
  private static final Set<PosixFilePermission> OWNER_RW =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> OWNER_RWX =
      EnumSet.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE);

  private AtomicFiles() {}

  /**
   * Atomically replaces (or creates) {@code target} with {@code data}, owner-only readable.
   *
   * @param target the file
   * @param data its new content
   * @param hook test hook
   * @throws IOException if writing fails; the target is then unchanged
   */
  public static void write(Path target, byte[] data, StepHook hook) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null) {
      throw new IOException("no parent directory for " + target);
    }
    Path tmp =
        dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(randomBytes()) + ".tmp");
    boolean renamed = false;
    try {
      try (FileChannel ch =
          FileChannel.open(
              tmp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(dir))) {
        hook.after(Step.CREATED);
        ByteBuffer buf = ByteBuffer.wrap(data);
        buf.limit(data.length / 2);
        writeFully(ch, buf);
        hook.after(Step.HALF_WRITTEN);
        buf.limit(data.length);
        writeFully(ch, buf);
        hook.after(Step.WRITTEN);
        ch.force(true);
      }
      hook.after(Step.SYNCED);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      renamed = true;
      hook.after(Step.RENAMED);
      syncDirectory(dir);
    } catch (IOException e) {
      if (!renamed) {
        Files.deleteIfExists(tmp);
      }
      throw e;
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return b;
  }

  /**
   * Creates {@code dir} (and parents) with owner-only permissions where the file system supports
   * POSIX permissions.
   *
   * @param dir the directory
   * @throws IOException if it cannot be created
   */
  public static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      if (supportsPosix(parent == null ? dir : parent)) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  /**
   * Deletes temporary files left by interrupted writes.
   *
   * @param dir the directory
   * @return how many were deleted
   * @throws IOException if the directory cannot be listed
   */
  public static int removeStaleTemporaries(Path dir) throws IOException {
    int n = 0;
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        // Only names this class makes: ".<target>.<12 hex>.tmp". Nothing else is ever deleted.
        if (TEMPORARY.matcher(p.getFileName().toString()).matches() && Files.deleteIfExists(p)) {
          n++;
        }
      }
    }
    return n;
  }


  /**
   * Fsyncs a directory so a rename in it is durable (a no-op where the platform cannot).
   *
   * @param dir the directory
   */
  public static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Windows and some file systems cannot open or sync directories; the rename is still atomic.
    }
  }

  /**
   * Opens (creating owner-only if needed) a file used only for locking.
   *
   * @param file the lock file
   * @return a writable channel
   * @throws IOException if it cannot be opened
   */
  public static FileChannel openLockFile(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    return FileChannel.open(
        file,
        EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        ownerOnly(dir == null ? file : dir));
  }

  private static FileAttribute<?>[] ownerOnly(Path dir) {
    return supportsPosix(dir)
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)}
        : new FileAttribute<?>[0];
  }

  static boolean supportsPosix(Path p) {
    return p.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
