package io.waas.crypto.tls;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs the {@code openssl} command-line tool for interoperability tests, always with a time limit.
 * Without the binary, tests fail in CI (environment variable {@code CI} set) and are skipped
 * elsewhere.
 */
final class OpenSsl {
  private static final long TIMEOUT_SECONDS = 20;
  private static final Pattern ACCEPT = Pattern.compile("ACCEPT 127\\.0\\.0\\.1:(\\d+)");

  /** Exit code and combined stdout/stderr of a finished {@code openssl} run. */
  record Result(int exitCode, String output) {}

  private OpenSsl() {}

  /** The binary, or a failed (CI) / skipped (local) test. */
  static Path binary() {
    Path found = find();
    if (found != null) {
      return found;
    }
    String message = "the openssl binary is not on PATH; the TLS interoperability tests need it";
    if (System.getenv("CI") != null) {
      fail(message + " (CI is set: .ci/run installs it with apt-get)");
    }
    throw new org.opentest4j.TestAbortedException(message + "; skipped (set CI to make this a failure)");
  }

  private static @Nullable Path find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(Pattern.quote(File.pathSeparator), -1)) {
      Path candidate = Path.of(dir, "openssl");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Runs {@code openssl args...} with {@code stdin} as input; kills it after the time limit. */
  static Result run(String stdin, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("openssl", ".out");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(stdin.getBytes(UTF_8));
      } catch (IOException closedEarly) {
        // openssl may exit (handshake refused) before reading its input
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        fail("openssl did not finish within " + TIMEOUT_SECONDS + " s: " + command + "\n" + Files.readString(out, UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, UTF_8));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** {@code openssl s_client} to 127.0.0.1:{@code port}, sending one line. */
  static Result sClient(int port, String... options) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:" + port, "-brief", "-ign_eof"));
    args.addAll(List.of(options));
    return run("hello\n", args.toArray(new String[0]));
  }

  /** A running {@code openssl s_server -www} on an ephemeral loopback port. */
  static final class Server implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int port;

    private Server(Process process, Path log, int port) {
      this.process = process;
      this.log = log;
      this.port = port;
    }

    int port() {
      return port;
    }

    String log() throws IOException {
      return Files.readString(log, UTF_8);
    }

    @Override
    public void close() throws IOException {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      Files.deleteIfExists(log);
    }
  }

  /** Starts {@code openssl s_server -www -accept 127.0.0.1:0 options...} and waits for its port. */
  static Server sServer(String... options) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary().toString(), "s_server", "-www", "-accept", "127.0.0.1:0"));
    command.addAll(List.of(options));
    Path log = Files.createTempFile("openssl-server", ".log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (System.nanoTime() < deadline) {
      Matcher m = ACCEPT.matcher(Files.readString(log, UTF_8));
      if (m.find()) {
        return new Server(p, log, Integer.parseInt(m.group(1)));
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(20);
    }
    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    String output = Files.readString(log, UTF_8);
    Files.deleteIfExists(log);
    throw new AssertionError("openssl s_server did not start: " + command + "\n" + output);
  }
}
