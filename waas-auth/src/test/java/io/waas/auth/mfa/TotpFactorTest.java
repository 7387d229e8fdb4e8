package io.waas.auth.mfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.MalformedDataException;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TotpFactorTest {
  @TempDir
  @SuppressWarnings("NullAway.Init")
  Path dir;

  @SuppressWarnings("NullAway.Init")
  private MfaFixture f;

  @BeforeEach
  void setUp() throws Exception {
    f = new MfaFixture(dir);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void encode_parse_roundTripsActiveAndPending() throws Exception {
    TotpFactor active = f.factor("f1", MfaFixture.SEED, TotpParameters.strong());
    assertEquals(active, TotpFactor.parse(active.encode()));
    TotpFactor pending = TotpFactor.seal(f.keys.encryptor(), "f2", "tenant ü", "user/1", TotpParameters.authenticatorApps(),
        MfaFixture.SEED, MfaFixture.START);
    TotpFactor back = TotpFactor.parse(pending.encode());
    assertEquals(pending, back);
    assertEquals("tenant ü", back.tenant());
    assertEquals(MfaFixture.START, back.pendingUntil().orElseThrow());
  }

  @Test
  void encode_layout_isDocumented() throws Exception {
    String e = f.factor("f1").encode();
    assertTrue(e.startsWith("waas-totp1.f1." + FactorCodec.text("acme") + "." + FactorCodec.text("user-42")
        + ".SHA1.6.30.-."), e);
  }

  @Test
  void sealedSecret_isNotThePlaintext() throws Exception {
    TotpFactor factor = f.factor("f1");
    String sealed = new String(factor.sealedSecret(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertFalse(sealed.contains(new String(MfaFixture.SEED, java.nio.charset.StandardCharsets.ISO_8859_1)));
    assertFalse(factor.encode().contains(Base64.getUrlEncoder().withoutPadding().encodeToString(MfaFixture.SEED)));
  }

  @Test
  void toString_showsNoSecret() throws Exception {
    TotpFactor factor = f.factor("f1");
    String s = factor.toString();
    assertTrue(s.contains("f1"));
    assertFalse(s.contains(FactorCodec.bytes(factor.sealedSecret()).substring(0, 12)));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "",
    "waas-totp1",
    "waas-totp2.f1.YWNtZQ.dQ.SHA1.6.30.-.AAAA",
    "waas-totp1.f1.YWNtZQ.dQ.SHA1.6.30.-",
    "waas-totp1.f1.YWNtZQ.dQ.SHA1.6.30.-.AAAA.x",
    "waas-totp1.f!.YWNtZQ.dQ.SHA1.6.30.-.AAAA",
    "waas-totp1.f1.YWNtZQ==.dQ.SHA1.6.30.-.AAAA",
    "waas-totp1.f1.YWNtZR.dQ.SHA1.6.30.-.AAAA",
    "waas-totp1.f1..dQ.SHA1.6.30.-.AAAA",
    "waas-totp1.f1.YWNtZQ.dQ.MD5.6.30.-.AAAA",
    "waas-totp1.f1.YWNtZQ.dQ.SHA1.5.30.-.AAAA",
    "waas-totp1.f1.YWNtZQ.dQ.SHA1.06.30.-.AAAA",
    "waas-totp1.f1.YWNtZQ.dQ.SHA1.6.+30.-.AAAA",
    "waas-totp1.f1.YWNtZQ.dQ.SHA1.6.3000.-.AAAA",
    "waas-totp1.f1.YWNtZQ.dQ.SHA1.6.30.x.AAAA",
    "waas-totp1.f1.YWNtZQ.dQ.SHA1.6.30.-.",
    "waas-totp1.f1.YWNtZQ.dQ.SHA1.6.30.-.AA+A",
    "waas-totp1.f1.gA.dQ.SHA1.6.30.-.AAAA",
  })
  void parse_malformed_throwsMalformedData(String text) {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> TotpFactor.parse(text));
    assertFalse(String.valueOf(e.getMessage()).contains("AAAA"));
  }

  @Test
  void parse_validMinimal_isAccepted() throws Exception {
    TotpFactor t = TotpFactor.parse("waas-totp1.f1.YWNtZQ.dQ.SHA1.6.30.-.AAAA");
    assertEquals("acme", t.tenant());
    assertEquals("u", t.subject());
    assertTrue(t.isActive());
  }
}
