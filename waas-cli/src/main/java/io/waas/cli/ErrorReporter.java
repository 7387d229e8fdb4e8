package io.waas.cli;

import io.waas.core.KeyUnavailableException;
import io.waas.core.MalformedDataException;
import io.waas.crypto.DecryptionFailedException;
import io.waas.crypto.KeyStoreAccessException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on stderr, {@code waas: error: <message>}, and an exit code
 * from {@link ExitCodes}; never a stack trace, unless the environment variable {@code WAAS_DEBUG}
 * is set and the failure is an internal error.
 *
 * <p>It installs itself as {@link WaasCommand}'s model transformer, which picocli runs once the
 * {@link CommandLine} exists. That way a plain {@code new CommandLine(new WaasCommand())}, as in
 * tests or when embedding the command, reports errors exactly like {@code main} does.
 */
final class ErrorReporter
    implements IModelTransformer,
        IParameterExceptionHandler,
        IExecutionExceptionHandler,
        IExitCodeExceptionMapper {

  @Override
  public CommandSpec transform(CommandSpec spec) {
    CommandLine cl = spec.commandLine();
    if (cl != null) {
      cl.setParameterExceptionHandler(this);
      cl.setExecutionExceptionHandler(this);
      cl.setExitCodeExceptionMapper(this);
    }
    return spec;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    StringBuilder message = new StringBuilder(oneLine(String.valueOf(ex.getMessage())));
    if (ex instanceof UnmatchedArgumentException unmatched) {
      List<String> suggestions = unmatched.getSuggestions();
      if (!suggestions.isEmpty()) {
        message.append("; did you mean ").append(String.join(" or ", suggestions)).append('?');
      }
    }
    message.append(" (see '").append(cl.getCommandSpec().qualifiedName()).append(" --help')");
    print(cl.getErr(), message.toString());
    return ExitCodes.USAGE;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
    int code = getExitCode(ex);
    PrintWriter err = cl.getErr();
    if (code == ExitCodes.INTERNAL && !(ex instanceof CommandFailedException)) {
      print(err, "internal error: " + ex + " (set WAAS_DEBUG=1 for a stack trace)");
      Object root = cl.getCommandSpec().root().userObject();
      if (root instanceof WaasCommand waas && waas.env("WAAS_DEBUG") != null) {
        ex.printStackTrace(err);
        err.flush();
      }
    } else {
      print(err, message(ex));
    }
    return code;
  }

  @Override
  public int getExitCode(Throwable t) {
    if (t instanceof CommandFailedException failure) {
      return failure.exitCode();
    }
    if (t instanceof ParameterException) {
      return ExitCodes.USAGE;
    }
    // Before the data checks: MasterKeyMismatchException is a KeyStoreAccessException.
    if (t instanceof KeyStoreAccessException) {
      return ExitCodes.STORE_OR_IO;
    }
    if (t instanceof DecryptionFailedException
        || t instanceof MalformedDataException
        || t instanceof KeyUnavailableException) {
      return ExitCodes.DATA_OR_KEY;
    }
    if (t instanceof IOException || t instanceof UncheckedIOException) {
      return ExitCodes.STORE_OR_IO;
    }
    return ExitCodes.INTERNAL;
  }

  /** The user-facing text of an expected failure. SDK messages never contain secrets. */
  static String message(Throwable t) {
    if (t instanceof UncheckedIOException && t.getCause() != null) {
      return message(t.getCause());
    }
    if (t instanceof DecryptionFailedException) {
      return "decryption failed: " + t.getMessage();
    }
    if (t instanceof FileSystemException f) {
      // The JDK's messages for these are just the path; say what happened to it.
      String file = f.getFile() == null ? "" : f.getFile();
      if (t instanceof NoSuchFileException) {
        return "no such file or directory: " + file;
      }
      if (t instanceof AccessDeniedException) {
        return "permission denied: " + file;
      }
      if (t instanceof FileAlreadyExistsException) {
        return "file already exists: " + file;
      }
      if (t instanceof NotDirectoryException) {
        return "not a directory: " + file;
      }
      if (t instanceof DirectoryNotEmptyException) {
        return "directory not empty: " + file;
      }
      String reason = f.getReason();
      return file + ": " + (reason == null ? t.getClass().getSimpleName() : reason);
    }
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }

  private static void print(PrintWriter err, String message) {
    err.println("waas: error: " + oneLine(message));
    err.flush();
  }

  /** Messages from picocli or the JDK may span lines; the contract is one line per error. */
  private static String oneLine(String s) {
    String line = s.strip().replaceAll("\\s*\\R\\s*", " ").replace('\t', ' ');
    return line.isEmpty() ? "unknown error" : line;
  }
}
