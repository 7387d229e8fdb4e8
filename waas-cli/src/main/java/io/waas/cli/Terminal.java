package io.waas.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the command asks the user things: confirmations and passphrases. An interface so that
 * tests can answer without a real terminal.
 */
interface Terminal {
  /**
   * Shows {@code prompt} and reads one line.
   *
   * @param prompt the question, shown as is
   * @return the answer without its line break, or {@code null} at end of input
   */
  @Nullable String readLine(String prompt);

  /**
   * Shows {@code prompt} and reads a secret without echoing it.
   *
   * @param prompt the question
   * @return the characters (the caller wipes them), or {@code null} if there is no terminal to
   *     read a secret from without echo
   */
  char @Nullable [] readPassword(String prompt);

  /**
   * Tells whether standard error is a terminal, where a progress bar that redraws itself makes
   * sense; in a pipe or a log file it would be noise.
   *
   * @return whether stderr is a terminal; false unless known
   */
  default boolean stderrIsTerminal() {
    return false;
  }

  /**
   * The process's terminal: {@link System#console()} when there is one. Without one (input from
   * a pipe), confirmations are read from standard input with the prompt on stderr, like {@code
   * rm -i} does, but passphrases are refused: reading them from a pipe would echo nothing yet
   * invite putting them in shell history and scripts, for which {@code --passphrase-env} exists.
   *
   * @return the system terminal
   */
  @SuppressWarnings("SystemConsoleNull") // on JDK 22+ a non-null console may read a pipe: fine here
  static Terminal system() {
    return new Terminal() {
      private @Nullable BufferedReader stdin;

      @Override
      public @Nullable String readLine(String prompt) {
        Console console = System.console();
        if (console != null) {
          return console.readLine("%s", prompt);
        }
        PrintStream err = System.err;
        err.print(prompt);
        err.flush();
        try {
          if (stdin == null) {
            stdin = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset()));
          }
          String line = stdin.readLine();
          // Piped answers are not echoed: end the prompt's line so later messages start afresh.
          err.println();
          return line;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public char @Nullable [] readPassword(String prompt) {
        Console console = System.console();
        return console == null ? null : console.readPassword("%s", prompt);
      }

      /**
       * Java has no isatty for stderr alone. On Linux, /proc names the device behind file
       * descriptor 2 (a terminal is /dev/pts/N or /dev/ttyN); elsewhere, fall back to whether the
       * process has a console (stdin and stdout are terminals), which is right in the usual case.
       */
      @Override
      public boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
          String target = Files.readSymbolicLink(fd2).toString();
          return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
          return System.console() != null;
        }
      }
    };
  }
}
