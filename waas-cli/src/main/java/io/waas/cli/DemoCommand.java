package io.waas.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code waas demo}: a guided, self-checking tour of the SDK (see {@link DemoScript}). It runs in a
 * fresh temporary directory that is deleted afterwards, or in {@code --dir} to keep the key store
 * for a look with {@code waas keys list}.
 */
@Command(
    name = "demo",
    description = {
      "Show what the SDK does, step by step, checking every claim as it runs.",
      "Covers the key store, per-tenant encryption, context binding, rotation,",
      "re-encryption and crypto-shredding. If a claim does not hold, the demo",
      "stops with exit code 4."
    })
final class DemoCommand implements Callable<Integer> {
  @Mixin
  @SuppressWarnings("UnusedVariable") // picocli reads it
  private HelpOption help = new HelpOption();

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Keep the demo's master key and key store in DIR (new or empty)."
              + " Default: a temporary directory, deleted at the end.")
  private @Nullable Path dir;

  @Spec
  @SuppressWarnings("NullAway.Init") // injected by picocli
  private CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path base;
    boolean temporary = dir == null;
    if (dir == null) {
      base = Files.createTempDirectory("waas-demo-");
    } else {
      base = dir;
      if (Files.exists(base) && (!Files.isDirectory(base) || !isEmpty(base))) {
        throw new CommandFailedException(
            ExitCodes.USAGE, "--dir " + base + " must be a new or empty directory");
      }
      Files.createDirectories(base);
    }
    try {
      new DemoScript(base, temporary, out).run();
      return ExitCodes.OK;
    } finally {
      out.flush();
      if (temporary) {
        deleteRecursively(base);
      }
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
