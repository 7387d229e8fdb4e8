package io.waas.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.auth.mfa.OtpAlgorithm;
import io.waas.auth.mfa.OtpAuthUri;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthCommandTest {
  private static final String PASSWORD = "tangerine-harbour-velvet-42";

  @TempDir
  @SuppressWarnings("NullAway.Init") // injected by JUnit
  Path tmp;

  final Cli cli = new Cli();

  @Test
  void hashPassword_fromEnvironment_printsArgon2idPhcStringThatVerifies() {
    cli.env.put("PW", PASSWORD);
    String hash = cli.run("auth", "hash-password", "--password-env", "PW").succeeds().out().trim();
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    assertFalse(hash.contains(PASSWORD));

    Cli.Result ok = cli.run("auth", "verify-password", "--password-env", "PW", hash).succeeds();
    assertTrue(ok.out().contains("matches"), ok.out());
    assertFalse(ok.out().contains("store this one instead"), "current hash needs no upgrade");

    cli.env.put("PW", PASSWORD + "!");
    Cli.Result bad = cli.run("auth", "verify-password", "--password-env", "PW", hash).failsWith(ExitCodes.DATA_OR_KEY);
    assertTrue(bad.err().contains("does not match"), bad.err());
  }

  @Test
  void hashPassword_atTerminal_asksTwiceAndRefusesDifferentAnswers() {
    cli.passphrases.add(PASSWORD);
    cli.passphrases.add(PASSWORD);
    assertTrue(cli.run("auth", "hash-password").succeeds().out().startsWith("$argon2id$"));
    assertEquals(2, cli.prompts.size());

    cli.passphrases.add(PASSWORD);
    cli.passphrases.add(PASSWORD + "x");
    Cli.Result r = cli.run("auth", "hash-password").failsWith(ExitCodes.USAGE);
    assertTrue(r.err().contains("differ"), r.err());
  }

  @Test
  void hashPassword_noTerminalNoEnvironment_failsWithUsage() {
    Cli.Result r = cli.run("auth", "hash-password").failsWith(ExitCodes.USAGE);
    assertTrue(r.err().contains("--password-env"), r.err());
    cli.run("auth", "hash-password", "--password-env", "UNSET").failsWith(ExitCodes.USAGE);
  }

  @Test
  void hashPassword_commonPassword_refusedByPolicyWithoutEchoingIt() {
    cli.env.put("PW", "password123");
    Cli.Result r = cli.run("auth", "hash-password", "--password-env", "PW").failsWith(ExitCodes.DATA_OR_KEY);
    assertTrue(r.err().contains("common"), r.err());
    assertFalse(r.err().contains("password123"), r.err());
    assertEquals("", r.out());
    // --policy none hashes it anyway (for importing existing users, say).
    assertTrue(cli.run("auth", "hash-password", "--password-env", "PW", "--policy", "none")
        .succeeds().out().startsWith("$argon2id$"));
  }

  @Test
  void hashPassword_singleFactorPolicy_requiresFifteenCharacters() {
    cli.env.put("PW", "qz7#Lm2!vR9");
    cli.run("auth", "hash-password", "--password-env", "PW").succeeds();
    Cli.Result r = cli.run("auth", "hash-password", "--password-env", "PW", "--policy", "single-factor")
        .failsWith(ExitCodes.DATA_OR_KEY);
    assertTrue(r.err().contains("too short"), r.err());
    cli.run("auth", "hash-password", "--password-env", "PW", "--policy", "strict").failsWith(ExitCodes.USAGE);
  }

  @Test
  void hashPassword_parameters_belowOwaspFloorRefused_aboveUsed() {
    cli.env.put("PW", PASSWORD);
    cli.run("auth", "hash-password", "--password-env", "PW", "--memory", "8192", "--iterations", "1")
        .failsWith(ExitCodes.USAGE);
    String hash = cli.run("auth", "hash-password", "--password-env", "PW", "--memory", "47104", "--iterations", "1")
        .succeeds().out().trim();
    assertTrue(hash.startsWith("$argon2id$v=19$m=47104,t=1,p=1$"), hash);
    cli.run("auth", "hash-password", "--password-env", "PW", "--calibrate", "100", "--memory", "47104")
        .failsWith(ExitCodes.USAGE);
  }

  @Test
  void hashPassword_calibrate_usesParametersAtOrAboveTheFloor() {
    cli.env.put("PW", PASSWORD);
    Cli.Result r = cli.run("auth", "hash-password", "--password-env", "PW", "--calibrate", "30", "--max-memory", "64");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("calibrated: "), r.err());
    String hash = r.out().trim();
    assertTrue(hash.startsWith("$argon2id$v=19$m="), hash);
    cli.run("auth", "verify-password", "--password-env", "PW", hash).succeeds();
  }

  @Test
  void verifyPassword_legacyBcrypt_matchesAndOffersArgon2idUpgrade() {
    byte[] salt = new byte[16];
    Arrays.fill(salt, (byte) 7);
    String bcrypt = OpenBSDBCrypt.generate("2b", PASSWORD.toCharArray(), salt, 4);
    cli.env.put("PW", PASSWORD);
    Cli.Result r = cli.run("auth", "verify-password", "--password-env", "PW", bcrypt).succeeds();
    List<String> lines = r.out().trim().lines().toList();
    assertTrue(lines.get(0).contains("matches"), r.out());
    String upgraded = lines.get(lines.size() - 1);
    assertTrue(upgraded.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), r.out());
    cli.run("auth", "verify-password", "--password-env", "PW", upgraded).succeeds();
  }

  @Test
  void verifyPassword_malformedHash_failsWithDataError() {
    cli.env.put("PW", PASSWORD);
    Cli.Result r = cli.run("auth", "verify-password", "--password-env", "PW", "$argon2id$v=19$m=oops")
        .failsWith(ExitCodes.DATA_OR_KEY);
    assertFalse(r.err().contains(PASSWORD));
  }

  @Test
  void verifyPassword_pepperedHash_failsWithDataErrorNamingThePepper() {
    cli.env.put("PW", PASSWORD);
    String hash = cli.run("auth", "hash-password", "--password-env", "PW").succeeds().out().trim();
    String peppered = hash.replace(",p=1$", ",p=1,pv=7$");
    Cli.Result r = cli.run("auth", "verify-password", "--password-env", "PW", peppered).failsWith(ExitCodes.DATA_OR_KEY);
    assertTrue(r.err().contains("pepper"), r.err());
  }

  @Test
  void hashPassword_calibrateBelowOwaspMemory_failsWithUsage() {
    cli.env.put("PW", PASSWORD);
    cli.run("auth", "hash-password", "--password-env", "PW", "--calibrate", "30", "--max-memory", "6")
        .failsWith(ExitCodes.USAGE);
  }

  @Test
  void totpEnroll_printsUriAndWritesQrCodeOfIt() throws Exception {
    Path png = tmp.resolve("totp.png");
    Cli.Result r = cli.run("auth", "totp-enroll", "--issuer", "Acme Sites", "--account", "ada@example.com",
        "--qr", png.toString()).succeeds();
    OtpAuthUri uri = OtpAuthUri.parse(r.out().trim());
    assertEquals("Acme Sites", uri.issuer().orElseThrow());
    assertEquals("ada@example.com", uri.accountName());
    assertEquals(OtpAlgorithm.SHA1, uri.algorithm());
    assertEquals(6, uri.digits());
    assertEquals(20, uri.secret().length());
    byte[] magic = Arrays.copyOf(Files.readAllBytes(png), 8);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, magic);

    // Two runs never share a secret; an existing file is not replaced without --force.
    cli.run("auth", "totp-enroll", "--issuer", "Acme", "--account", "ada", "--qr", png.toString())
        .failsWith(ExitCodes.USAGE);
    String second = cli.run("auth", "totp-enroll", "--issuer", "Acme", "--account", "ada", "--qr", png.toString(),
        "--force").succeeds().out().trim();
    assertFalse(second.equals(r.out().trim()));
  }

  @Test
  void totpEnroll_customParameters_inUriAndNoted() throws Exception {
    Path png = tmp.resolve("strong.png");
    Cli.Result r = cli.run("auth", "totp-enroll", "--issuer", "Acme", "--account", "ops", "--qr", png.toString(),
        "--algorithm", "sha256", "--digits", "8");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("not every authenticator app"), r.err());
    OtpAuthUri uri = OtpAuthUri.parse(r.out().trim());
    assertEquals(OtpAlgorithm.SHA256, uri.algorithm());
    assertEquals(8, uri.digits());
    assertEquals(32, uri.secret().length());
    assertTrue(new String(Files.readAllBytes(png), 1, 3, StandardCharsets.US_ASCII).equals("PNG"));
  }

  @Test
  void totpEnroll_badParameters_failWithUsageAndWriteNothing() {
    Path png = tmp.resolve("none.png");
    cli.run("auth", "totp-enroll", "--issuer", "Acme", "--account", "ada", "--qr", png.toString(), "--digits", "9")
        .failsWith(ExitCodes.USAGE);
    cli.run("auth", "totp-enroll", "--issuer", "Acme", "--account", "ada", "--qr", png.toString(), "--algorithm", "md5")
        .failsWith(ExitCodes.USAGE);
    cli.run("auth", "totp-enroll", "--issuer", "Ac:me", "--account", "ada", "--qr", png.toString())
        .failsWith(ExitCodes.USAGE);
    assertFalse(Files.exists(png));
  }

  @Test
  void auth_withoutSubcommand_failsWithUsage() {
    cli.run("auth").failsWith(ExitCodes.USAGE);
  }
}
