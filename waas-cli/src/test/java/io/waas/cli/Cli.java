package io.waas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * Runs {@code waas} in-process, the way the brief asks: {@code new CommandLine(new
 * WaasCommand()).execute(...)}, with captured stdout and stderr, a fake environment and a scripted
 * terminal.
 */
final class Cli {
  /** What one run produced. */
  record Result(int exitCode, String out, String err) {
    /** Asserts the run failed with {@code code} and exactly one {@code waas: error:} line. */
    Result failsWith(int code) {
      assertEquals(code, exitCode, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
      List<String> lines = err.lines().toList();
      assertEquals(1, lines.size(), () -> "expected one error line, got:\n" + err);
      assertTrue(lines.get(0).startsWith("waas: error: "), () -> "error line: " + err);
      assertTrue(!err.contains("\tat ") && !err.contains("Exception in"), () -> "stack trace in:\n" + err);
      return this;
    }

    /** Asserts the run succeeded with nothing on stderr. */
    Result succeeds() {
      assertEquals(0, exitCode, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
      assertEquals("", err, "stderr");
      return this;
    }
  }

  final Map<String, String> env = new HashMap<>();
  /** Lines the scripted terminal answers with, in order; empty = end of input. */
  final Deque<String> answers = new ArrayDeque<>();
  /** Passphrases the scripted terminal answers with; empty = no terminal. */
  final Deque<String> passphrases = new ArrayDeque<>();
  final List<String> prompts = new ArrayList<>();
  long maxInputBytes = WaasCommand.DEFAULT_MAX_INPUT_BYTES;
  /** Whether the scripted terminal claims stderr is a terminal (progress bars show). */
  boolean stderrIsTerminal;

  private final Terminal terminal =
      new Terminal() {
        @Override
        public @Nullable String readLine(String prompt) {
          prompts.add(prompt);
          return answers.poll();
        }

        @Override
        public char @Nullable [] readPassword(String prompt) {
          prompts.add(prompt);
          String p = passphrases.poll();
          return p == null ? null : p.toCharArray();
        }

        @Override
        public boolean stderrIsTerminal() {
          return stderrIsTerminal;
        }
      };

  Result run(String... args) {
    WaasCommand command = new WaasCommand(env::get, terminal).maxInputBytes(maxInputBytes);
    CommandLine cl = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Runs {@code args} followed by the options that open {@code store} with {@code keyFile}. */
  Result runOnStore(Path store, Path keyFile, String... args) {
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--store";
    all[args.length + 1] = store.toString();
    all[args.length + 2] = "--master-key-file";
    all[args.length + 3] = keyFile.toString();
    return run(all);
  }
}
