package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.waas.auth.testing.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The contract against a real PostgreSQL server. */
class JdbcRecoveryCodeStoreTest extends RecoveryCodeStoreContract {
  private static final DataSource DB = PostgresDatabase.freshSchema("mfa_recovery");

  @Override
  RecoveryCodeStore newStore() {
    // One schema for the class (creating one per test is slow); each test starts with empty tables.
    JdbcRecoveryCodeStore store = new JdbcRecoveryCodeStore(DB);
    store.createSchema();
    try (Connection c = DB.getConnection(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM " + JdbcRecoveryCodeStore.CODES_TABLE);
      s.execute("DELETE FROM " + JdbcRecoveryCodeStore.SETS_TABLE);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return store;
  }

  @Test
  void replaceAll_failingPartWay_keepsTheOldSet() {
    RecoveryCodeStore store = newStore();
    store.replaceAll("t", "u", List.of("old1", "old2"));
    // A duplicate hash violates the primary key on the second insert: the transaction rolls back.
    assertThrows(OtpStoreException.class, () -> store.replaceAll("t", "u", List.of("new1", "new1")));
    assertEquals(List.of("old1", "old2"), store.hashes("t", "u").stream().sorted().toList());
  }

  @Test
  void codesTable_holdsOnlyHashes() throws Exception {
    try (MfaFixture f = new MfaFixture(dir)) {
      RecoveryCodes codes = RecoveryCodes.builder(f.keys, newStore()).eventListener(f.events).build();
      List<String> plain = codes.generate("t", "u");
      try (Connection c = DB.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT code_hash FROM " + JdbcRecoveryCodeStore.CODES_TABLE)) {
        int n = 0;
        while (rs.next()) {
          String h = rs.getString(1);
          for (String p : plain) {
            assertEquals(-1, h.indexOf(p.replace("-", "")), "a code is stored in the clear");
          }
          n++;
        }
        assertEquals(10, n);
      }
    }
  }
}
