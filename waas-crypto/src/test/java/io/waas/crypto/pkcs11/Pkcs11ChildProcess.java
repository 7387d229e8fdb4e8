package io.waas.crypto.pkcs11;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parent's side of a {@link Pkcs11Child}: starts the child JVM with {@code SOFTHSM2_CONF} set
 * and sends it commands. Arguments are strings or byte arrays; replies are {@link Reply}s.
 */
final class Pkcs11ChildProcess implements AutoCloseable {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final String EOF = "\u0000eof";

  private final Process process;
  private final Writer in;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Path stderr;

  /** One answer of the child: a value, or the simple name and message of the exception thrown. */
  static final class Reply {
    final boolean ok;
    final String value;
    final String error;
    final String message;

    Reply(boolean ok, String value, String error, String message) {
      this.ok = ok;
      this.value = value;
      this.error = error;
      this.message = message;
    }

    @Override
    public String toString() {
      return ok ? "OK " + value : error + ": " + message;
    }
  }

  private Pkcs11ChildProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.in = new OutputStreamWriter(process.getOutputStream(), UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        // the child is gone
      }
      lines.add(EOF);
    });
    reader.setDaemon(true);
    reader.start();
  }

  static Pkcs11ChildProcess start(Path softHsmConf, Path workDir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    Path err = workDir.resolve("child-" + COUNT.incrementAndGet() + ".err");
    ProcessBuilder pb = new ProcessBuilder(
            java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp, Pkcs11Child.class.getName())
        .redirectError(err.toFile());
    pb.environment().put("SOFTHSM2_CONF", softHsmConf.toString());
    Pkcs11ChildProcess child = new Pkcs11ChildProcess(pb.start(), err);
    String first = child.nextLine();
    if (!first.equals("READY")) {
      fail("child JVM did not start: " + first + "\n" + child.stderr());
    }
    return child;
  }

  private String nextLine() {
    try {
      String line = lines.poll(120, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("child JVM did not answer within 120 s\n" + stderr());
      }
      if (line.equals(EOF)) {
        throw new AssertionError("child JVM exited\n" + stderr());
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  String stderr() {
    try {
      return Files.isRegularFile(stderr) ? Files.readString(stderr) : "";
    } catch (IOException e) {
      return "(cannot read the child's stderr: " + e + ")";
    }
  }

  /** Sends a command; arguments are {@code String}s (sent as UTF-8), {@code byte[]}s or numbers. */
  Reply call(String command, Object... args) throws IOException {
    StringBuilder line = new StringBuilder(command);
    for (Object a : args) {
      byte[] b = a instanceof byte[] ? (byte[]) a : String.valueOf(a).getBytes(UTF_8);
      line.append(' ').append(Base64.getEncoder().encodeToString(b));
    }
    in.write(line.append('\n').toString());
    in.flush();
    String reply = nextLine();
    if (reply.startsWith("OK ")) {
      return new Reply(true, reply.substring(3), "", "");
    }
    String[] f = reply.split(" ", 3);
    if (f.length != 3 || !f[0].equals("ERR")) {
      fail("unexpected reply from the child: " + reply + "\n" + stderr());
    }
    return new Reply(false, "", f[1], new String(Base64.getDecoder().decode(f[2]), UTF_8));
  }

  /** Sends a command that must succeed; returns its value. */
  String ok(String command, Object... args) throws IOException {
    Reply r = call(command, args);
    if (!r.ok) {
      fail(command + " failed in the child: " + r + "\n" + stderr());
    }
    return r.value;
  }

  /** Sends a command that must succeed; returns its value decoded from base64. */
  byte[] okBytes(String command, Object... args) throws IOException {
    return Base64.getDecoder().decode(ok(command, args));
  }

  /** Sends a command that must fail; returns the failure. */
  Reply failure(String command, Object... args) throws IOException {
    Reply r = call(command, args);
    if (r.ok) {
      fail(command + " succeeded in the child but should have failed: " + r);
    }
    return r;
  }

  /** Ends the child (its KEKs and key rings are closed) and waits for it. */
  @Override
  public void close() throws IOException {
    try {
      if (process.isAlive()) {
        in.write("exit\n");
        in.flush();
      }
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
