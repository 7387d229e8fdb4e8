package io.waas.cli;

import io.waas.crypto.KeyScope;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --tenant} and {@code --subject}: whose keys a key command works on. */
final class ScopeOptions {
  @Option(names = "--tenant", required = true, paramLabel = "TENANT", description = "Tenant id.")
  @SuppressWarnings("NullAway.Init") // required: picocli sets it before the command runs
  private String tenant;

  @Option(
      names = "--subject",
      paramLabel = "SUBJECT",
      description = "Data subject (end user) within the tenant, who has keys of their own.")
  private @Nullable String subject;

  /** Returns the tenant id as given. */
  String tenant() {
    return tenant;
  }

  /**
   * Returns the scope the options name.
   *
   * @return the tenant's or the subject's scope
   * @throws CommandFailedException if an id is invalid
   */
  KeyScope scope() {
    return scope(tenant, subject);
  }

  /**
   * Builds a scope, turning invalid ids into usage errors.
   *
   * @param tenant the tenant id
   * @param subject the subject id, or {@code null}
   * @return the scope
   */
  static KeyScope scope(String tenant, @Nullable String subject) {
    try {
      return subject == null ? KeyScope.tenant(tenant) : KeyScope.subject(tenant, subject);
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(ExitCodes.USAGE, String.valueOf(e.getMessage()));
    }
  }
}
