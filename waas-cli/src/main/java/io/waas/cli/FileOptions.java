package io.waas.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --in}, {@code --out}, {@code --force} and {@code --quiet} of {@code encrypt} and {@code decrypt}. */
final class FileOptions {
  @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input file.")
  @SuppressWarnings("NullAway.Init") // required: picocli sets it before the command runs
  private Path in;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description = "Output file, written atomically and owner-only readable.")
  @SuppressWarnings("NullAway.Init") // required: picocli sets it before the command runs
  private Path out;

  @Option(names = "--force", description = "Replace the output file if it exists.")
  private boolean force;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print nothing on success: no progress bar, no summary. (The progress bar only"
          + " ever shows when stderr is a terminal.)")
  private boolean quiet;

  /** Returns the input file. */
  Path in() {
    return in;
  }

  /** Returns the output file. */
  Path out() {
    return out;
  }

  /** Returns whether an existing output may be replaced. */
  boolean force() {
    return force;
  }

  /** Returns whether to print nothing on success. */
  boolean quiet() {
    return quiet;
  }
}
