package io.waas.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for crash tests: it runs a test main class that prints {@code READY}, then one line
 * per completed unit of work (starting with a progress prefix), and is killed with SIGKILL part-way.
 * Its stdout lines are collected as they come; its stderr goes to a file shown when it fails to
 * start.
 */
public final class KillableChild {
  private final Process process;
  private final Path stderr;
  private final Thread reader;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CountDownLatch progress = new CountDownLatch(1);

  private KillableChild(Process process, Path stderr, String progressPrefix) {
    this.process = process;
    this.stderr = stderr;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                  if (line.equals("READY")) {
                    ready.countDown();
                  } else if (line.startsWith(progressPrefix)) {
                    progress.countDown();
                  }
                }
              } catch (IOException e) {
                // the child died mid-line
              }
            });
    reader.start();
  }

  /**
   * Starts {@code main} in a small, quickly started JVM on the test class path.
   *
   * @param stderr where the child's stderr goes
   * @param progressPrefix how its progress lines start, e.g. {@code "COMMITTED "}
   * @param main the child's main class
   * @param args its arguments
   * @return the running child
   * @throws IOException if it cannot be started
   */
  public static KillableChild start(Path stderr, String progressPrefix, Class<?> main, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classPath()));
    command.add(main.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    return new KillableChild(p, stderr, progressPrefix);
  }

  /** The test class path: surefire's when it runs the test, else this JVM's. */
  public static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
  }

  /**
   * Waits until the child said {@code READY} and, if asked, finished its first unit of work.
   *
   * @param firstProgress whether to wait for the first progress line too
   * @param noProgress the failure message's end when no progress line came, e.g. "committed nothing"
   * @throws Exception if interrupted or the stderr file cannot be read
   */
  public void awaitStart(boolean firstProgress, String noProgress) throws Exception {
    if (!ready.await(60, TimeUnit.SECONDS)) {
      fail("child did not start: " + Files.readString(stderr));
    }
    if (firstProgress && !progress.await(60, TimeUnit.SECONDS)) {
      fail("child " + noProgress + ": " + Files.readString(stderr));
    }
  }

  /**
   * Kills the child with SIGKILL and waits for it and its output.
   *
   * @return every stdout line it printed (the last one may be cut short)
   * @throws InterruptedException if interrupted
   */
  public List<String> kill() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    reader.join(10_000);
    return List.copyOf(lines);
  }
}
