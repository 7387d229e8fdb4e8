package io.waas.auth.apikey;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waas.auth.testing.PostgresDatabase;
import io.waas.auth.testing.PooledTestDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store contract and {@link ApiKeys} on {@link JdbcApiKeyStore} against a real PostgreSQL. */
class JdbcApiKeyStoreTest extends ApiKeyStoreContractTest {
  @SuppressWarnings("NullAway.Init")
  private PooledTestDataSource dataSource;

  @Override
  ApiKeyStore newStore() throws Exception {
    dataSource = new PooledTestDataSource(PostgresDatabase.freshSchema("apikey"));
    JdbcApiKeyStore s = new JdbcApiKeyStore(dataSource);
    s.createSchema();
    s.createSchema(); // idempotent
    return s;
  }

  @AfterEach
  void closePool() {
    dataSource.close();
  }

  @Test
  void find_withoutTable_throwsStoreException() {
    JdbcApiKeyStore bare = new JdbcApiKeyStore(PostgresDatabase.freshSchema("apikey_bare"));
    assertThrows(ApiKeyStoreException.class, () -> bare.find("AAAAAAAAAAA1"));
  }
}
