package io.waas.auth.rbac;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on {@link PolicyJson#fileSource}. */
class JsonFilePolicySourceTest extends PolicySourceContractTest {
  @SuppressWarnings("NullAway.Init")
  @TempDir
  Path dir;

  @Override
  PolicySource store(Policy policy) throws Exception {
    Path f = dir.resolve("policy.json");
    Files.writeString(f, PolicyJson.toJson(policy));
    return PolicyJson.fileSource(f);
  }
}
