package io.waas.cli;

import io.waas.crypto.EncryptionContext;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What {@code waas encrypt} and {@code waas decrypt} share: their options, and the checks that
 * must pass before any input is read (valid context, one master key source, a writable output).
 */
abstract class FileCryptCommand implements Callable<Integer> {
  /** Read and write size of the streaming paths; the SDK buffers one 1 MiB segment itself. */
  static final int COPY_BUFFER = 256 * 1024;

  @Mixin
  @SuppressWarnings("UnusedVariable") // picocli reads it
  private HelpOption help = new HelpOption();

  @Mixin
  @SuppressWarnings("NullAway.Init") // injected by picocli
  FileOptions files;

  @Mixin
  @SuppressWarnings("NullAway.Init") // injected by picocli
  ContextOptions context;

  @Mixin
  @SuppressWarnings("NullAway.Init") // injected by picocli
  StoreOptions store;

  @Spec
  @SuppressWarnings("NullAway.Init") // injected by picocli
  CommandSpec spec;

  /**
   * Validates the options and returns the encryption context.
   *
   * @return the context the command works in
   * @throws Exception if an option is invalid or the output may not be written
   */
  final EncryptionContext checkedContext() throws Exception {
    EncryptionContext ctx = context.context();
    store.checkMasterKeyOptions();
    SafeFiles.checkWritable(files.out(), files.force());
    return ctx;
  }

  /**
   * Prints a line about what was done, unless {@code --quiet}.
   *
   * @param line the message
   */
  final void summary(String line) {
    if (!files.quiet()) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(line);
      out.flush();
    }
  }

  /**
   * Starts a progress bar on stderr; it prints nothing unless stderr is a terminal and {@code
   * --quiet} was not given.
   *
   * @param label what is happening
   * @param total bytes that make 100 %, or -1 if unknown
   * @return the bar
   */
  final ProgressBar progressBar(String label, long total) {
    boolean show = !files.quiet() && WaasCommand.root(spec).terminal().stderrIsTerminal();
    return ProgressBar.start(spec.commandLine().getErr(), label, total, show);
  }

  /**
   * Reads up to {@code n} bytes from the start of a file.
   *
   * @param file the file
   * @param n how many bytes at most
   * @return the bytes read, fewer if the file is shorter
   * @throws IOException if the file cannot be read
   */
  static byte[] readPrefix(Path file, int n) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(n);
    }
  }

  /** Counts the bytes written through it into {@code counts[1]}. */
  static final class CountingOutputStream extends FilterOutputStream {
    private final long[] counts;

    CountingOutputStream(OutputStream out, long[] counts) {
      super(out);
      this.counts = counts;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      counts[1] += len;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      counts[1]++;
    }
  }
}
