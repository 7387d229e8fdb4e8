package io.waas.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar for long file operations, redrawn in place on stderr with a carriage
 * return (with an unknown total, only the byte count is shown):
 *
 * <pre>
 * Decrypting [##############----------------]  47%   1.2 GiB / 2.5 GiB
 * </pre>
 *
 * <p>Only for a terminal: commands create it disabled when stderr is not one (a pipe, a log file)
 * or with {@code --quiet}, and a disabled bar prints nothing at all. Redraws are limited to one
 * per percent, so the cost per call is a division and a comparison. Not thread-safe: one command thread drives it.
 */
final class ProgressBar implements AutoCloseable {
  private static final int WIDTH = 30;

  private final PrintWriter err;
  private final String label;
  /** Bytes that make 100 %, or -1 if unknown (then only the count is shown). */
  private final long total;
  private final boolean enabled;
  private long done;
  private long shownStep = -1;
  private boolean finished;
  private int lastLineLength;

  private ProgressBar(PrintWriter err, String label, long total, boolean enabled) {
    this.err = err;
    this.label = label;
    this.total = total < 0 ? -1 : total;
    this.enabled = enabled;
  }

  /**
   * Starts a bar and draws it at 0 %.
   *
   * @param err where to draw (the command's stderr)
   * @param label what is happening, for example {@code "Encrypting"}
   * @param total the number of bytes that makes 100 %, or -1 if unknown
   * @param enabled false to print nothing
   * @return the bar
   */
  static ProgressBar start(PrintWriter err, String label, long total, boolean enabled) {
    ProgressBar bar = new ProgressBar(err, label, total, enabled);
    bar.draw();
    return bar;
  }

  /**
   * Records progress.
   *
   * @param bytes bytes processed since the last call
   */
  void advance(long bytes) {
    done += bytes;
    if (enabled && step() != shownStep) {
      draw();
    }
  }

  /** Draws 100 % and ends the line: the operation succeeded. */
  void finish() {
    if (enabled && !finished) {
      draw();
      err.println();
      err.flush();
    }
    finished = true;
  }

  /** Without {@link #finish()} (a failure), erases the bar so the error message starts a clean line. */
  @Override
  public void close() {
    if (enabled && !finished) {
      err.print("\r" + " ".repeat(lastLineLength) + "\r");
      err.flush();
    }
    finished = true;
  }

  private int percent() {
    return total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
  }

  /** Redraw when this changes: each percent, or each 16 MiB when the total is unknown. */
  private long step() {
    return total < 0 ? done >> 24 : percent();
  }

  private void draw() {
    if (!enabled) {
      return;
    }
    shownStep = step();
    String line;
    if (total < 0) {
      line = label + " " + size(done);
    } else {
      int filled = percent() * WIDTH / 100;
      line =
          String.format(
              Locale.ROOT,
              "%s [%s%s] %3d%%  %s / %s",
              label,
              "#".repeat(filled),
              "-".repeat(WIDTH - filled),
              percent(),
              size(Math.min(done, total)),
              size(total));
    }
    err.print("\r" + line);
    if (line.length() < lastLineLength) {
      err.print(" ".repeat(lastLineLength - line.length()));
    }
    lastLineLength = Math.max(lastLineLength, line.length());
    err.flush();
  }

  /** Binary units with one decimal: {@code 812 B}, {@code 3.4 MiB}, {@code 2.0 GiB}. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int unit = -1;
    while (v >= 1024 && unit < units.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
  }
}
