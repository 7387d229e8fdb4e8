package io.waas.benchmarks;

import io.waas.auth.rbac.Authorizer;
import io.waas.auth.rbac.InvalidPolicyException;
import io.waas.auth.rbac.Policy;
import io.waas.auth.rbac.RoleDefinition;
import io.waas.core.SecurityEventListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.casbin.jcasbin.main.SyncedEnforcer;
import org.casbin.jcasbin.model.Model;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Authorization checks of the SDK's {@link Authorizer} beside jCasbin 1.x's {@link SyncedEnforcer}
 * on the same RBAC-with-domains policy and the same requests.
 *
 * <h2>What is compared</h2>
 *
 * <ul>
 *   <li>{@link #check}: {@code Authorizer.check(tenant, user, "obj:act")}, including parsing the
 *       permission string, with denied-check events switched off (jCasbin emits none either).
 *   <li>{@link #checkWithDenyEvents}: the same with the default denied-check events built and
 *       delivered to a no-op listener: the price of the audit trail.
 *   <li>{@link #peerCheck}: jCasbin {@code SyncedEnforcer.enforce(user, tenant, obj, act)} with
 *       the model {@link #CASBIN_MODEL} (built from a string) and logging off.
 * </ul>
 *
 * <h2>The policy</h2>
 *
 * <p>{@code rules} policy rules ({@code p} lines): {@code rules / 100} tenants, each with 10 roles
 * of 10 distinct {@code (obj, act)} grants (obj from 100 resources, act from 5 actions), every odd
 * role inheriting the even role before it, and 20 users per tenant with one role each. jCasbin
 * gets exactly these as {@code p, role, tenant, obj, act} and {@code g, user-or-role, role,
 * tenant}, loaded programmatically ({@code addPolicies}, {@code addGroupingPolicies}); the SDK gets
 * them as tenant roles. The sample is 1,024 fixed pseudo-random requests (seed 42): half ask for a
 * permission the user's assigned role holds, half for a random one (mostly denied); one in 16
 * names an unknown user.
 * Setup asserts that both give the same answer on every request of the sample (a differential
 * test) and that the sample mixes allowed and denied; it fails otherwise.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Threads(1)
@State(Scope.Benchmark)
public class RbacBenchmark {
  /**
   * jCasbin's RBAC-with-domains model. The matcher puts the cheap equality tests before the role
   * lookup {@code g(...)}: jCasbin evaluates it per policy rule with short-circuit {@code &&}, and
   * Casbin's documentation recommends this order, so the peer runs as fast as it is meant to.
   */
  static final String CASBIN_MODEL = String.join("\n",
      "[request_definition]",
      "r = sub, dom, obj, act",
      "[policy_definition]",
      "p = sub, dom, obj, act",
      "[role_definition]",
      "g = _, _, _",
      "[policy_effect]",
      "e = some(where (p.eft == allow))",
      "[matchers]",
      "m = r.dom == p.dom && r.obj == p.obj && r.act == p.act && g(r.sub, p.sub, r.dom)");

  static final int ROLES_PER_TENANT = 10;
  static final int GRANTS_PER_ROLE = 10;
  static final int USERS_PER_TENANT = 20;
  static final int RESOURCES = 100;
  static final String[] ACTIONS = {"read", "edit", "delete", "publish", "create"};
  static final int SAMPLE = 1024;

  /** Number of policy rules ({@code p} lines / grants). */
  @Param({"100", "10000", "100000"})
  public int rules;

  // Set in setup() before any benchmark method runs.
  @SuppressWarnings("NullAway.Init")
  private Authorizer sdk;

  @SuppressWarnings("NullAway.Init")
  private Authorizer sdkWithEvents;

  @SuppressWarnings("NullAway.Init")
  private SyncedEnforcer casbin;

  @SuppressWarnings("NullAway.Init")
  private String[][] requests; // tenant, user, obj, act, "obj:act"

  private int next;

  /**
   * Generates the policy, loads it into both, and checks that they agree on the sample.
   *
   * @throws InvalidPolicyException if the generated policy is invalid (a bug here)
   */
  @Setup(Level.Trial)
  public void setup() throws InvalidPolicyException {
    Random random = new Random(42);
    int tenants = Math.max(1, rules / (ROLES_PER_TENANT * GRANTS_PER_ROLE));
    Policy.Builder policy = Policy.builder();
    List<List<String>> pLines = new ArrayList<>(rules);
    List<List<String>> gLines = new ArrayList<>();
    // grants[t][role] = the role's own "obj:act" grants, for drawing allowed requests.
    List<List<List<String>>> grants = new ArrayList<>();
    int[][] roleOf = new int[tenants][USERS_PER_TENANT];
    for (int t = 0; t < tenants; t++) {
      String tenant = "t" + t;
      List<List<String>> roleGrants = new ArrayList<>();
      for (int r = 0; r < ROLES_PER_TENANT; r++) {
        String role = "role" + r;
        RoleDefinition.Builder rb = RoleDefinition.inTenant(tenant, role);
        if (r % 2 == 1) {
          rb.inherits("role" + (r - 1));
          gLines.add(List.of(role, "role" + (r - 1), tenant));
        }
        Set<String> own = new LinkedHashSet<>();
        while (own.size() < GRANTS_PER_ROLE) {
          own.add("res" + random.nextInt(RESOURCES) + ":" + ACTIONS[random.nextInt(ACTIONS.length)]);
        }
        for (String g : own) {
          rb.allow(g);
          String[] oa = g.split(":");
          pLines.add(List.of(role, tenant, oa[0], oa[1]));
        }
        roleGrants.add(new ArrayList<>(own));
        policy.role(rb.build());
      }
      for (int u = 0; u < USERS_PER_TENANT; u++) {
        roleOf[t][u] = random.nextInt(ROLES_PER_TENANT);
        String role = "role" + roleOf[t][u];
        policy.assign(tenant, "user" + u, role);
        gLines.add(List.of("user" + u, role, tenant));
      }
      grants.add(roleGrants);
    }
    Policy built = policy.build();
    check(built.grantCount() == tenants * ROLES_PER_TENANT * GRANTS_PER_ROLE, "SDK rule count");
    check(pLines.size() == built.grantCount(), "jCasbin rule count");

    sdk = Authorizer.builder(built).eventListener(SecurityEventListener.none()).denyEvents(false).build();
    sdkWithEvents = Authorizer.builder(built).eventListener(SecurityEventListener.none()).build();

    casbin = new SyncedEnforcer(Model.newModelFromString(CASBIN_MODEL));
    casbin.enableLog(false);
    check(casbin.addPolicies(pLines), "jCasbin addPolicies");
    check(casbin.addGroupingPolicies(gLines), "jCasbin addGroupingPolicies");

    requests = new String[SAMPLE][];
    int allowed = 0;
    for (int i = 0; i < SAMPLE; i++) {
      int t = random.nextInt(tenants);
      String tenant = "t" + t;
      int u = random.nextInt(USERS_PER_TENANT);
      String user = random.nextInt(16) == 0 ? "stranger" : "user" + u;
      String permission;
      if (random.nextBoolean()) {
        List<String> own = grants.get(t).get(roleOf[t][u]);
        permission = own.get(random.nextInt(own.size()));
      } else {
        permission = "res" + random.nextInt(RESOURCES) + ":" + ACTIONS[random.nextInt(ACTIONS.length)];
      }
      String[] oa = permission.split(":");
      requests[i] = new String[] {tenant, user, oa[0], oa[1], permission};
      boolean ours = sdk.check(tenant, user, permission);
      boolean theirs = casbin.enforce(user, tenant, oa[0], oa[1]);
      check(ours == theirs, "SDK and jCasbin disagree on " + String.join(" ", requests[i])
          + ": SDK " + ours + ", jCasbin " + theirs);
      check(ours == sdkWithEvents.check(tenant, user, permission), "SDK with events disagrees");
      allowed += ours ? 1 : 0;
    }
    check(allowed > SAMPLE / 10 && allowed < SAMPLE * 9 / 10, "sample mixes allowed and denied (" + allowed + ")");
  }

  private String[] nextRequest() {
    String[] r = requests[next];
    next = (next + 1) & (SAMPLE - 1);
    return r;
  }

  /**
   * SDK check, permission given as {@code "obj:act"} (parsed per call).
   *
   * @return the decision
   */
  @Benchmark
  public boolean check() {
    String[] r = nextRequest();
    return sdk.check(r[0], r[1], r[4]);
  }

  /**
   * SDK check with the default denied-check events (to a no-op listener).
   *
   * @return the decision
   */
  @Benchmark
  public boolean checkWithDenyEvents() {
    String[] r = nextRequest();
    return sdkWithEvents.check(r[0], r[1], r[4]);
  }

  /**
   * jCasbin {@code SyncedEnforcer.enforce(sub, dom, obj, act)}.
   *
   * @return the decision
   */
  @Benchmark
  public boolean peerCheck() {
    String[] r = nextRequest();
    return casbin.enforce(r[1], r[0], r[2], r[3]);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("benchmark setup check failed: " + what);
    }
  }
}
