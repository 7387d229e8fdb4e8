package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.auth.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The contract against a real PostgreSQL server. */
class JdbcOtpReplayStoreTest extends OtpReplayStoreContract {
  private static final DataSource DB = PostgresDatabase.freshSchema("mfa_otp");


  @Override
  OtpReplayStore newStore() {
    // One schema for the class (creating one per test is slow); each test starts with an empty table.
    JdbcOtpReplayStore store = new JdbcOtpReplayStore(DB);
    store.createSchema();
    try (Connection c = DB.getConnection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM " + JdbcOtpReplayStore.TABLE);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return store;
  }

  @Test
  void createSchema_twice_isHarmlessAndTableExists() throws Exception {
    JdbcOtpReplayStore store = new JdbcOtpReplayStore(DB);
    store.createSchema();
    store.createSchema();
    store.advance("x", 1);
    try (Connection c = DB.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT last_step FROM " + JdbcOtpReplayStore.TABLE + " WHERE factor_id = 'x'")) {
      assertTrue(rs.next());
      assertEquals(1, rs.getLong(1));
    }
  }

  @Test
  void twoStoreInstances_shareReplayAndLockoutState() throws Exception {
    JdbcOtpReplayStore processA = (JdbcOtpReplayStore) newStore();
    JdbcOtpReplayStore processB = new JdbcOtpReplayStore(DB);
    try (MfaFixture f = new MfaFixture(dir)) {
      TotpVerifier a = f.verifier(processA).maxConsecutiveFailures(2).build();
      TotpVerifier b = f.verifier(processB).maxConsecutiveFailures(2).build();
      TotpFactor factor = f.factor("shared");
      String code = f.code(0);
      assertTrue(a.verify(factor, code).isAccepted());
      assertEquals(OtpVerification.Status.REPLAYED, b.verify(factor, code).status());
      assertEquals(OtpVerification.Status.REPLAYED, a.verify(factor, code).status()); // second failure: locks
      assertEquals(OtpVerification.Status.LOCKED_OUT, b.verify(factor, f.code(1)).status());
    }
  }
}
