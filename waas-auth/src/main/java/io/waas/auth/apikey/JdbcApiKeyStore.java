package io.waas.auth.apikey;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link ApiKeyStore} in a SQL database, table {@value #TABLE}:
 *
 * <pre>{@code
 * CREATE TABLE IF NOT EXISTS waas_api_keys (
 *   key_id       VARCHAR(12)   PRIMARY KEY,       -- public, from the key text
 *   tenant       VARCHAR(32)   NOT NULL,
 *   environment  VARCHAR(8)    NOT NULL,          -- live | test
 *   name         VARCHAR(100)  NOT NULL,
 *   scopes       VARCHAR(2200) NOT NULL,          -- space-separated
 *   key_hash     VARCHAR(128)  NOT NULL UNIQUE,   -- hex of the stored hash
 *   created_at   BIGINT        NOT NULL,          -- epoch milliseconds
 *   expires_at   BIGINT,
 *   revoked_at   BIGINT,
 *   last_used_at BIGINT
 * );
 * CREATE INDEX IF NOT EXISTS waas_api_keys_tenant ON waas_api_keys (tenant, created_at);
 * }</pre>
 *
 * <p>Every operation is one parameterized statement; the conditional updates put their condition in the
 * {@code WHERE} clause and report the row count, so they are atomic without explicit transactions. The
 * SQL is portable; <b>PostgreSQL is the tested target</b>.
 *
 * <p>Thread-safe; holds no connection between calls.
 */
public final class JdbcApiKeyStore implements ApiKeyStore {
  /** The table's name. */
  public static final String TABLE = "waas_api_keys";

  private static final String COLUMNS =
      "key_id, tenant, environment, name, scopes, key_hash, created_at, expires_at, revoked_at, last_used_at";

  private final DataSource dataSource;

  /**
   * Creates a store on {@code dataSource}; call {@link #createSchema()} once, or create the table with the
   * DDL above.
   *
   * @param dataSource where the table lives
   */
  public JdbcApiKeyStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Creates the table and its index if they do not exist.
   *
   * @throws ApiKeyStoreException if the database refuses
   */
  public void createSchema() throws ApiKeyStoreException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
          + "key_id VARCHAR(12) PRIMARY KEY, "
          + "tenant VARCHAR(32) NOT NULL, "
          + "environment VARCHAR(8) NOT NULL, "
          + "name VARCHAR(100) NOT NULL, "
          + "scopes VARCHAR(2200) NOT NULL, "
          + "key_hash VARCHAR(128) NOT NULL UNIQUE, "
          + "created_at BIGINT NOT NULL, "
          + "expires_at BIGINT, "
          + "revoked_at BIGINT, "
          + "last_used_at BIGINT)");
      s.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_tenant ON " + TABLE + " (tenant, created_at)");
    } catch (SQLException e) {
      throw new ApiKeyStoreException("cannot create table " + TABLE, e);
    }
  }

  @Override
  public boolean insert(ApiKeyRecord record) throws ApiKeyStoreException {
    ApiKeyMetadata m = record.metadata();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, m.keyId());
      ps.setString(2, m.tenant());
      ps.setString(3, m.environment().marker());
      ps.setString(4, m.name());
      ps.setString(5, String.join(" ", m.scopes()));
      ps.setString(6, HexFormat.of().formatHex(record.keyHash()));
      ps.setLong(7, m.createdAt().toEpochMilli());
      setInstant(ps, 8, m.expiresAt().orElse(null));
      setInstant(ps, 9, m.revokedAt().orElse(null));
      setInstant(ps, 10, m.lastUsedAt().orElse(null));
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      String state = e.getSQLState();
      if ("23505".equals(state)) {
        return false; // unique violation: the id or the hash exists (other integrity errors are real errors)
      }
      throw new ApiKeyStoreException("cannot insert API key record into " + TABLE, e);
    }
  }

  @Override
  public Optional<ApiKeyRecord> find(String keyId) throws ApiKeyStoreException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE key_id = ?")) {
      ps.setString(1, keyId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException | IllegalArgumentException e) {
      throw new ApiKeyStoreException("cannot read API key record from " + TABLE, e);
    }
  }

  @Override
  public List<ApiKeyRecord> list(String tenant) throws ApiKeyStoreException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + TABLE
            + " WHERE tenant = ? ORDER BY created_at, key_id")) {
      ps.setString(1, tenant);
      List<ApiKeyRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException | IllegalArgumentException e) {
      throw new ApiKeyStoreException("cannot list API key records from " + TABLE, e);
    }
  }

  @Override
  public boolean revoke(String tenant, String keyId, Instant at) throws ApiKeyStoreException {
    return update("UPDATE " + TABLE + " SET revoked_at = ? WHERE key_id = ? AND tenant = ? AND revoked_at IS NULL",
        at, keyId, tenant, null);
  }

  @Override
  public boolean shortenExpiry(String keyId, Instant expiresAt) throws ApiKeyStoreException {
    return update("UPDATE " + TABLE + " SET expires_at = ? WHERE key_id = ? AND (expires_at IS NULL OR expires_at > ?)",
        expiresAt, keyId, null, expiresAt);
  }

  @Override
  public boolean touchLastUsed(String keyId, Instant at, Instant ifLastUsedAtOrBefore) throws ApiKeyStoreException {
    return update("UPDATE " + TABLE
            + " SET last_used_at = ? WHERE key_id = ? AND (last_used_at IS NULL OR last_used_at <= ?)",
        at, keyId, null, ifLastUsedAtOrBefore);
  }

  /** Runs {@code sql} with (instant, key id, [tenant], [instant]) parameters; returns whether a row changed. */
  private boolean update(String sql, Instant value, String keyId, @Nullable String tenant, @Nullable Instant bound)
      throws ApiKeyStoreException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      ps.setLong(i++, value.toEpochMilli());
      ps.setString(i++, keyId);
      if (tenant != null) {
        ps.setString(i++, tenant);
      }
      if (bound != null) {
        ps.setLong(i, bound.toEpochMilli());
      }
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new ApiKeyStoreException("cannot update API key record in " + TABLE, e);
    }
  }

  private static ApiKeyRecord read(ResultSet rs) throws SQLException {
    String scopes = rs.getString(5);
    Set<String> scopeSet = scopes.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(scopes.split(" ")));
    ApiKeyMetadata m = ApiKeyMetadata.of(
        rs.getString(1),
        rs.getString(2),
        ApiKeyEnvironment.valueOf(rs.getString(3).toUpperCase(Locale.ROOT)),
        rs.getString(4),
        scopeSet,
        Instant.ofEpochMilli(rs.getLong(7)),
        instant(rs, 8),
        instant(rs, 9),
        instant(rs, 10));
    return new ApiKeyRecord(m, HexFormat.of().parseHex(rs.getString(6)));
  }

  private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static void setInstant(PreparedStatement ps, int index, @Nullable Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, t.toEpochMilli());
    }
  }
}
