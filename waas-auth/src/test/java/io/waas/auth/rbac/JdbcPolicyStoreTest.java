package io.waas.auth.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.auth.testing.PostgresDatabase;
import io.waas.core.SecurityEvent;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract and the JDBC-specific behaviour of {@link JdbcPolicyStore}, on real PostgreSQL. */
class JdbcPolicyStoreTest extends PolicySourceContractTest {
  @SuppressWarnings("NullAway.Init")
  private DataSource db;

  @SuppressWarnings("NullAway.Init")
  private JdbcPolicyStore store;

  @BeforeEach
  void setUp() throws Exception {
    db = PostgresDatabase.freshSchema("rbac");
    store = JdbcPolicyStore.create(db);
    store.createSchema();
  }

  @Override
  PolicySource store(Policy policy) throws Exception {
    store.replaceAll(policy);
    return store;
  }

  @Test
  void createSchema_idempotent() throws Exception {
    store.createSchema();
    store.replaceAll(AuthorizerTest.fixture());
    store.createSchema();
    assertEquals(AuthorizerTest.fixture(), store.load());
  }

  @Test
  void incrementalWrites_roundTrip() throws Exception {
    store.putRole(RoleDefinition.global("viewer").allow("*:read").build());
    store.putRole(RoleDefinition.inTenant("t", "editor").inherits("viewer").allow("pages:*").build());
    assertTrue(store.assign("t", "u", "editor"));
    assertFalse(store.assign("t", "u", "editor"));
    Authorizer a = Authorizer.builder(store.load()).eventListener(e -> { }).build();
    assertTrue(a.check("t", "u", "pages:edit"));

    // Replacing a role replaces its grants and parents.
    store.putRole(RoleDefinition.inTenant("t", "editor").allow("posts:*").build());
    a.reload(store);
    assertFalse(a.check("t", "u", "pages:edit"));
    assertFalse(a.check("t", "u", "pages:read"));
    assertTrue(a.check("t", "u", "posts:edit"));

    assertTrue(store.unassign("t", "u", "editor"));
    assertFalse(store.unassign("t", "u", "editor"));
    a.reload(store);
    assertFalse(a.check("t", "u", "posts:edit"));
  }

  @Test
  void deleteRole_removesAssignmentsAndInheritanceEdges() throws Exception {
    store.replaceAll(Policy.builder()
        .role(RoleDefinition.global("base").allow("a:b").build())
        .role(RoleDefinition.inTenant("t", "child").inherits("base").allow("c:d").build())
        .assign("t", "u", "base").assign("t", "v", "child").assign("s", "u", "base")
        .build());
    assertTrue(store.deleteRole(null, "base"));
    assertFalse(store.deleteRole(null, "base"));
    Policy p = store.load();
    assertEquals(1, p.roles().size());
    assertEquals(List.of(RoleAssignment.of("t", "v", "child")), p.assignments());
    assertEquals(List.of(), p.roles().get(0).parents());
  }

  @Test
  void version_incrementsOnEveryWrite() throws Exception {
    long v0 = store.version();
    store.assign("t", "u", "r");
    store.unassign("t", "u", "r");
    assertEquals(v0 + 2, store.version());
  }

  @Test
  void inconsistentWrite_reloadFails_oldSnapshotKept() throws Exception {
    store.replaceAll(AuthorizerTest.fixture());
    List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    Authorizer a = Authorizer.builder(store.load()).eventListener(events::add).build();
    PolicySnapshot before = a.snapshot();
    store.assign("site-a", "mallory", "no-such-role");
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> a.reload(store));
    assertTrue(String.valueOf(e.getMessage()).contains("no-such-role"), e.getMessage());
    assertSame(before, a.snapshot());
    assertEquals(RbacEvents.POLICY_RELOAD_FAILED, events.get(events.size() - 1).type());
  }

  @Test
  void cycleWrittenIncrementally_loadThrowsRoleCycle() throws Exception {
    store.putRole(RoleDefinition.global("a").inherits("b").build());
    store.putRole(RoleDefinition.global("b").inherits("a").build());
    RoleCycleException e = assertThrows(RoleCycleException.class, store::load);
    assertEquals(List.of("a", "b", "a"), e.cycle());
  }

  @Test
  void unknownEffectOrCondition_loadRefusesInsteadOfAllowing() throws Exception {
    store.putRole(RoleDefinition.global("a").deny("pages:delete").build());
    store.putRole(RoleDefinition.global("b").allowIfOwner("pages:edit").build());
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      // Tables made by hand may lack the CHECK constraints; the loader must not rely on them.
      s.execute("ALTER TABLE waas_rbac_grants DROP CONSTRAINT waas_rbac_grants_effect_check");
      s.execute("ALTER TABLE waas_rbac_grants DROP CONSTRAINT waas_rbac_grants_grant_condition_check");
      s.executeUpdate("UPDATE waas_rbac_grants SET effect = 'DENY' WHERE role_name = 'a'");
    }
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, store::load);
    assertTrue(String.valueOf(e.getMessage()).contains("effect"), e.getMessage());
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE waas_rbac_grants SET effect = 'deny' WHERE role_name = 'a'");
      s.executeUpdate("UPDATE waas_rbac_grants SET grant_condition = 'Owner' WHERE role_name = 'b'");
    }
    e = assertThrows(InvalidPolicyException.class, store::load);
    assertTrue(String.valueOf(e.getMessage()).contains("grant_condition"), e.getMessage());
  }

  @Test
  void load_leavesConnectionWritable() throws Exception {
    // A one-connection pool that does not reset read-only: the next writer gets the loader's
    // connection.
    try (io.waas.auth.testing.PooledTestDataSource pool = new io.waas.auth.testing.PooledTestDataSource(db)) {
      JdbcPolicyStore pooled = JdbcPolicyStore.create(pool);
      pooled.putRole(RoleDefinition.global("a").allow("pages:read").build());
      pooled.load();
      try (Connection c = pool.getConnection()) {
        assertTrue(c.getAutoCommit());
        assertFalse(c.isReadOnly());
      }
      pooled.putRole(RoleDefinition.global("b").allow("pages:read").build());
      assertEquals(2, pooled.load().roles().size());
    }
  }

  @Test
  void malformedRow_loadThrowsWithRowLocation() throws Exception {
    store.putRole(RoleDefinition.global("a").build());
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO waas_rbac_grants (tenant, role_name, ordinal, effect, permission, grant_condition)"
          + " VALUES ('', 'a', 0, 'allow', 'Pages:edit', '')");
    }
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, store::load);
    assertTrue(String.valueOf(e.location()).startsWith("waas_rbac_grants row"), e.getMessage());
  }

  @Test
  void concurrentAssigns_allStored() throws Exception {
    store.putRole(RoleDefinition.global("r").allow("a:b").build());
    long v0 = store.version();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String user = "u" + (i % 20); // every user twice: exactly one insert wins
        results.add(pool.submit(() -> store.assign("t", user, "r")));
      }
      int inserted = 0;
      for (Future<Boolean> f : results) {
        inserted += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertEquals(20, inserted);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(20, store.load().assignments().size());
    assertEquals(v0 + 40, store.version());
  }

  @Test
  void load_duringConcurrentReplace_seesOneWholePolicy() throws Exception {
    Policy a = AuthorizerTest.fixture();
    Policy b = PolicyJson.parse(PolicyJsonTest.EXAMPLE);
    store.replaceAll(a);
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer = pool.submit(() -> {
        for (int i = 0; i < 30 && !stop.get(); i++) {
          store.replaceAll(i % 2 == 0 ? b : a);
        }
        return null;
      });
      int loads = 0;
      while (!writer.isDone() || loads < 5) {
        Policy p = store.load();
        assertTrue(p.equals(a) || p.equals(b), "load saw a mix of two policies");
        loads++;
      }
      writer.get(120, TimeUnit.SECONDS);
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }
}
