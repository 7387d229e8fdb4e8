package io.waas.auth.rbac;

import io.waas.core.WaasSecurityException;
import java.io.IOException;

/**
 * Where an {@link Authorizer} reloads its policy from: a {@link JdbcPolicyStore}, a JSON file
 * ({@link PolicyJson#fileSource}), or your own.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface PolicySource {
  /**
   * Loads the whole, validated policy as one consistent snapshot.
   *
   * @return the policy
   * @throws InvalidPolicyException if the stored policy is malformed or inconsistent
   * @throws WaasSecurityException if the store cannot be read (for example {@link
   *     PolicyStoreException})
   * @throws IOException if a file cannot be read
   */
  Policy load() throws WaasSecurityException, IOException;
}
