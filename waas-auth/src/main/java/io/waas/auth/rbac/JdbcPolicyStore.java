package io.waas.auth.rbac;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Stores an RBAC policy in four SQL tables and loads it as one consistent snapshot.
 *
 * <h2>Schema</h2>
 *
 * <p>{@link #createSchema()} runs {@link #DDL}: global roles have tenant {@code ''} (an empty
 * string, since a primary key column cannot be null; tenant ids are never empty).
 *
 * <pre>
 * CREATE TABLE IF NOT EXISTS waas_rbac_version (
 *   id INT PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL);
 * CREATE TABLE IF NOT EXISTS waas_rbac_roles (
 *   tenant VARCHAR(256) NOT NULL, name VARCHAR(64) NOT NULL, PRIMARY KEY (tenant, name));
 * CREATE TABLE IF NOT EXISTS waas_rbac_role_parents (
 *   tenant VARCHAR(256) NOT NULL, role_name VARCHAR(64) NOT NULL, ordinal INT NOT NULL,
 *   parent VARCHAR(64) NOT NULL, PRIMARY KEY (tenant, role_name, parent),
 *   FOREIGN KEY (tenant, role_name) REFERENCES waas_rbac_roles (tenant, name) ON DELETE CASCADE);
 * CREATE TABLE IF NOT EXISTS waas_rbac_grants (
 *   tenant VARCHAR(256) NOT NULL, role_name VARCHAR(64) NOT NULL, ordinal INT NOT NULL,
 *   effect VARCHAR(5) NOT NULL CHECK (effect IN ('allow', 'deny')),
 *   permission VARCHAR(258) NOT NULL,
 *   grant_condition VARCHAR(8) NOT NULL CHECK (grant_condition IN ('', 'owner')),
 *   PRIMARY KEY (tenant, role_name, ordinal),
 *   FOREIGN KEY (tenant, role_name) REFERENCES waas_rbac_roles (tenant, name) ON DELETE CASCADE);
 * CREATE TABLE IF NOT EXISTS waas_rbac_assignments (
 *   tenant VARCHAR(256) NOT NULL CHECK (tenant &lt;&gt; ''), user_id VARCHAR(256) NOT NULL,
 *   role_name VARCHAR(64) NOT NULL, PRIMARY KEY (tenant, user_id, role_name));
 * INSERT INTO waas_rbac_version (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING;
 * </pre>
 *
 * <p>Parents and assigned roles may be global roles, so they have no foreign key; references are
 * checked when the policy is loaded ({@link Policy.Builder#build()}).
 *
 * <h2>Consistency</h2>
 *
 * <ul>
 *   <li>{@link #load()} reads all tables in one read-only {@code REPEATABLE READ} transaction, so it
 *       sees one committed state even while writers run; the result is validated as a whole.
 *   <li>Every write runs in one transaction that first increments the single row of {@code
 *       waas_rbac_version}; that row lock serializes writers, so concurrent writes never interleave.
 *   <li>A write that leaves the stored policy inconsistent (for example assigning an unknown role)
 *       is stored, but the next {@link Authorizer#reload(PolicySource)} fails and keeps the previous
 *       snapshot; use {@link #replaceAll(Policy)} to write a policy that is validated first.
 * </ul>
 *
 * <p>Portable SQL except {@code ON CONFLICT DO NOTHING}; PostgreSQL is the tested target. All
 * statements are parameterized. Thread-safe: every call uses its own connection.
 */
public final class JdbcPolicyStore implements PolicySource {
  /** The schema, one statement per element, as {@link #createSchema()} runs it. */
  public static final List<String> DDL = List.of(
      "CREATE TABLE IF NOT EXISTS waas_rbac_version ("
          + "id INT PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)",
      "CREATE TABLE IF NOT EXISTS waas_rbac_roles ("
          + "tenant VARCHAR(256) NOT NULL, name VARCHAR(64) NOT NULL, PRIMARY KEY (tenant, name))",
      "CREATE TABLE IF NOT EXISTS waas_rbac_role_parents ("
          + "tenant VARCHAR(256) NOT NULL, role_name VARCHAR(64) NOT NULL, ordinal INT NOT NULL, "
          + "parent VARCHAR(64) NOT NULL, PRIMARY KEY (tenant, role_name, parent), "
          + "FOREIGN KEY (tenant, role_name) REFERENCES waas_rbac_roles (tenant, name) ON DELETE CASCADE)",
      "CREATE TABLE IF NOT EXISTS waas_rbac_grants ("
          + "tenant VARCHAR(256) NOT NULL, role_name VARCHAR(64) NOT NULL, ordinal INT NOT NULL, "
          + "effect VARCHAR(5) NOT NULL CHECK (effect IN ('allow', 'deny')), "
          + "permission VARCHAR(258) NOT NULL, "
          + "grant_condition VARCHAR(8) NOT NULL CHECK (grant_condition IN ('', 'owner')), "
          + "PRIMARY KEY (tenant, role_name, ordinal), "
          + "FOREIGN KEY (tenant, role_name) REFERENCES waas_rbac_roles (tenant, name) ON DELETE CASCADE)",
      "CREATE TABLE IF NOT EXISTS waas_rbac_assignments ("
          + "tenant VARCHAR(256) NOT NULL CHECK (tenant <> ''), user_id VARCHAR(256) NOT NULL, "
          + "role_name VARCHAR(64) NOT NULL, PRIMARY KEY (tenant, user_id, role_name))",
      "INSERT INTO waas_rbac_version (id, version) VALUES (1, 0) ON CONFLICT DO NOTHING");

  private static final String GLOBAL = "";

  private final DataSource dataSource;

  private JdbcPolicyStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Creates a store on a data source (call {@link #createSchema()} once, or create the tables from
   * {@link #DDL} yourself).
   *
   * @param dataSource the database
   * @return the store
   */
  public static JdbcPolicyStore create(DataSource dataSource) {
    return new JdbcPolicyStore(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * Creates the tables if they do not exist.
   *
   * @throws PolicyStoreException if the database fails
   */
  public void createSchema() throws PolicyStoreException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        for (String ddl : DDL) {
          s.execute(ddl);
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PolicyStoreException("cannot create the RBAC tables", e);
    }
  }

  /**
   * Loads the whole policy in one read-only {@code REPEATABLE READ} transaction.
   *
   * @return the validated policy
   * @throws RoleCycleException if the stored roles inherit in a cycle
   * @throws InvalidPolicyException if a stored value is malformed or the policy is inconsistent
   * @throws PolicyStoreException if the database fails
   */
  @Override
  public Policy load() throws InvalidPolicyException, PolicyStoreException {
    Map<String, RoleDefinition.Builder> roles = new LinkedHashMap<>();
    Policy.Builder policy = Policy.builder();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      try {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant, name FROM waas_rbac_roles ORDER BY tenant, name");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String tenant = rs.getString(1);
            String name = rs.getString(2);
            String where = "waas_rbac_roles row (" + tenant + ", " + name + ")";
            roles.put(key(tenant, name), valid(where, () -> GLOBAL.equals(tenant)
                ? RoleDefinition.global(name)
                : RoleDefinition.inTenant(tenant, name)));
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant, role_name, parent FROM waas_rbac_role_parents ORDER BY tenant, role_name, ordinal");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String parent = rs.getString(3);
            RoleDefinition.Builder b = role(roles, rs.getString(1), rs.getString(2), "waas_rbac_role_parents");
            valid("waas_rbac_role_parents row (" + rs.getString(1) + ", " + rs.getString(2) + ", " + parent + ")",
                () -> b.inherits(parent));
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant, role_name, effect, permission, grant_condition FROM waas_rbac_grants "
                    + "ORDER BY tenant, role_name, ordinal");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            RoleDefinition.Builder b = role(roles, rs.getString(1), rs.getString(2), "waas_rbac_grants");
            String effect = rs.getString(3);
            String permission = rs.getString(4);
            String condition = rs.getString(5);
            String where = "waas_rbac_grants row (" + rs.getString(1) + ", " + rs.getString(2) + ", " + permission + ")";
            // Exact values only: a stray 'DENY' or 'Owner' written by hand must not become an
            // unconditional allow.
            Grant.Effect e = switch (String.valueOf(effect)) {
              case "allow" -> Grant.Effect.ALLOW;
              case "deny" -> Grant.Effect.DENY;
              default -> throw new InvalidPolicyException(where, "effect must be 'allow' or 'deny'");
            };
            Grant.Condition cond;
            if (condition == null || condition.isEmpty()) {
              cond = Grant.Condition.NONE;
            } else if (condition.equals("owner")) {
              cond = Grant.Condition.OWNER;
            } else {
              throw new InvalidPolicyException(where, "grant_condition must be empty or 'owner'");
            }
            valid(where, () -> b.grant(Grant.of(e, Permission.parse(permission), cond)));
          }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT tenant, user_id, role_name FROM waas_rbac_assignments ORDER BY tenant, user_id, role_name");
            ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String tenant = rs.getString(1);
            String user = rs.getString(2);
            String role = rs.getString(3);
            valid("waas_rbac_assignments row (" + tenant + ", " + user + ", " + role + ")",
                () -> policy.assign(tenant, user, role));
          }
        }
        c.commit();
      } catch (SQLException | InvalidPolicyException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        restore(c);
      }
    } catch (SQLException e) {
      throw new PolicyStoreException("cannot load the RBAC policy", e);
    }
    for (RoleDefinition.Builder b : roles.values()) {
      policy.role(b.build());
    }
    return policy.build();
  }

  private static <T> T valid(String where, Supplier<T> step) throws InvalidPolicyException {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException(where, String.valueOf(e.getMessage()), e);
    }
  }

  private static RoleDefinition.Builder role(
      Map<String, RoleDefinition.Builder> roles, String tenant, String name, String table)
      throws InvalidPolicyException {
    RoleDefinition.Builder b = roles.get(key(tenant, name));
    if (b == null) {
      throw new InvalidPolicyException(
          table + " row (" + tenant + ", " + name + ")", "names a role that waas_rbac_roles does not define");
    }
    return b;
  }

  /** Rolls back without letting a rollback failure hide the original one. */
  private static void rollbackQuietly(Connection c, Exception original) {
    try {
      c.rollback();
    } catch (SQLException e) {
      original.addSuppressed(e);
    }
  }

  /**
   * Puts the connection back the way pools hand them out, so that a pool which does not reset
   * connections does not give a later writer a read-only, non-auto-commit connection.
   */
  private static void restore(Connection c) {
    try {
      c.setReadOnly(false);
      c.setAutoCommit(true);
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    } catch (SQLException ignored) {
      // the connection is broken; closing it is all that is left
    }
  }

  private static String key(String tenant, String name) {
    return tenant + '\u0000' + name;
  }

  private static String tenantColumn(@Nullable String tenant) {
    return tenant == null ? GLOBAL : tenant;
  }

  /** One write transaction; the version row lock serializes writers. */
  private interface Write<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T write(String what, Write<T> body) throws PolicyStoreException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement("UPDATE waas_rbac_version SET version = version + 1 WHERE id = 1")) {
          if (ps.executeUpdate() != 1) {
            throw new SQLException("waas_rbac_version has no row: run createSchema()");
          }
        }
        T result = body.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        restore(c);
      }
    } catch (SQLException e) {
      throw new PolicyStoreException("cannot " + what, e);
    }
  }

  /**
   * Returns the store's version: incremented by every write, so a changed value means the policy
   * may have changed.
   *
   * @return the version
   * @throws PolicyStoreException if the database fails
   */
  public long version() throws PolicyStoreException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT version FROM waas_rbac_version WHERE id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("waas_rbac_version has no row: run createSchema()");
      }
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new PolicyStoreException("cannot read the RBAC policy version", e);
    }
  }

  /**
   * Replaces the whole stored policy with {@code policy} in one transaction (readers see the old
   * or the new policy, never a mix). The policy is already validated, since it is a {@link Policy}.
   *
   * @param policy the new policy
   * @throws PolicyStoreException if the database fails (nothing is changed)
   */
  public void replaceAll(Policy policy) throws PolicyStoreException {
    Objects.requireNonNull(policy, "policy");
    write("replace the RBAC policy", c -> {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("DELETE FROM waas_rbac_assignments");
        s.executeUpdate("DELETE FROM waas_rbac_grants");
        s.executeUpdate("DELETE FROM waas_rbac_role_parents");
        s.executeUpdate("DELETE FROM waas_rbac_roles");
      }
      for (RoleDefinition r : policy.roles()) {
        insertRole(c, r);
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO waas_rbac_assignments (tenant, user_id, role_name) VALUES (?, ?, ?)")) {
        for (RoleAssignment a : policy.assignments()) {
          ps.setString(1, a.tenant());
          ps.setString(2, a.user());
          ps.setString(3, a.role());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return Boolean.TRUE;
    });
  }

  private static void insertRole(Connection c, RoleDefinition r) throws SQLException {
    String tenant = tenantColumn(r.tenant());
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO waas_rbac_roles (tenant, name) VALUES (?, ?)")) {
      ps.setString(1, tenant);
      ps.setString(2, r.name());
      ps.executeUpdate();
    }
    insertParentsAndGrants(c, tenant, r);
  }

  private static void insertParentsAndGrants(Connection c, String tenant, RoleDefinition r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO waas_rbac_role_parents (tenant, role_name, ordinal, parent) VALUES (?, ?, ?, ?)")) {
      int i = 0;
      for (String parent : r.parents()) {
        ps.setString(1, tenant);
        ps.setString(2, r.name());
        ps.setInt(3, i++);
        ps.setString(4, parent);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO waas_rbac_grants (tenant, role_name, ordinal, effect, permission, grant_condition) "
            + "VALUES (?, ?, ?, ?, ?, ?)")) {
      int i = 0;
      for (Grant g : r.grants()) {
        ps.setString(1, tenant);
        ps.setString(2, r.name());
        ps.setInt(3, i++);
        ps.setString(4, g.effect() == Grant.Effect.DENY ? "deny" : "allow");
        ps.setString(5, g.permission().toString());
        ps.setString(6, g.condition() == Grant.Condition.OWNER ? "owner" : "");
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Creates or replaces one role (its parents and grants) in one transaction.
   *
   * @param role the role
   * @throws PolicyStoreException if the database fails (nothing is changed)
   */
  public void putRole(RoleDefinition role) throws PolicyStoreException {
    Objects.requireNonNull(role, "role");
    String tenant = tenantColumn(role.tenant());
    write("store role " + role, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO waas_rbac_roles (tenant, name) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, tenant);
        ps.setString(2, role.name());
        ps.executeUpdate();
      }
      for (String table : new String[] {"waas_rbac_role_parents", "waas_rbac_grants"}) {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM " + table + " WHERE tenant = ? AND role_name = ?")) {
          ps.setString(1, tenant);
          ps.setString(2, role.name());
          ps.executeUpdate();
        }
      }
      insertParentsAndGrants(c, tenant, role);
      return Boolean.TRUE;
    });
  }

  /**
   * Deletes a role with its grants, the assignments of it, and the inheritance edges to it (roles
   * that inherited from it no longer get its grants). For a global role, assignments and edges in
   * every tenant are removed.
   *
   * @param tenant the role's tenant, or {@code null} for a global role
   * @param name the role name
   * @return whether the role existed
   * @throws PolicyStoreException if the database fails (nothing is changed)
   */
  public boolean deleteRole(@Nullable String tenant, String name) throws PolicyStoreException {
    Objects.requireNonNull(name, "name");
    String t = tenantColumn(tenant);
    return write("delete role " + name, c -> {
      String scope = tenant == null ? "" : " AND tenant = ?";
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM waas_rbac_assignments WHERE role_name = ?" + scope)) {
        ps.setString(1, name);
        if (tenant != null) {
          ps.setString(2, t);
        }
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM waas_rbac_role_parents WHERE parent = ?" + scope)) {
        ps.setString(1, name);
        if (tenant != null) {
          ps.setString(2, t);
        }
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM waas_rbac_roles WHERE tenant = ? AND name = ?")) {
        ps.setString(1, t);
        ps.setString(2, name);
        return ps.executeUpdate() == 1;
      }
    });
  }

  /**
   * Assigns a role to a user in a tenant (atomic; no effect if already assigned).
   *
   * @param tenant tenant id
   * @param user user id
   * @param role a role of that tenant or a global role
   * @return whether the assignment is new
   * @throws IllegalArgumentException if an id or the role name is malformed
   * @throws PolicyStoreException if the database fails
   */
  public boolean assign(String tenant, String user, String role) throws PolicyStoreException {
    RoleAssignment a = RoleAssignment.of(tenant, user, role);
    return write("assign a role", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO waas_rbac_assignments (tenant, user_id, role_name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, a.tenant());
        ps.setString(2, a.user());
        ps.setString(3, a.role());
        return ps.executeUpdate() == 1;
      }
    });
  }

  /**
   * Removes a role from a user in a tenant.
   *
   * @param tenant tenant id
   * @param user user id
   * @param role role name
   * @return whether the assignment existed
   * @throws PolicyStoreException if the database fails
   */
  public boolean unassign(String tenant, String user, String role) throws PolicyStoreException {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(role, "role");
    return write("remove a role assignment", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM waas_rbac_assignments WHERE tenant = ? AND user_id = ? AND role_name = ?")) {
        ps.setString(1, tenant);
        ps.setString(2, user);
        ps.setString(3, role);
        return ps.executeUpdate() == 1;
      }
    });
  }
}
