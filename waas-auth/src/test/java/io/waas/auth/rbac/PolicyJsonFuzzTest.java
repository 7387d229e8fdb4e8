package io.waas.auth.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The policy parser on arbitrary bytes: a valid policy or {@link InvalidPolicyException}. */
class PolicyJsonFuzzTest {
  @FuzzTest
  void parse_arbitraryBytes_throwsOnlyInvalidPolicy(byte[] input) throws Exception {
    Policy p;
    try {
      p = PolicyJson.parse(input);
    } catch (InvalidPolicyException e) {
      return; // the only allowed failure; any RuntimeException fails the test
    }
    // An accepted policy survives a write/read round trip unchanged and compiles.
    String json = PolicyJson.toJson(p);
    assertEquals(p, PolicyJson.parse(json));
    Authorizer a = Authorizer.builder(p).eventListener(e -> { }).build();
    for (RoleAssignment as : p.assignments()) {
      for (String perm : new String[] {"pages:read", "pages/1:edit", "x:y"}) {
        assertEquals(ReferenceEvaluator.check(p, as.tenant(), as.user(), perm, as.user()),
            a.check(as.tenant(), as.user(), perm, as.user()));
      }
    }
  }
}
