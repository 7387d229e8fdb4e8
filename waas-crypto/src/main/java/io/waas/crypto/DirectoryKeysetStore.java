package io.waas.crypto;

import io.waas.crypto.internal.AtomicFiles;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link KeysetStore}: one file per blob in a local directory.
 *
 * <p><b>Guarantees:</b> the directory and its files are created owner-only ({@code rwx------},
 * {@code rw-------}) on POSIX file systems. Every write goes to a temporary file that is fsynced
 * and then atomically renamed over the old file, and the directory is fsynced, so a crash or power
 * loss at any moment leaves each file either old or new, never partial. Temporary files left by a
 * crash are deleted when the store is opened. Updates are serialized across threads by an
 * in-process lock and across processes by a lock file ({@code .lock}). A new store's directory is
 * marked with a {@code .waas-keystore} file; a non-empty directory without it is refused, so a
 * mistyped path is never written to. An existing store directory that group or others can access
 * is reported as a warning in the log.
 *
 * <p><b>Limits:</b> {@link #replaceAndScrub} overwrites the old file's blocks before releasing
 * them, but journaling, copy-on-write file systems, SSD wear levelling, snapshots and backups may
 * keep old copies; those copies stay encrypted under the key-encryption key.
 *
 * <p>Thread-safe.
 */
public final class DirectoryKeysetStore implements KeysetStore {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryKeysetStore.class);
  /** Hidden, so it is never listed as a blob; its presence marks a directory as a key store. */
  private static final String MARKER = ".waas-keystore";
  private static final byte[] MARKER_CONTENT =
      "WaaS Security SDK key store, directory format 1\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,199}");
  private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  private final Path dir;
  private final AtomicFiles.StepHook hook;

  private DirectoryKeysetStore(Path dir, AtomicFiles.StepHook hook) {
    this.dir = dir;
    this.hook = hook;
  }

  /**
   * Opens (creating if needed) a store in {@code directory}.
   *
   * @param directory the directory; created owner-only if missing; must be empty or a key store
   * @return the store
   * @throws IOException if the directory cannot be created or read, or is a non-empty directory
   *     that is not a key store
   */
  public static DirectoryKeysetStore open(Path directory) throws IOException {
    return open(directory, AtomicFiles.NO_HOOK);
  }

  static DirectoryKeysetStore open(Path directory, AtomicFiles.StepHook hook) throws IOException {
    Path dir = directory.toAbsolutePath().normalize();
    AtomicFiles.createPrivateDirectories(dir);
    DirectoryKeysetStore store = new DirectoryKeysetStore(dir.toRealPath(), hook);
    // Under the update lock: another thread or process may be in the middle of an atomic write,
    // and its temporary file is not stale.
    try (Closeable lock = store.lock()) {
      store.claimDirectory();
      AtomicFiles.removeStaleTemporaries(store.dir);
    }
    return store;
  }

  /**
   * Marks an empty directory as a key store, or checks that it is one. A non-empty directory
   * without the marker is refused, so a mistyped path (a home directory, say) is never written to.
   */
  private void claimDirectory() throws IOException {
    Path marker = dir.resolve(MARKER);
    if (Files.isRegularFile(marker)) {
      warnIfShared();
      return;
    }
    try (var entries = Files.list(dir)) {
      boolean foreign =
          entries.anyMatch(p -> !p.getFileName().toString().equals(".lock"));
      if (foreign) {
        throw new IOException(
            "directory " + dir + " is not empty and is not a WaaS key store; refusing to use it");
      }
    }
    AtomicFiles.write(marker, MARKER_CONTENT, AtomicFiles.NO_HOOK);
  }

  private void warnIfShared() throws IOException {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
          LOG.warn("key store directory {} is accessible by group or others ({}); run chmod 700 on it",
              dir, PosixFilePermissions.toString(perms));
          return;
        }
      }
    }
  }

  /**
   * Returns the store's directory.
   *
   * @return the absolute directory path
   */
  public Path directory() {
    return dir;
  }

  private Path file(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid key store blob name '" + name + "'");
    }
    return dir.resolve(name);
  }

  @Override
  public Optional<byte[]> read(String name) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(file(name)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void write(String name, byte[] content) throws IOException {
    AtomicFiles.write(file(name), content, hook);
  }

  @Override
  public void replaceAndScrub(String name, byte[] content) throws IOException {
    Path target = file(name);
    FileChannel old = null;
    try {
      try {
        old = FileChannel.open(target, StandardOpenOption.WRITE);
      } catch (NoSuchFileException e) {
        old = null;
      }
      AtomicFiles.write(target, content, hook);
      if (old != null) {
        // The old inode lives on while we hold it open: overwrite its blocks with zeros.
        long size = old.size();
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(size, 1 << 16));
        long pos = 0;
        while (pos < size) {
          zeros.clear();
          zeros.limit((int) Math.min(zeros.capacity(), size - pos));
          pos += old.write(zeros, pos);
        }
        old.force(true);
      }
    } finally {
      if (old != null) {
        old.close();
      }
    }
  }

  @Override
  public List<String> list() throws IOException {
    List<String> names = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = p.getFileName().toString();
        if (NAME.matcher(n).matches() && Files.isRegularFile(p)) {
          names.add(n);
        }
      }
    }
    return names;
  }

  @Override
  public Closeable lock() throws IOException {
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    jvmLock.lock();
    // The JVM lock is reentrant but file locks are not: only the outermost holder takes the file.
    if (jvmLock.getHoldCount() > 1) {
      return jvmLock::unlock;
    }
    FileChannel ch = null;
    try {
      ch = AtomicFiles.openLockFile(dir.resolve(".lock"));
      FileLock fileLock = ch.lock();
      FileChannel channel = ch;
      return () -> {
        try {
          fileLock.release();
          channel.close();
        } finally {
          jvmLock.unlock();
        }
      };
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      jvmLock.unlock();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "DirectoryKeysetStore[" + dir + "]";
  }
}
