package io.waas.auth.mfa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * An {@link OtpReplayStore} in a SQL database, shared by every process that verifies codes.
 *
 * <p>Each operation is a single statement that the database executes atomically on the factor's
 * row (an upsert with {@code INSERT ... ON CONFLICT ... DO UPDATE ... WHERE}, whose row count or
 * {@code RETURNING} clause says what happened), so there is no read-modify-write across statements.
 * The upsert syntax is PostgreSQL's (also understood by SQLite 3.35+); <b>PostgreSQL is the tested
 * target</b>. Table ({@link #createSchema()} creates it):
 *
 * <pre>{@code
 * CREATE TABLE IF NOT EXISTS waas_mfa_otp_state (
 *   factor_id    VARCHAR(255) PRIMARY KEY,
 *   last_step    BIGINT,                      -- last accepted time step / counter; NULL = none
 *   failures     INTEGER NOT NULL DEFAULT 0,  -- consecutive failed attempts
 *   lockouts     INTEGER NOT NULL DEFAULT 0,  -- consecutive lockouts (back-off exponent)
 *   locked_until BIGINT                       -- epoch milliseconds; NULL = never locked
 * )
 * }</pre>
 *
 * <p>Thread-safe (each call takes its own connection from the data source).
 */
public final class JdbcOtpReplayStore implements OtpReplayStore {
  /** The table's name. */
  public static final String TABLE = "waas_mfa_otp_state";

  private static final String DDL = "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
      + "factor_id VARCHAR(255) PRIMARY KEY, "
      + "last_step BIGINT, "
      + "failures INTEGER NOT NULL DEFAULT 0, "
      + "lockouts INTEGER NOT NULL DEFAULT 0, "
      + "locked_until BIGINT)";

  private static final String ADVANCE = "INSERT INTO " + TABLE + " AS s (factor_id, last_step, failures) "
      + "VALUES (?, ?, 0) ON CONFLICT (factor_id) DO UPDATE SET last_step = EXCLUDED.last_step, failures = 0, lockouts = 0 "
      + "WHERE s.last_step IS NULL OR s.last_step < EXCLUDED.last_step";

  private static final String LAST = "SELECT last_step FROM " + TABLE + " WHERE factor_id = ?";

  // Parameters: factor id; then (now, maxFailures) for lockouts, (now, maxFailures, lockUntil)
  // for locked_until, (now, maxFailures) for failures. SET expressions all read the old row.
  private static final String BEGIN_ATTEMPT = "INSERT INTO " + TABLE + " AS s (factor_id, failures) "
      + "VALUES (?, 1) ON CONFLICT (factor_id) DO UPDATE SET "
      + "lockouts = CASE WHEN s.locked_until IS NOT NULL AND s.locked_until > ? THEN s.lockouts "
      + "  WHEN s.failures + 1 > ? THEN s.lockouts + 1 ELSE s.lockouts END, "
      + "locked_until = CASE WHEN s.locked_until IS NOT NULL AND s.locked_until > ? THEN s.locked_until "
      + "  WHEN s.failures + 1 > ? THEN ? ELSE s.locked_until END, "
      + "failures = CASE WHEN s.locked_until IS NOT NULL AND s.locked_until > ? THEN s.failures "
      + "  WHEN s.failures + 1 > ? THEN 0 ELSE s.failures + 1 END "
      + "RETURNING failures, lockouts, locked_until";

  private static final String LOCK = "INSERT INTO " + TABLE + " AS s (factor_id, failures, lockouts, locked_until) "
      + "VALUES (?, 0, 1, ?) ON CONFLICT (factor_id) DO UPDATE SET failures = 0, lockouts = s.lockouts + 1, locked_until = EXCLUDED.locked_until";

  private static final String DELETE = "DELETE FROM " + TABLE + " WHERE factor_id = ?";

  private final DataSource dataSource;

  /**
   * Creates a store on a data source. Call {@link #createSchema()} once (or run the DDL above).
   *
   * @param dataSource where the table lives
   */
  public JdbcOtpReplayStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Creates the table if it does not exist.
   *
   * @throws OtpStoreException if the database refuses
   */
  public void createSchema() {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute(DDL);
    } catch (SQLException e) {
      throw new OtpStoreException("cannot create table " + TABLE, e);
    }
  }

  @Override
  public boolean advance(String factorId, long step) {
    InMemoryOtpReplayStore.checkStep(step);
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(ADVANCE)) {
      ps.setString(1, checkId(factorId));
      ps.setLong(2, step);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new OtpStoreException("cannot record the accepted OTP step", e);
    }
  }

  @Override
  public OptionalLong lastAccepted(String factorId) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LAST)) {
      ps.setString(1, checkId(factorId));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return OptionalLong.empty();
        }
        long v = rs.getLong(1);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
      }
    } catch (SQLException e) {
      throw new OtpStoreException("cannot read the last accepted OTP step", e);
    }
  }

  @Override
  public Admission beginAttempt(String factorId, int maxFailures, Instant now, Instant lockUntil) {
    InMemoryOtpReplayStore.checkMaxFailures(maxFailures);
    long nowMs = now.toEpochMilli();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(BEGIN_ATTEMPT)) {
      ps.setString(1, checkId(factorId));
      ps.setLong(2, nowMs);
      ps.setInt(3, maxFailures);
      ps.setLong(4, nowMs);
      ps.setInt(5, maxFailures);
      ps.setLong(6, lockUntil.toEpochMilli());
      ps.setLong(7, nowMs);
      ps.setInt(8, maxFailures);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("upsert returned no row");
        }
        int failures = rs.getInt(1);
        int lockouts = rs.getInt(2);
        long locked = rs.getLong(3);
        if (!rs.wasNull() && locked > nowMs) {
          return Admission.locked(lockouts, Instant.ofEpochMilli(locked));
        }
        return Admission.admitted(failures, lockouts);
      }
    } catch (SQLException e) {
      throw new OtpStoreException("cannot count the OTP attempt", e);
    }
  }

  @Override
  public void lock(String factorId, Instant until) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LOCK)) {
      ps.setString(1, checkId(factorId));
      ps.setLong(2, until.toEpochMilli());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new OtpStoreException("cannot lock the factor", e);
    }
  }

  @Override
  public void delete(String factorId) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(DELETE)) {
      ps.setString(1, checkId(factorId));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new OtpStoreException("cannot delete the factor's OTP state", e);
    }
  }

  private static String checkId(String factorId) {
    if (factorId.isEmpty() || factorId.length() > 255) {
      throw new IllegalArgumentException("factor ids have 1 to 255 characters");
    }
    return factorId;
  }

  @Override
  public String toString() {
    return "JdbcOtpReplayStore[" + TABLE + "]";
  }
}
