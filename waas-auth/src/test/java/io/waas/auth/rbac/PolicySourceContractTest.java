package io.waas.auth.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What every {@link PolicySource} must do: give back exactly the policy that was stored. */
abstract class PolicySourceContractTest {
  /** Stores {@code policy} (replacing what was stored) and returns a source reading it. */
  abstract PolicySource store(Policy policy) throws Exception;

  @Test
  void load_returnsStoredPolicy() throws Exception {
    Policy p = AuthorizerTest.fixture();
    assertEquals(p, store(p).load());
  }

  @Test
  void load_empty() throws Exception {
    assertEquals(Policy.empty(), store(Policy.empty()).load());
  }

  @Test
  void load_afterReplace_returnsNewPolicy() throws Exception {
    store(AuthorizerTest.fixture());
    Policy p = PolicyJson.parse(PolicyJsonTest.EXAMPLE);
    assertEquals(p, store(p).load());
  }

  @Test
  void load_preservesGrantAndParentOrder_forExplain() throws Exception {
    Policy p = Policy.builder()
        .role(RoleDefinition.global("z").allow("a:b").build())
        .role(RoleDefinition.global("a").allow("a:b").build())
        .role(RoleDefinition.global("m").inherits("z", "a").allow("x:y", "c:d", "a:*").deny("q:r").build())
        .assign("t", "u", "m")
        .build();
    Policy loaded = store(p).load();
    RoleDefinition m = loaded.roles().stream().filter(r -> r.name().equals("m")).findFirst().orElseThrow();
    assertEquals(java.util.List.of("z", "a"), m.parents());
    assertEquals(p.roles().get(2).grants(), m.grants());
  }

  @Test
  void reload_fromSource_answersLikeDirectPolicy() throws Exception {
    Policy p = AuthorizerTest.fixture();
    PolicySource source = store(p);
    Authorizer direct = Authorizer.builder(p).eventListener(e -> { }).build();
    Authorizer loaded = Authorizer.builder(Policy.empty()).eventListener(e -> { }).build();
    loaded.reload(source);
    for (String user : new String[] {"alice", "bob", "carol", "dave", "erin", "frank", "gus"}) {
      for (String tenant : new String[] {"site-a", "site-b"}) {
        for (String perm : new String[] {"pages:edit", "pages/1:delete", "secrets:read", "billing:pay"}) {
          assertEquals(direct.check(tenant, user, perm, user), loaded.check(tenant, user, perm, user));
        }
      }
    }
    assertEquals(new CopyOnWriteArrayList<>(p.assignments()).size(), loaded.policy().assignments().size());
  }
}
