package io.waas.auth.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class PostgresDatabaseTest {
  @Test
  void freshSchema_isEmptyAndIsolated() throws Exception {
    DataSource a = PostgresDatabase.freshSchema("a");
    DataSource b = PostgresDatabase.freshSchema("b");
    try (Connection c = a.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x int)");
      s.execute("INSERT INTO t VALUES (1)");
    }
    try (Connection c = b.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x int)");
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM t")) {
        rs.next();
        assertEquals(0, rs.getInt(1));
      }
      try (ResultSet rs = s.executeQuery("SELECT version()")) {
        rs.next();
        System.out.println("PostgreSQL under test: " + rs.getString(1));
      }
    }
  }
}
