package io.waas.auth.throttle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.waas.auth.testing.PooledTestDataSource;
import io.waas.auth.testing.PostgresDatabase;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The store contract and the throttle on {@link JdbcThrottleStore} against a real PostgreSQL. */
class JdbcThrottleStoreTest extends ThrottleStoreContractTest {
  @SuppressWarnings("NullAway.Init")
  private PooledTestDataSource dataSource;

  @Override
  ThrottleStore newStore() throws Exception {
    dataSource = new PooledTestDataSource(PostgresDatabase.freshSchema("throttle"));
    JdbcThrottleStore s = new JdbcThrottleStore(dataSource);
    s.createSchema();
    return s;
  }

  @AfterEach
  void closePool() {
    dataSource.close();
  }

  @Test
  void createSchema_twice_isHarmless() throws Exception {
    JdbcThrottleStore again = new JdbcThrottleStore(dataSource);
    again.createSchema();
    again.update("k", r -> new ThrottleRecord(1, Instant.EPOCH, null));
    assertEquals(1, store.get("k").failures(), "both stores see one table");
  }

  @Test
  void update_withoutTable_throwsStoreException() throws Exception {
    JdbcThrottleStore bare = new JdbcThrottleStore(PostgresDatabase.freshSchema("throttle_bare"));
    org.junit.jupiter.api.Assertions.assertThrows(
        ThrottleStoreException.class, () -> bare.update("k", r -> new ThrottleRecord(1, Instant.EPOCH, null)));
  }
}
