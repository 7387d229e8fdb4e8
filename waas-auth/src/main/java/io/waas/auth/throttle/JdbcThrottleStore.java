package io.waas.auth.throttle;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ThrottleStore} in a SQL database, shared by every instance of a service: one row per key in
 * the table {@value #TABLE}.
 *
 * <pre>{@code
 * CREATE TABLE IF NOT EXISTS waas_login_throttle (
 *   throttle_key    VARCHAR(300) PRIMARY KEY,
 *   failures        INTEGER      NOT NULL,
 *   last_failure_at BIGINT       NOT NULL,   -- epoch milliseconds
 *   expires_at      BIGINT                   -- epoch milliseconds; NULL: locked until unlocked
 * );
 * CREATE INDEX IF NOT EXISTS waas_login_throttle_expires ON waas_login_throttle (expires_at);
 * }</pre>
 *
 * <p>Each {@link #update} is one transaction that locks the key's row with {@code SELECT ... FOR
 * UPDATE}, applies the transition and writes the result, so concurrent updates of one key from any
 * number of instances serialize on the row. A key without a row is inserted; if a concurrent transaction
 * inserted it first (a unique-key violation, SQLSTATE class 23), the transaction is rolled back and
 * retried, and then finds and locks the row. The SQL is portable (no vendor upsert syntax);
 * <b>PostgreSQL is the tested target</b>, at its default isolation level READ COMMITTED.
 *
 * <p>Thread-safe; holds no connection between calls.
 */
public final class JdbcThrottleStore implements ThrottleStore {
  /** The table's name. */
  public static final String TABLE = "waas_login_throttle";

  private static final int MAX_TRIES = 20;

  private final DataSource dataSource;

  /**
   * Creates a store on {@code dataSource}; call {@link #createSchema()} once, or create the table with
   * the DDL above.
   *
   * @param dataSource where the table lives
   */
  public JdbcThrottleStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Creates the table and its index if they do not exist.
   *
   * @throws ThrottleStoreException if the database refuses
   */
  public void createSchema() throws ThrottleStoreException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
          + "throttle_key VARCHAR(300) PRIMARY KEY, "
          + "failures INTEGER NOT NULL, "
          + "last_failure_at BIGINT NOT NULL, "
          + "expires_at BIGINT)");
      s.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_expires ON " + TABLE + " (expires_at)");
    } catch (SQLException e) {
      throw new ThrottleStoreException("cannot create table " + TABLE, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the key is empty or longer than {@value #MAX_KEY_LENGTH}
   */
  @Override
  public ThrottleRecord update(String key, UnaryOperator<ThrottleRecord> transition) throws ThrottleStoreException {
    InMemoryThrottleStore.checkKey(key);
    Objects.requireNonNull(transition, "transition");
    for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        ThrottleRecord stored = tryUpdate(c, key, transition);
        if (stored != null) {
          return stored;
        }
      } catch (SQLException e) {
        throw new ThrottleStoreException("cannot update throttle record in " + TABLE, e);
      }
    }
    throw new ThrottleStoreException("throttle record in " + TABLE + " kept conflicting; gave up after "
        + MAX_TRIES + " tries", null);
  }

  /** One transaction; returns null if a concurrent insert won the race and the caller should retry. */
  private static @Nullable ThrottleRecord tryUpdate(Connection c, String key, UnaryOperator<ThrottleRecord> transition)
      throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try {
      ThrottleRecord current = null;
      try (PreparedStatement ps = c.prepareStatement("SELECT failures, last_failure_at, expires_at FROM " + TABLE
          + " WHERE throttle_key = ? FOR UPDATE")) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            current = read(rs);
          }
        }
      }
      ThrottleRecord next =
          Objects.requireNonNull(transition.apply(current == null ? ThrottleRecord.empty() : current));
      if (current == null) {
        if (!next.isEmpty()) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE
              + " (failures, last_failure_at, expires_at, throttle_key) VALUES (?, ?, ?, ?)")) {
            bind(ps, next, key);
            ps.executeUpdate();
          } catch (SQLException e) {
            if (isUniqueViolation(e)) {
              c.rollback();
              return null;
            }
            throw e;
          }
        }
      } else if (next.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE throttle_key = ?")) {
          ps.setString(1, key);
          ps.executeUpdate();
        }
      } else if (!next.equals(current)) { // a refusal changes nothing: no write, no commit of one
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + TABLE
            + " SET failures = ?, last_failure_at = ?, expires_at = ? WHERE throttle_key = ?")) {
          bind(ps, next, key);
          ps.executeUpdate();
        }
      }
      c.commit();
      return next;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c, e);
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  @Override
  public ThrottleRecord get(String key) throws ThrottleStoreException {
    InMemoryThrottleStore.checkKey(key);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT failures, last_failure_at, expires_at FROM " + TABLE + " WHERE throttle_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? read(rs) : ThrottleRecord.empty();
      }
    } catch (SQLException e) {
      throw new ThrottleStoreException("cannot read throttle record from " + TABLE, e);
    }
  }

  @Override
  public int purgeExpired(Instant now) throws ThrottleStoreException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "DELETE FROM " + TABLE + " WHERE expires_at IS NOT NULL AND expires_at <= ?")) {
      ps.setLong(1, saturatedMillis(now));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new ThrottleStoreException("cannot purge expired throttle records from " + TABLE, e);
    }
  }

  private static long saturatedMillis(Instant t) {
    try {
      return t.toEpochMilli();
    } catch (ArithmeticException e) {
      return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static ThrottleRecord read(ResultSet rs) throws SQLException {
    int failures = rs.getInt(1);
    Instant last = Instant.ofEpochMilli(rs.getLong(2));
    long expires = rs.getLong(3);
    return new ThrottleRecord(failures, last, rs.wasNull() ? null : Instant.ofEpochMilli(expires));
  }

  private static void bind(PreparedStatement ps, ThrottleRecord r, String key) throws SQLException {
    ps.setInt(1, r.failures());
    ps.setLong(2, r.lastFailureAt().toEpochMilli());
    Instant expires = r.expiresAt();
    if (expires == null) {
      ps.setNull(3, Types.BIGINT);
    } else {
      ps.setLong(3, expires.toEpochMilli());
    }
    ps.setString(4, key);
  }

  private static boolean isUniqueViolation(SQLException e) {
    String state = e.getSQLState();
    return "23505".equals(state); // unique_violation only: not-null or check violations are real errors
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException r) {
      cause.addSuppressed(r);
    }
  }
}
