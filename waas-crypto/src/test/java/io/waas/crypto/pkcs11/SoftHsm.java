package io.waas.crypto.pkcs11;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.opentest4j.TestAbortedException;

/**
 * A real SoftHSM2 installation for one test class: its own {@code softhsm2.conf} and token
 * directory in a temporary directory, tokens initialized with {@code softhsm2-util}, and child
 * JVMs ({@link Pkcs11ChildProcess}) that use them.
 *
 * <p><b>Why the PKCS#11 parts run in child JVMs</b> (rather than pointing {@code SOFTHSM2_CONF}
 * of the surefire JVM at a fixed file): libsofthsm2 reads {@code SOFTHSM2_CONF} and scans its
 * token directory once per process, when the first provider initializes it. Tokens that a later
 * test class creates with {@code softhsm2-util} would be invisible to a shared test JVM, so each
 * class could not have its own token. PKCS#11 login state is also per process: after one login,
 * SunPKCS11 no longer checks the PIN of further providers on the token, so a wrong-PIN test only
 * means something in a process that has not logged in yet. And a "restart" only re-initializes
 * the library and re-logs in when it is a new process. A child JVM per scenario gives each test
 * class its own token directory, a clean login state and real restarts, and keeps the surefire
 * JVM free of native PKCS#11 state; the assertions stay in the JUnit tests, which drive the child
 * over a line protocol.
 *
 * <p>If SoftHSM2 is not installed, each test is reported skipped (a JUnit assumption in its
 * set-up, see {@link #assumeInstalled()}), or fails when the environment variable {@code CI} is
 * set: CI must run these tests.
 */
final class SoftHsm {
  static final String USER_PIN = "user-pin-1234";
  static final String SO_PIN = "so-pin-5678";
  private static final List<String> LIBRARY_CANDIDATES = List.of(
      "/usr/lib/softhsm/libsofthsm2.so",
      "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
      "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
      "/usr/lib64/pkcs11/libsofthsm2.so",
      "/usr/lib64/softhsm/libsofthsm2.so",
      "/usr/local/lib/softhsm/libsofthsm2.so",
      "/opt/homebrew/lib/softhsm/libsofthsm2.so");
  private static final Pattern REASSIGNED = Pattern.compile("reassigned to slot (\\d+)");

  final Path dir;
  final Path conf;
  final Path library;
  private final Path util;

  private SoftHsm(Path dir, Path conf, Path library, Path util) {
    this.dir = dir;
    this.conf = conf;
    this.library = library;
    this.util = util;
  }

  private static @Nullable Path findLibrary() {
    for (String c : LIBRARY_CANDIDATES) {
      if (Files.isRegularFile(Path.of(c))) {
        return Path.of(c);
      }
    }
    return null;
  }

  /** Why SoftHSM2 cannot be used here, or null if it is installed. */
  private static @Nullable String missing() {
    if (onPath("softhsm2-util") == null) {
      return "softhsm2-util is not on the PATH";
    }
    if (findLibrary() == null) {
      return "libsofthsm2.so was not found in " + LIBRARY_CANDIDATES;
    }
    return null;
  }

  /** Whether SoftHSM2 is installed; a test class sets up its token only then. */
  static boolean installed() {
    return missing() == null;
  }

  /**
   * For each test's set-up: skips the test (JUnit assumption) if SoftHSM2 is not installed, or
   * fails it if the environment variable {@code CI} is set.
   */
  static void assumeInstalled() {
    String missing = missing();
    if (missing == null) {
      return;
    }
    String message = "SoftHSM2 is not installed (" + missing + "); install the softhsm2 package to run the PKCS#11 tests";
    if (System.getenv("CI") != null) {
      throw new AssertionError(message + " (CI is set, so these tests must run)");
    }
    throw new TestAbortedException(message);
  }

  /** Sets up a SoftHSM2 configuration in {@code dir}; call only if {@link #installed()}. */
  static SoftHsm in(Path dir) throws IOException {
    Path util = onPath("softhsm2-util");
    Path library = findLibrary();
    if (util == null || library == null) {
      assumeInstalled();
      throw new IllegalStateException("unreachable");
    }
    Path tokens = dir.resolve("tokens");
    Files.createDirectories(tokens);
    Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rwx------"));
    Path conf = dir.resolve("softhsm2.conf");
    Files.writeString(
        conf,
        "directories.tokendir = " + tokens + "\n"
            + "objectstore.backend = file\n"
            + "log.level = ERROR\n"
            + "slots.removable = false\n",
        UTF_8);
    return new SoftHsm(dir, conf, library, util);
  }

  private static @Nullable Path onPath(String executable) {
    String path = System.getenv("PATH");
    for (String d : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
      Path p = Path.of(d.isEmpty() ? "." : d, executable);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Initializes a new token with {@link #USER_PIN} and {@link #SO_PIN} and returns its slot id.
   * Child processes started afterwards see it.
   */
  long initToken(String label) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(
        util.toString(), "--init-token", "--free", "--label", label, "--pin", USER_PIN, "--so-pin", SO_PIN);
    pb.environment().put("SOFTHSM2_CONF", conf.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail("softhsm2-util --init-token failed: " + out);
    }
    Matcher m = REASSIGNED.matcher(out);
    if (!m.find()) {
      fail("cannot find the slot id in the output of softhsm2-util: " + out);
    }
    return Long.parseLong(m.group(1));
  }

  /** Starts a child JVM with {@code SOFTHSM2_CONF} pointing at this installation. */
  Pkcs11ChildProcess startChild() throws IOException {
    return Pkcs11ChildProcess.start(conf, dir);
  }
}
