package io.waas.cli;

import io.waas.crypto.EncryptionContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The encryption context of {@code encrypt} and {@code decrypt}. Decryption needs exactly the
 * values used to encrypt, so both commands share these options.
 */
final class ContextOptions {
  @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "Tenant id.")
  @SuppressWarnings("NullAway.Init") // required: picocli sets it before the command runs
  private String tenant;

  @Option(
      names = "--subject",
      paramLabel = "SUBJECT",
      description = "Data subject whose personal data this is; uses (and may create) the subject's own keys.")
  private @Nullable String subject;

  @Option(names = "--purpose", paramLabel = "PURPOSE", description = "What the data is, e.g. backup.orders.")
  private @Nullable String purpose;

  @Option(names = "--record", paramLabel = "RECORD", description = "Which record the data belongs to.")
  private @Nullable String record;

  @Option(
      names = "--attribute",
      paramLabel = "NAME=VALUE",
      description = "A further context attribute; repeatable.")
  private Map<String, String> attributes = new LinkedHashMap<>();

  /** Returns the subject id, or {@code null}. */
  @Nullable String subject() {
    return subject;
  }

  /**
   * Builds the context the options describe.
   *
   * @return the context
   * @throws CommandFailedException if a value is invalid
   */
  EncryptionContext context() {
    try {
      EncryptionContext.Builder b = EncryptionContext.builder(tenant);
      if (subject != null) {
        b.subject(subject);
      }
      if (purpose != null) {
        b.purpose(purpose);
      }
      if (record != null) {
        b.recordId(record);
      }
      attributes.forEach(b::attribute);
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(ExitCodes.USAGE, String.valueOf(e.getMessage()));
    }
  }
}
