package io.waas.cli;

import io.waas.crypto.EncryptionContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What {@code waas encrypt} and {@code waas decrypt} share: their options, and the checks that
 * must pass before any input is read (valid context, one master key source, a writable output).
 */
abstract class FileCryptCommand implements Callable<Integer> {
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
}
