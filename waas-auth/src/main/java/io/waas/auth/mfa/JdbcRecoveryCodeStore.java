package io.waas.auth.mfa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A {@link RecoveryCodeStore} in a SQL database. <b>PostgreSQL is the tested target</b>; the SQL is
 * portable except the {@code ON CONFLICT} upsert that takes the per-user lock. Tables ({@link
 * #createSchema()} creates them):
 *
 * <pre>{@code
 * CREATE TABLE IF NOT EXISTS waas_mfa_recovery_sets (
 *   tenant     VARCHAR(128) NOT NULL,
 *   subject    VARCHAR(128) NOT NULL,
 *   generation BIGINT NOT NULL,            -- bumped by every regeneration; its row is the lock
 *   PRIMARY KEY (tenant, subject)
 * );
 * CREATE TABLE IF NOT EXISTS waas_mfa_recovery_codes (
 *   tenant     VARCHAR(128) NOT NULL,
 *   subject    VARCHAR(128) NOT NULL,
 *   code_hash  VARCHAR(64) NOT NULL,       -- keyed hash of one unused code, never the code
 *   PRIMARY KEY (tenant, subject, code_hash)
 * );
 * }</pre>
 *
 * <p>Redeeming is one {@code DELETE ... WHERE tenant = ? AND subject = ? AND code_hash = ?} whose
 * row count says whether this call consumed the code, so a code is used at most once even under
 * concurrency. Regenerating runs in one transaction that first upserts the user's row in {@code
 * waas_mfa_recovery_sets} (taking its row lock, which serializes concurrent regenerations), then
 * deletes the old codes and inserts the new ones; on any failure it rolls back and the old set
 * stays.
 *
 * <p>Thread-safe (each call takes its own connection from the data source).
 */
public final class JdbcRecoveryCodeStore implements RecoveryCodeStore {
  /** The table of per-user sets. */
  public static final String SETS_TABLE = "waas_mfa_recovery_sets";
  /** The table of unused code hashes. */
  public static final String CODES_TABLE = "waas_mfa_recovery_codes";

  private static final String DDL_SETS = "CREATE TABLE IF NOT EXISTS " + SETS_TABLE + " ("
      + "tenant VARCHAR(128) NOT NULL, subject VARCHAR(128) NOT NULL, generation BIGINT NOT NULL, "
      + "PRIMARY KEY (tenant, subject))";
  private static final String DDL_CODES = "CREATE TABLE IF NOT EXISTS " + CODES_TABLE + " ("
      + "tenant VARCHAR(128) NOT NULL, subject VARCHAR(128) NOT NULL, code_hash VARCHAR(64) NOT NULL, "
      + "PRIMARY KEY (tenant, subject, code_hash))";
  private static final String LOCK_SET = "INSERT INTO " + SETS_TABLE + " AS s (tenant, subject, generation) "
      + "VALUES (?, ?, 1) ON CONFLICT (tenant, subject) DO UPDATE SET generation = s.generation + 1";
  private static final String DELETE_ALL = "DELETE FROM " + CODES_TABLE + " WHERE tenant = ? AND subject = ?";
  private static final String INSERT = "INSERT INTO " + CODES_TABLE + " (tenant, subject, code_hash) VALUES (?, ?, ?)";
  private static final String CONSUME =
      "DELETE FROM " + CODES_TABLE + " WHERE tenant = ? AND subject = ? AND code_hash = ?";
  private static final String SELECT = "SELECT code_hash FROM " + CODES_TABLE + " WHERE tenant = ? AND subject = ?";

  private final DataSource dataSource;

  /**
   * Creates a store on a data source. Call {@link #createSchema()} once (or run the DDL above).
   *
   * @param dataSource where the tables live
   */
  public JdbcRecoveryCodeStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Creates the tables if they do not exist.
   *
   * @throws OtpStoreException if the database refuses
   */
  public void createSchema() {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(DDL_SETS);
      s.execute(DDL_CODES);
    } catch (SQLException e) {
      throw new OtpStoreException("cannot create the recovery code tables", e);
    }
  }

  @Override
  public void replaceAll(String tenant, String subject, List<String> hashes) {
    for (String h : hashes) {
      if (h.isEmpty() || h.length() > 64) {
        throw new IllegalArgumentException("recovery code hashes have 1 to 64 characters");
      }
    }
    try (Connection c = dataSource.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        try (PreparedStatement lock = c.prepareStatement(LOCK_SET)) {
          lock.setString(1, tenant);
          lock.setString(2, subject);
          lock.executeUpdate();
        }
        try (PreparedStatement del = c.prepareStatement(DELETE_ALL)) {
          del.setString(1, tenant);
          del.setString(2, subject);
          del.executeUpdate();
        }
        if (!hashes.isEmpty()) {
          try (PreparedStatement ins = c.prepareStatement(INSERT)) {
            for (String h : hashes) {
              ins.setString(1, tenant);
              ins.setString(2, subject);
              ins.setString(3, h);
              ins.addBatch();
            }
            ins.executeBatch();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    } catch (SQLException e) {
      throw new OtpStoreException("cannot replace the recovery codes", e);
    }
  }

  @Override
  public boolean consume(String tenant, String subject, String hash) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(CONSUME)) {
      ps.setString(1, tenant);
      ps.setString(2, subject);
      ps.setString(3, hash);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new OtpStoreException("cannot consume the recovery code", e);
    }
  }

  @Override
  public List<String> hashes(String tenant, String subject) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SELECT)) {
      ps.setString(1, tenant);
      ps.setString(2, subject);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new OtpStoreException("cannot read the recovery codes", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcRecoveryCodeStore[" + SETS_TABLE + ", " + CODES_TABLE + "]";
  }
}
