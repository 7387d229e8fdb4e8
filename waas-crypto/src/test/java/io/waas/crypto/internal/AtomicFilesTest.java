package io.waas.crypto.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AtomicFilesTest {
  private static final byte[] OLD = "old content".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final byte[] NEW = "new content, longer than the old".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @ParameterizedTest
  @EnumSource(AtomicFiles.Step.class)
  void write_failingAtEachStep_leavesTargetOldOrNew_andNoTemporaryFile(AtomicFiles.Step step, @TempDir Path dir)
      throws Exception {
    Path target = dir.resolve("blob");
    AtomicFiles.write(target, OLD, AtomicFiles.NO_HOOK);
    IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, NEW, s -> {
      if (s == step) {
        throw new IOException("disk full at " + s);
      }
    }));
    assertTrue(String.valueOf(e.getMessage()).contains(step.name()));
    assertArrayEquals(step == AtomicFiles.Step.RENAMED ? NEW : OLD, Files.readAllBytes(target));
    assertEquals(List.of("blob"), names(dir), "an I/O failure cleans its temporary file");
  }

  @ParameterizedTest
  @EnumSource(AtomicFiles.Step.class)
  void write_crashingAtEachStep_leavesTargetOldOrNew_andDebrisIsRemovable(AtomicFiles.Step step, @TempDir Path dir)
      throws Exception {
    Path target = dir.resolve("blob");
    AtomicFiles.write(target, OLD, AtomicFiles.NO_HOOK);
    assertThrows(AssertionError.class, () -> AtomicFiles.write(target, NEW, s -> {
      if (s == step) {
        throw new AssertionError("crash"); // an Error: no clean-up runs
      }
    }));
    assertArrayEquals(step == AtomicFiles.Step.RENAMED ? NEW : OLD, Files.readAllBytes(target));
    int debris = step == AtomicFiles.Step.RENAMED ? 0 : 1;
    assertEquals(debris, AtomicFiles.removeStaleTemporaries(dir));
    assertEquals(List.of("blob"), names(dir));
  }

  @Test
  void write_createsOwnerOnlyFiles_inOwnerOnlyDirectories(@TempDir Path tmp) throws Exception {
    assumeTrue(AtomicFiles.supportsPosix(tmp));
    Path dir = tmp.resolve("a/b");
    AtomicFiles.createPrivateDirectories(dir);
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    AtomicFiles.createPrivateDirectories(dir); // idempotent
    Path f = dir.resolve("f");
    AtomicFiles.write(f, OLD, AtomicFiles.NO_HOOK);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    AtomicFiles.openLockFile(dir.resolve(".lock")).close();
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".lock"))));
  }

  @Test
  void removeStaleTemporaries_deletesOnlyItsOwnTemporaryFiles(@TempDir Path dir) throws Exception {
    // Only names AtomicFiles.write makes (".<target>.<12 hex>.tmp") may go; a user's own hidden
    // .tmp files in the same directory must survive.
    for (String n : List.of(".a.0123456789ab.tmp", ".t-mfrw.a1b2c3d4e5f6.tmp", ".b.tmp", ".a.1.tmp", "c.tmp", ".lock", "d")) {
      Files.write(dir.resolve(n), new byte[1]);
    }
    assertEquals(2, AtomicFiles.removeStaleTemporaries(dir));
    assertEquals(List.of(".a.1.tmp", ".b.tmp", ".lock", "c.tmp", "d"), names(dir));
    assertFalse(Files.exists(dir.resolve(".a.0123456789ab.tmp")));
  }

  @Test
  void write_emptyContent_works(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("empty");
    AtomicFiles.write(f, new byte[0], AtomicFiles.NO_HOOK);
    assertEquals(0, Files.size(f));
  }
}
