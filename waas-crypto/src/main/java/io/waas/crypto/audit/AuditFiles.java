package io.waas.crypto.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** File names of an audit log directory. */
final class AuditFiles {
  /** {@code audit-<12 digits>.log}: the digits are the file index. */
  static final Pattern LOG_FILE = Pattern.compile("audit-(\\d{12})\\.log");
  /** A torn tail moved aside on open: {@code audit-<12 digits>.log.torn-<offset>}. */
  static final Pattern TORN_FILE = Pattern.compile("audit-\\d{12}\\.log\\.torn-\\d+");
  /** Held while a writer has the log open. */
  static final String LOCK_FILE = ".audit.lock";

  /** A log file and the index its name gives. */
  static final class Named {
    final Path path;
    final long index;

    Named(Path path, long index) {
      this.path = path;
      this.index = index;
    }

    String name() {
      return String.valueOf(path.getFileName());
    }
  }

  private AuditFiles() {}

  static String name(long index) {
    return String.format(Locale.ROOT, "audit-%012d.log", index);
  }

  /** The log files of {@code dir}, by index. */
  static List<Named> list(Path dir) throws IOException {
    List<Named> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Matcher m = LOG_FILE.matcher(String.valueOf(p.getFileName()));
        if (m.matches()) {
          out.add(new Named(p, Long.parseLong(m.group(1))));
        }
      }
    }
    out.sort(Comparator.comparingLong(n -> n.index));
    return out;
  }

  /** Names of other files in {@code dir} that belong to a log (moved-aside torn tails). */
  static List<String> tornTails(Path dir) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String n = String.valueOf(p.getFileName());
        if (TORN_FILE.matcher(n).matches()) {
          out.add(n);
        }
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
  }
}
