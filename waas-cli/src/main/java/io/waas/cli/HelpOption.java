package io.waas.cli;

import picocli.CommandLine.Option;

/**
 * {@code -h/--help} for subcommands. Unlike picocli's standard help mixin it adds no {@code
 * --version} to every subcommand: the version belongs to {@code waas} itself.
 */
final class HelpOption {
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  @SuppressWarnings("UnusedVariable") // picocli reads it
  private boolean help;
}
