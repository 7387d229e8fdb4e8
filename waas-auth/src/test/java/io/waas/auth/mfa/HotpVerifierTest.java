package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HotpVerifierTest {
  @TempDir
  @SuppressWarnings("NullAway.Init")
  Path dir;

  @SuppressWarnings("NullAway.Init")
  private MfaFixture f;

  @SuppressWarnings("NullAway.Init")
  private InMemoryOtpReplayStore store;

  @SuppressWarnings("NullAway.Init")
  private HotpFactor factor;

  @BeforeEach
  void setUp() throws Exception {
    f = new MfaFixture(dir);
    store = new InMemoryOtpReplayStore();
    factor = HotpFactor.seal(f.keys.encryptor(), "h1", MfaFixture.TENANT, MfaFixture.USER,
        HotpParameters.authenticatorApps(), 0, MfaFixture.SEED);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private HotpVerifier verifier(int lookAhead) {
    return HotpVerifier.builder(f.keys, store).lookAhead(lookAhead).clock(f.clock).eventListener(f.events).build();
  }

  private static String code(long counter) {
    return OtpCodes.hotpString(MfaFixture.SEED, counter, OtpAlgorithm.SHA1, 6);
  }

  @Test
  void verify_rfc4226Codes_inOrder_areAccepted() throws Exception {
    HotpVerifier v = verifier(0);
    String[] expected = {"755224", "287082", "359152", "969429", "338314"};
    for (int i = 0; i < expected.length; i++) {
      OtpVerification r = v.verify(factor, expected[i]);
      assertTrue(r.isAccepted(), "counter " + i);
      assertEquals(i, r.matchedStep().getAsLong());
    }
    assertEquals(4, store.lastAccepted("h1").getAsLong());
  }

  @Test
  void verify_withinLookAhead_resynchronisesCounter() throws Exception {
    HotpVerifier v = verifier(3);
    OtpVerification r = v.verify(factor, code(3));
    assertTrue(r.isAccepted());
    assertEquals(3, r.drift());
    assertEquals(3, store.lastAccepted("h1").getAsLong());
    assertTrue(v.verify(factor, code(4)).isAccepted(), "continues from the resynchronised counter");
  }

  @Test
  void verify_beyondLookAhead_isWrongCode() throws Exception {
    assertEquals(OtpVerification.Status.WRONG_CODE, verifier(3).verify(factor, code(4)).status());
  }

  @Test
  void verify_usedOrSkippedCounter_isNeverAcceptedAgain() throws Exception {
    HotpVerifier v = verifier(3);
    assertTrue(v.verify(factor, code(2)).isAccepted());
    // Counters 0..2 are behind the moving counter now: not in the look-ahead any more.
    assertEquals(OtpVerification.Status.WRONG_CODE, v.verify(factor, code(0)).status());
    assertEquals(OtpVerification.Status.WRONG_CODE, v.verify(factor, code(2)).status());
  }

  @Test
  void verify_initialCounter_isWhereTheTokenStarts() throws Exception {
    HotpFactor later = HotpFactor.seal(f.keys.encryptor(), "h2", MfaFixture.TENANT, MfaFixture.USER,
        HotpParameters.authenticatorApps(), 100, MfaFixture.SEED);
    HotpVerifier v = verifier(0);
    assertEquals(OtpVerification.Status.WRONG_CODE, v.verify(later, code(0)).status());
    assertTrue(v.verify(later, code(100)).isAccepted());
  }

  @Test
  void builder_lookAheadAboveMax_isRefused() {
    HotpVerifier.Builder b = HotpVerifier.builder(f.keys, store);
    assertThrows(IllegalArgumentException.class, () -> b.lookAhead(HotpVerifier.MAX_LOOK_AHEAD + 1));
    assertThrows(IllegalArgumentException.class, () -> b.lookAhead(-1));
  }

  @Test
  void encode_parse_roundTrips() throws Exception {
    assertEquals(factor, HotpFactor.parse(factor.encode()));
  }
}
