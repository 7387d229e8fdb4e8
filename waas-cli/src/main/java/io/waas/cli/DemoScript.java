package io.waas.cli;

import io.waas.auth.apikey.ApiKeyEnvironment;
import io.waas.auth.apikey.ApiKeyRequest;
import io.waas.auth.apikey.ApiKeyStatus;
import io.waas.auth.apikey.ApiKeys;
import io.waas.auth.apikey.IssuedApiKey;
import io.waas.auth.apikey.MalformedApiKeyException;
import io.waas.auth.mfa.InMemoryOtpReplayStore;
import io.waas.auth.mfa.InMemoryRecoveryCodeStore;
import io.waas.auth.mfa.OtpVerification;
import io.waas.auth.mfa.RecoveryCodes;
import io.waas.auth.mfa.TotpEnroller;
import io.waas.auth.mfa.TotpEnrollment;
import io.waas.auth.mfa.TotpFactor;
import io.waas.auth.mfa.TotpVerifier;
import io.waas.auth.password.LegacyAlgorithm;
import io.waas.auth.password.PasswordCheck;
import io.waas.auth.password.PasswordHasher;
import io.waas.auth.password.PasswordMatch;
import io.waas.auth.password.PasswordPepper;
import io.waas.auth.password.PasswordPolicy;
import io.waas.auth.password.PasswordViolation;
import io.waas.auth.rbac.Authorizer;
import io.waas.auth.rbac.PolicyJson;
import io.waas.auth.throttle.ClientAddress;
import io.waas.auth.throttle.LoginAttempt;
import io.waas.auth.throttle.LoginThrottle;
import io.waas.core.Base32;
import io.waas.core.KeyDestroyedException;
import io.waas.core.KeyNotFoundException;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.AeadAlgorithm;
import io.waas.crypto.BlindIndex;
import io.waas.crypto.BlindIndexParameters;
import io.waas.crypto.CiphertextStreamException;
import io.waas.crypto.CiphertextHeader;
import io.waas.crypto.DataEncryptor;
import io.waas.crypto.DecryptionFailedException;
import io.waas.crypto.EncryptionContext;
import io.waas.crypto.KeyInventory;
import io.waas.crypto.KeyMetadata;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.KeyStatus;
import io.waas.crypto.MasterKeyMismatchException;
import io.waas.crypto.MasterKeySource;
import io.waas.crypto.PublicKeySet;
import io.waas.crypto.SignatureVerifier;
import io.waas.crypto.StreamingEncryptor;
import io.waas.crypto.VerificationFailedException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The steps of {@code waas demo}. Each step does something with the SDK's public API, says in
 * plain words what happened, and checks it: every line starting with {@code ok} is a claim the
 * code verified just before printing it. A claim that does not hold stops the demo with a {@link
 * CommandFailedException} and exit code {@link ExitCodes#INTERNAL}, so the demo doubles as an
 * end-to-end test of the SDK on its embedded defaults.
 */
final class DemoScript {
  private static final String ACME = "acme";
  private static final String GLOBEX = "globex";

  private final Path base;
  private final boolean temporary;
  private final PrintWriter out;
  private final Path keyFile;
  private final Path storeDir;
  private final Map<String, Integer> events = new TreeMap<>();
  private final SecurityEventListener listener = this::onEvent;
  private int checks;
  private int expectedDecryptFailures;

  /** A value stored by the demo's imaginary application: its context and its ciphertext. */
  private static final class StoredValue {
    final EncryptionContext context;
    final String value;
    byte[] ciphertext = new byte[0];

    StoredValue(EncryptionContext context, String value) {
      this.context = context;
      this.value = value;
    }

    byte[] plaintext() {
      return value.getBytes(StandardCharsets.UTF_8);
    }

    String describe() {
      String who = context.subject() == null ? context.tenant() : context.tenant() + "/" + context.subject();
      return who + "'s " + context.purpose() + " of " + context.recordId();
    }
  }

  /** An SDK call whose failure the demo expects. */
  @FunctionalInterface
  private interface Action {
    void run() throws Exception;
  }

  /**
   * Prepares the demo.
   *
   * @param base the (new or empty) directory to work in
   * @param temporary whether {@code base} is deleted afterwards
   * @param out where to print
   */
  DemoScript(Path base, boolean temporary, PrintWriter out) {
    this.base = base;
    this.temporary = temporary;
    this.out = out;
    this.keyFile = base.resolve("master.key");
    this.storeDir = base.resolve("keystore");
  }

  /**
   * Runs every step.
   *
   * @throws CommandFailedException if a claim does not hold
   * @throws Exception if the SDK fails unexpectedly
   */
  void run() throws Exception {
    say("WaaS Security SDK demo: encryption at rest and sign-in for a multi-tenant backend");
    say("Working in " + base + (temporary ? " (a temporary directory, deleted at the end)" : ""));
    say("Every line starting with 'ok' was checked by the demo as it ran.");

    StoredValue acmeEmail = new StoredValue(EncryptionContext.of(ACME, "customer.email", "cust-1"), "alice@example.com");
    StoredValue acmeNote =
        new StoredValue(EncryptionContext.of(ACME, "order.note", "order-7"), "Leave it at the back door");
    StoredValue globexEmail = new StoredValue(EncryptionContext.of(GLOBEX, "customer.email", "cust-1"), "bob@globex.example");
    StoredValue globexPhone = new StoredValue(EncryptionContext.of(GLOBEX, "customer.phone", "cust-1"), "+1 555 0100");
    List<StoredValue> all = List.of(acmeEmail, acmeNote, globexEmail, globexPhone);

    try (KeyRing ring = createStore()) {
      DataEncryptor enc = ring.encryptor();
      encryptRecords(ring, enc, all);
      decryptRecords(enc, all);
      contextBinding(enc, acmeEmail);
      byte[] beforeRotation = rotate(ring, enc, acmeEmail, acmeNote);
      reencrypt(ring, enc, acmeEmail, acmeNote, beforeRotation);
      shredSubject(ring, enc, acmeEmail, acmeNote);
      shredTenant(ring, enc, globexEmail, globexPhone);
      beyondRecords(ring, acmeEmail);
      signIn(ring);
    }
    checkFromDisk(acmeEmail, globexEmail);
    summary();
  }

  // ---------------------------------------------------------------- steps

  private KeyRing createStore() throws Exception {
    step(1, "Create a key store");
    MasterKeySource.generateKeyFile(keyFile);
    say("A random 256-bit master key was written to " + keyFile.getFileName() + " (readable by you only).");
    say("It encrypts every key in the store. In production it comes from a secrets manager or an");
    say("environment variable, and never lies next to the store.");
    KeyRing ring = open();
    try (Stream<Path> files = Files.list(storeDir)) {
      say(
          "Opened a new key store in " + storeDir.getFileName() + "/: "
              + files
                  .map(p -> p.getFileName().toString())
                  .filter(n -> !n.startsWith("."))
                  .sorted()
                  .collect(Collectors.joining(", "))
              + ".");
    }
    if (storeDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(storeDir);
      check(
          perms.stream().allMatch(p -> p.name().startsWith("OWNER_")),
          "the store directory is private to you (" + java.nio.file.attribute.PosixFilePermissions.toString(perms) + ")");
    }
    Path otherKey = base.resolve("other.key");
    MasterKeySource.generateKeyFile(otherKey);
    try {
      expectFailure(
          MasterKeyMismatchException.class,
          "opening the store with another master key is refused",
          () -> KeyRing.openLocal(storeDir, MasterKeySource.keyFile(otherKey)).close());
    } finally {
      Files.deleteIfExists(otherKey);
    }
    return ring;
  }

  private void encryptRecords(KeyRing ring, DataEncryptor enc, List<StoredValue> records) throws Exception {
    step(2, "Encrypt records for two tenants, acme and globex");
    say("Each value is encrypted under its tenant's own data key and bound to an encryption");
    say("context: tenant, purpose and record id. A tenant gets its first key on first use.");
    TextTable table = new TextTable("TENANT", "PURPOSE", "RECORD", "VALUE", "BYTES", "KEY ID", "ALGORITHM");
    for (StoredValue r : records) {
      r.ciphertext = enc.encrypt(r.plaintext(), r.context);
      CiphertextHeader h = CiphertextHeader.parse(r.ciphertext);
      table.row(
          r.context.tenant(),
          String.valueOf(r.context.purpose()),
          String.valueOf(r.context.recordId()),
          r.value,
          r.plaintext().length + " -> " + r.ciphertext.length,
          Long.toString(h.keyId()),
          AlgorithmNames.of(h.algorithm()));
    }
    out.println();
    table.print(out, "   ");
    out.println();
    int overhead = CiphertextHeader.overhead(AeadAlgorithm.AES_256_GCM);
    check(
        records.stream().allMatch(r -> r.ciphertext.length == r.plaintext().length + overhead),
        "each ciphertext is its plaintext plus " + overhead
            + " bytes: header, key commitment, nonce and tag");
    say("The header names the algorithm and the key id (random, 32 bits), so the ring finds the key.");
    for (String tenant : List.of(ACME, GLOBEX)) {
      long primary = primaryKey(ring, KeyScope.tenant(tenant)).keyId();
      check(
          records.stream()
              .filter(r -> r.context.tenant().equals(tenant))
              .allMatch(r -> headerKeyId(r.ciphertext) == primary),
          tenant + "'s ciphertexts name " + tenant + "'s own primary key, " + primary);
    }
    check(
        records.stream().noneMatch(r -> contains(r.ciphertext, r.plaintext())),
        "no ciphertext contains its plaintext");
    StoredValue first = records.get(0);
    check(
        !Arrays.equals(enc.encrypt(first.plaintext(), first.context), first.ciphertext),
        "encrypting the same value again gives a different ciphertext (random nonce)");
  }

  private void decryptRecords(DataEncryptor enc, List<StoredValue> records) throws Exception {
    step(3, "Decrypt them");
    say("Decryption needs the ciphertext and the same context; the key is found by the id in the header.");
    for (StoredValue r : records) {
      checkDecrypts(enc, r, r.ciphertext);
    }
    ok("all " + records.size() + " records decrypt to their original values");
  }

  private void contextBinding(DataEncryptor enc, StoredValue acmeEmail) throws Exception {
    step(4, "Context binding: a ciphertext opens only in its own context");
    say("The context is authenticated with the ciphertext, not stored in it: the application gives");
    say("it again to decrypt. A value copied to another tenant's or record's row does not decrypt.");
    byte[] ct = acmeEmail.ciphertext;
    // Globex has no key with acme's key id (ids are random), so the ring refuses before decrypting.
    expectDecryptFailure(
        KeyNotFoundException.class,
        "acme's email of cust-1, decrypted as globex's email of cust-1",
        () -> enc.decrypt(ct, EncryptionContext.of(GLOBEX, "customer.email", "cust-1")));
    expectDecryptFailure(
        DecryptionFailedException.class,
        "the same, decrypted as acme's email of cust-2 (another record)",
        () -> enc.decrypt(ct, EncryptionContext.of(ACME, "customer.email", "cust-2")));
    expectDecryptFailure(
        DecryptionFailedException.class,
        "the same, decrypted as acme's phone of cust-1 (another purpose)",
        () -> enc.decrypt(ct, EncryptionContext.of(ACME, "customer.phone", "cust-1")));
    byte[] tampered = ct.clone();
    tampered[tampered.length - 20] ^= 1;
    expectDecryptFailure(
        DecryptionFailedException.class,
        "the right context, but one bit of the ciphertext flipped",
        () -> enc.decrypt(tampered, acmeEmail.context));
  }

  /** Returns the email's ciphertext from before the rotation, kept to show key retirement. */
  private byte[] rotate(KeyRing ring, DataEncryptor enc, StoredValue acmeEmail, StoredValue acmeNote) throws Exception {
    step(5, "Rotate acme's key");
    say("Rotation adds a new primary key; new data uses it, old keys still decrypt old data.");
    say("Here acme also moves to XChaCha20-Poly1305, which has no practical per-key message limit.");
    long oldKey = primaryKey(ring, KeyScope.tenant(ACME)).keyId();
    long globexKey = primaryKey(ring, KeyScope.tenant(GLOBEX)).keyId();
    KeyMetadata fresh = ring.rotate(KeyScope.tenant(ACME), AeadAlgorithm.XCHACHA20_POLY1305);
    out.println();
    KeysCommand.printKeys(out, ring, List.of(KeyScope.tenant(ACME)), false, "   ");
    out.println();
    check(fresh.keyId() != oldKey && fresh.primary(), "acme's primary key is now key " + fresh.keyId());
    checkDecrypts(enc, acmeEmail, acmeEmail.ciphertext);
    checkDecrypts(enc, acmeNote, acmeNote.ciphertext);
    ok("acme's existing ciphertexts (key " + oldKey + ") still decrypt");
    StoredValue carol = new StoredValue(EncryptionContext.of(ACME, "customer.email", "cust-2"), "carol@example.com");
    carol.ciphertext = enc.encrypt(carol.plaintext(), carol.context);
    CiphertextHeader h = CiphertextHeader.parse(carol.ciphertext);
    check(
        h.keyId() == fresh.keyId() && h.algorithm() == AeadAlgorithm.XCHACHA20_POLY1305
            && carol.ciphertext.length == carol.plaintext().length + CiphertextHeader.overhead(h.algorithm()),
        "new data uses key " + h.keyId() + " (" + AlgorithmNames.of(h.algorithm()) + "): "
            + carol.ciphertext.length + " bytes for " + carol.plaintext().length + " bytes of data");
    checkDecrypts(enc, carol, carol.ciphertext);
    check(
        primaryKey(ring, KeyScope.tenant(GLOBEX)).keyId() == globexKey,
        "globex is not affected: its primary key is still " + globexKey);
    return acmeEmail.ciphertext;
  }

  private void reencrypt(
      KeyRing ring, DataEncryptor enc, StoredValue acmeEmail, StoredValue acmeNote, byte[] beforeRotation)
      throws Exception {
    step(6, "Re-encrypt old records, then retire the old key");
    say("Re-encryption moves a stored value to the current primary key (decrypt, check, encrypt).");
    long oldKey = headerKeyId(beforeRotation);
    long primary = primaryKey(ring, KeyScope.tenant(ACME)).keyId();
    check(!ring.isUnderPrimaryKey(acmeEmail.ciphertext, acmeEmail.context), "acme's email of cust-1 is under old key " + oldKey);
    for (StoredValue r : List.of(acmeEmail, acmeNote)) {
      r.ciphertext = ring.reencrypt(r.ciphertext, r.context);
      checkDecrypts(enc, r, r.ciphertext);
    }
    check(
        headerKeyId(acmeEmail.ciphertext) == primary && headerKeyId(acmeNote.ciphertext) == primary
            && ring.isUnderPrimaryKey(acmeEmail.ciphertext, acmeEmail.context),
        "after re-encryption both old acme records use key " + primary + " and decrypt unchanged");
    ring.destroyKey(KeyScope.tenant(ACME), oldKey);
    say("Key " + oldKey + " of acme is destroyed now that nothing needs it.");
    expectDecryptFailure(
        KeyDestroyedException.class,
        "a copy of the email made before re-encryption (key " + oldKey + ") is now unreadable",
        () -> enc.decrypt(beforeRotation, acmeEmail.context));
    checkDecrypts(enc, acmeEmail, acmeEmail.ciphertext);
    ok("the re-encrypted email still decrypts: rotate, re-encrypt, then destroy retires a key safely");
  }

  private void shredSubject(KeyRing ring, DataEncryptor enc, StoredValue acmeEmail, StoredValue acmeNote) throws Exception {
    step(7, "Erase one person's data: crypto-shred a data subject");
    say("Personal data can be encrypted under keys of its data subject (an end user). Destroying");
    say("those keys erases the person's data everywhere it was copied (databases, caches, backups)");
    say("at once, without touching anyone else's: a right-to-erasure request in one call.");
    say("(Copies of the key store itself, in backups or snapshots, still hold the keys: keep them");
    say("short-lived, or the erasure is only as final as your oldest key store backup.)");
    StoredValue alice =
        new StoredValue(
            EncryptionContext.builder(ACME).subject("user-17").purpose("profile.address").recordId("user-17").build(),
            "Alice Example, 1 Main Street");
    StoredValue dan =
        new StoredValue(
            EncryptionContext.builder(ACME).subject("user-18").purpose("profile.address").recordId("user-18").build(),
            "Dan Example, 2 Side Street");
    for (StoredValue r : List.of(alice, dan)) {
      r.ciphertext = enc.encrypt(r.plaintext(), r.context);
      checkDecrypts(enc, r, r.ciphertext);
    }
    check(
        ring.subjectKeysetCount(KeyScope.tenant(ACME)) == 2
            && ring.keys(alice.context.keyScope()).size() == 1
            && ring.keys(dan.context.keyScope()).size() == 1,
        "acme's users user-17 and user-18 each got a keyset of their own");
    int shredded = ring.shred(KeyScope.subject(ACME, "user-17"));
    check(shredded == 1, "shredding acme's user-17 destroyed exactly 1 keyset");
    expectDecryptFailure(
        KeyDestroyedException.class, "user-17's address is unreadable", () -> enc.decrypt(alice.ciphertext, alice.context));
    expectFailure(
        KeyDestroyedException.class,
        "new data for user-17 is refused, not silently given new keys",
        () -> enc.encrypt(alice.plaintext(), alice.context));
    checkDecrypts(enc, dan, dan.ciphertext);
    checkDecrypts(enc, acmeEmail, acmeEmail.ciphertext);
    checkDecrypts(enc, acmeNote, acmeNote.ciphertext);
    ok("user-18's address and acme's own records still decrypt");
  }

  private void shredTenant(KeyRing ring, DataEncryptor enc, StoredValue globexEmail, StoredValue globexPhone)
      throws Exception {
    step(8, "Offboard a tenant: crypto-shred globex");
    say("Shredding a tenant destroys all its keys and those of its data subjects.");
    int shredded = ring.shred(KeyScope.tenant(GLOBEX));
    check(shredded == 1, "shredding globex destroyed its 1 keyset (it had no data subjects)");
    expectDecryptFailure(
        KeyDestroyedException.class, "globex's email is unreadable", () -> enc.decrypt(globexEmail.ciphertext, globexEmail.context));
    expectDecryptFailure(
        KeyDestroyedException.class, "globex's phone number is unreadable", () -> enc.decrypt(globexPhone.ciphertext, globexPhone.context));
    expectFailure(
        KeyDestroyedException.class,
        "new data for globex is refused until someone rotates it on purpose",
        () -> enc.encrypt(globexEmail.plaintext(), globexEmail.context));
  }

  /** Streams, equality search, signatures and the inventory, on the same key store. */
  private void beyondRecords(KeyRing ring, StoredValue acmeEmail) throws Exception {
    step(9, "Large files, search, signatures and breach response");
    EncryptionContext backup = EncryptionContext.of(ACME, "backup", "2026-11-24");
    byte[] data = new byte[3 * 1024 * 1024 + 12345];
    new java.util.Random(7).nextBytes(data);
    java.io.ByteArrayOutputStream sealed = new java.io.ByteArrayOutputStream();
    StreamingEncryptor streams = ring.streamingEncryptor();
    try (java.io.OutputStream os = streams.newEncryptingStream(sealed, backup)) {
      os.write(data);
    }
    byte[] stream = sealed.toByteArray();
    try (java.io.InputStream is = streams.newDecryptingStream(new java.io.ByteArrayInputStream(stream), backup)) {
      check(Arrays.equals(is.readAllBytes(), data), "a 3 MiB backup streams through in 1 MiB segments and decrypts intact");
    }
    byte[] tampered = stream.clone();
    tampered[tampered.length - 100] ^= 1;
    long[] released = {0};
    expectDecryptFailure(
        CiphertextStreamException.class,
        "a flipped bit in the last segment is caught when that segment is read",
        () -> {
          try (java.io.InputStream is =
              streams.newDecryptingStream(new java.io.ByteArrayInputStream(tampered), backup)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = is.read(buf)) != -1; ) {
              released[0] += n;
            }
          }
        });
    check(released[0] <= 3L * 1024 * 1024, "only the " + released[0] + " bytes of authenticated segments were released");

    BlindIndex byEmail = ring.blindIndex(KeyScope.tenant(ACME), "customer.email", BlindIndexParameters.email());
    String token = byEmail.compute(acmeEmail.value);
    say("Blind index of acme's customer email: " + token + " (stored beside the ciphertext)");
    ring.rotate(KeyScope.tenant(ACME));
    check(
        byEmail.lookupTokens("Alice@Example.com").contains(token),
        "after another rotation, a lookup for 'Alice@Example.com' still finds the row indexed under the old key");

    byte[] page = "<h1>Generated by the site assistant</h1>".getBytes(StandardCharsets.UTF_8);
    byte[] signature = ring.signer("provenance").sign(page);
    String jwks = ring.publicKeys("provenance").toJwkSetJson();
    SignatureVerifier outside = PublicKeySet.fromJwkSetJson(jwks).verifier();
    outside.verify(signature, page);
    ok("an Ed25519 signature verifies with only the exported JWK Set (" + signature.length + " bytes)");
    byte[] edited = page.clone();
    edited[5] ^= 1;
    expectFailure(VerificationFailedException.class, "an edited page is refused", () -> outside.verify(signature, edited));

    KeyInventory inventory = KeyInventory.take(ring);
    KeyInventory.KeyUse use = inventory.keysUsedBy(List.of(acmeEmail.ciphertext, stream)).get(1);
    check(
        use.exact() && use.keys().get(0).tenant().equals(ACME),
        "the inventory attributes the backup stream to exactly one key: " + use.keys().get(0));
    KeyInventory.BreachReport kek = inventory.ifKeyEncryptionKeyCompromised();
    check(
        kek.affectedTenants().equals(List.of(ACME)),
        "if the master key leaked with the store, only acme is exposed: globex was shredded");
  }

  /** waas-auth on its embedded defaults (in-memory stores), with the key ring for pepper and MFA. */
  private void signIn(KeyRing ring) throws Exception {
    step(10, "Sign-in: passwords, MFA, throttling, authorization, API keys");
    PasswordPolicy policy = PasswordPolicy.builder().eventListener(listener).build();
    char[] password = "correct horse battery staple".toCharArray();
    PasswordCheck weak = policy.check("password1".toCharArray());
    check(!weak.acceptable() && weak.violations().contains(PasswordViolation.COMMON),
        "the NIST SP 800-63B policy refuses 'password1' as a common password");
    check(policy.check(password).acceptable(), "and accepts a four-word passphrase, with no composition rules");

    KeyScope pepperScope = KeyScope.tenant("platform");
    PasswordHasher hasher = PasswordHasher.builder()
        .pepper(PasswordPepper.fromKeyRing(ring, pepperScope))
        .legacyAlgorithms(LegacyAlgorithm.BCRYPT)
        .eventListener(listener)
        .build();
    String stored = hasher.hash(password);
    say("Stored hash: " + stored.substring(0, stored.indexOf('$', stored.indexOf("p=")) + 1) + "...");
    check(stored.startsWith("$argon2id$v=19$m=19456,t=2,p=1,pv="),
        "Argon2id at OWASP's minimum, peppered with a key from the key ring (pv = pepper key id)");
    check(hasher.verify(password, stored).matches(), "the right password matches");
    check(!hasher.verify("correct horse battery stapler".toCharArray(), stored).matches(), "a wrong one does not");
    check(!hasher.verify(password, null).matches(),
        "an unknown user gets no match; the hasher still runs the same Argon2id work, so timing does not reveal accounts");
    ring.rotate(pepperScope);
    PasswordMatch afterRotation = hasher.verify(password, stored);
    check(afterRotation.matches() && afterRotation.upgradedHash().isPresent(),
        "after the pepper rotates, the old hash still verifies and comes back rehashed under the new pepper");
    byte[] salt = new byte[16];
    new java.security.SecureRandom().nextBytes(salt);
    String bcrypt = org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate("2b", password, salt, 10);
    PasswordMatch migrated = hasher.verify(password, bcrypt);
    check(migrated.matches() && migrated.upgradedHash().orElse("").startsWith("$argon2id$"),
        "a bcrypt hash from an old system verifies once and is replaced by Argon2id");

    LoginThrottle throttle = LoginThrottle.builder().eventListener(listener).build();
    ClientAddress from = ClientAddress.parse("2001:db8:7:1::42");
    int admitted = 0;
    LoginAttempt attempt = throttle.begin(ACME + "/ada", from);
    while (attempt.isAllowed() && admitted < 10) {
      admitted++;
      attempt.failed();
      attempt = throttle.begin(ACME + "/ada", from);
    }
    check(admitted == throttle.policy().failuresBeforeDelay() && attempt.retryAfter().isPresent(),
        admitted + " wrong passwords in a row, then ada's account waits "
            + attempt.retryAfter().map(d -> d.toMillis() + " ms").orElse("?") + " (doubling per failure, capped)");

    TotpVerifier totp = TotpVerifier.builder(ring, new InMemoryOtpReplayStore()).eventListener(listener).build();
    TotpEnroller enroller = TotpEnroller.builder(ring, totp).issuer("Acme Sites").eventListener(listener).build();
    TotpEnrollment enrollment = enroller.start(ACME, "ada", "ada@acme.example");
    Path qr = base.resolve("ada-totp.png");
    enrollment.writeQrCodePng(qr);
    say("TOTP enrollment: otpauth://totp/Acme%20Sites:ada%40acme.example?secret=(hidden)&...; QR code in "
        + qr.getFileName() + " (" + Files.size(qr) + " bytes)");
    byte[] secret = enrollment.otpAuthUri().secret().copyBytes();
    try {
      long now = System.currentTimeMillis() / 1000;
      String code = totpCode(secret, now / 30);
      TotpFactor factor = enroller.confirm(enrollment.pendingFactor(), code);
      check(factor.isActive(), "the first code from the authenticator app confirms the factor");
      check(!factor.encode().contains(Base32.encode(secret).replace("=", "")),
          "the stored factor holds the secret only sealed by the key ring");
      check(totp.verify(factor, code).status() == OtpVerification.Status.REPLAYED,
          "the same code cannot be used again to sign in: REPLAYED");
      String next = totpCode(secret, now / 30 + 1);
      check(totp.verify(factor, next).isAccepted(), "the next code is accepted (window: one step either way)");
      check(totp.verify(factor, next).status() == OtpVerification.Status.REPLAYED, "but only once");
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    RecoveryCodes recovery = RecoveryCodes.builder(ring, new InMemoryRecoveryCodeStore()).eventListener(listener).build();
    List<String> codes = recovery.generate(ACME, "ada");
    check(recovery.redeem(ACME, "ada", codes.get(3).toLowerCase(java.util.Locale.ROOT)).accepted()
            && !recovery.redeem(ACME, "ada", codes.get(3)).accepted(),
        codes.size() + " recovery codes (80 bits each, stored as keyed hashes); each works once");

    Authorizer authz = Authorizer.builder(PolicyJson.parse("""
        {"version": 1,
         "globalRoles": [
           {"name": "viewer", "grants": [{"allow": "*:read"}]},
           {"name": "editor", "inherits": ["viewer"],
            "grants": [{"allow": "pages:*"}, {"deny": "pages:delete"}]},
           {"name": "author", "grants": [{"allow": "pages:edit", "when": "owner"}]}],
         "tenants": {
           "acme": {"roles": [{"name": "site-admin", "inherits": ["editor"], "grants": [{"allow": "*"}]}],
                    "assignments": [{"user": "ada", "roles": ["site-admin"]}, {"user": "bo", "roles": ["author"]}]},
           "globex": {"assignments": [{"user": "ada", "roles": ["viewer"]}]}}}
        """)).eventListener(listener).build();
    check(authz.check(ACME, "ada", "settings:write") && !authz.check(GLOBEX, "ada", "pages:edit"),
        "ada is site admin of acme and only a viewer of globex: roles are assigned per tenant");
    say("explain: " + authz.explain(ACME, "ada", "pages/9:delete"));
    check(!authz.check(ACME, "ada", "pages/9:delete"), "an inherited deny wins over the admin's '*'");
    check(authz.check(ACME, "bo", "pages/9:edit", "bo") && !authz.check(ACME, "bo", "pages/9:edit", "ada"),
        "bo may edit only pages he owns");

    ApiKeys apiKeys = ApiKeys.builder(ApiKeyEnvironment.LIVE).eventListener(listener).build();
    IssuedApiKey issued = apiKeys.issue(ApiKeyRequest.builder(ACME, "deploy bot").build());
    String key = issued.plaintext();
    say("API key issued: " + key.substring(0, key.indexOf('_', "waas_live_acme_".length()) + 1) + "... (shown once)");
    check(apiKeys.verify(key).status() == ApiKeyStatus.VALID, "it verifies against its stored hash");
    char[] typo = key.toCharArray();
    typo[typo.length - 12] = typo[typo.length - 12] == 'x' ? 'y' : 'x';
    expectFailure(MalformedApiKeyException.class, "a mistyped key is caught by its checksum before any lookup",
        () -> apiKeys.verify(new String(typo)));
    apiKeys.revoke(ACME, apiKeys.list(ACME).get(0).keyId());
    check(apiKeys.verify(key).status() == ApiKeyStatus.REVOKED, "after revocation it is refused: REVOKED");
    Arrays.fill(password, '\0');
  }

  /** What an authenticator app computes: RFC 6238 TOTP, HMAC-SHA1, 6 digits. */
  private static String totpCode(byte[] secret, long step) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
    mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA1"));
    byte[] h = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
    int o = h[h.length - 1] & 0xf;
    int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
    return String.format(java.util.Locale.ROOT, "%06d", bin % 1_000_000);
  }

  /** Proves the shredding is in the store files, not only in the first key ring's memory. */
  private void checkFromDisk(StoredValue acmeEmail, StoredValue globexEmail) throws Exception {
    step(11, "Check the store on disk");
    say("A new key ring reads the key store files from scratch, like a restarted service would.");
    try (KeyRing fresh = open()) {
      List<KeyMetadata> globexKeys = fresh.keys(KeyScope.tenant(GLOBEX));
      out.println();
      KeysCommand.printKeys(out, fresh, fresh.tenants(), false, "   ");
      out.println();
      check(
          !globexKeys.isEmpty() && globexKeys.stream().allMatch(k -> k.status() == KeyStatus.DESTROYED),
          "the new key ring reads every key of globex as DESTROYED from the store files");
      expectDecryptFailure(
          KeyDestroyedException.class,
          "globex's email is still unreadable after a restart",
          () -> fresh.encryptor().decrypt(globexEmail.ciphertext, globexEmail.context));
      checkDecrypts(fresh.encryptor(), acmeEmail, acmeEmail.ciphertext);
      ok("acme's data still decrypts after a restart");
    }
    say("Shredding cannot reach copies of the key store in backups or snapshots (they still open");
    say("with the master key): keep such backups short-lived, or retire the master key with them.");
  }

  private void summary() {
    step(12, "Audit trail");
    int total;
    synchronized (events) {
      total = events.values().stream().mapToInt(Integer::intValue).sum();
      say("The SDK reported " + total + " security events to its listener (in production: your");
      say("audit log or SIEM):");
      events.forEach((type, n) -> out.printf("     %3d  %s%n", n, type));
      check(
          events.getOrDefault("crypto.decrypt.failed", 0) == expectedDecryptFailures,
          "each of the " + expectedDecryptFailures + " refused decryptions was reported as crypto.decrypt.failed");
    }
    out.println();
    out.println("All " + checks + " checks passed.");
    if (temporary) {
      out.println("The temporary directory is deleted now.");
    } else {
      out.println("The key store stays in " + storeDir + ". Look at it with:");
      out.println("  waas keys list --store " + storeDir + " --master-key-file " + keyFile);
    }
    out.flush();
  }

  // ---------------------------------------------------------------- helpers

  private KeyRing open() throws Exception {
    return KeyRing.builder().directory(storeDir).masterKey(MasterKeySource.keyFile(keyFile)).eventListener(listener).build();
  }

  private void onEvent(SecurityEvent event) {
    synchronized (events) {
      events.merge(event.type(), 1, Integer::sum);
    }
  }

  private void step(int n, String title) {
    out.println();
    out.println(n + ". " + title);
    out.flush();
  }

  private void say(String line) {
    out.println("   " + line);
  }

  private void ok(String claim) {
    checks++;
    out.println("   ok  " + claim);
    out.flush();
  }

  private void check(boolean holds, String claim) {
    if (!holds) {
      throw failed("this does not hold: " + claim);
    }
    ok(claim);
  }

  private void checkDecrypts(DataEncryptor enc, StoredValue r, byte[] ciphertext) throws Exception {
    byte[] back = enc.decrypt(ciphertext, r.context);
    if (!Arrays.equals(back, r.plaintext())) {
      throw failed(r.describe() + " decrypted to something other than what was encrypted");
    }
  }

  private void expectDecryptFailure(Class<? extends Exception> type, String claim, Action action) {
    expectedDecryptFailures++;
    expectFailure(type, claim, action);
  }

  private void expectFailure(Class<? extends Exception> type, String claim, Action action) {
    try {
      action.run();
    } catch (Exception e) {
      if (type.isInstance(e)) {
        ok(claim + ": " + type.getSimpleName());
        return;
      }
      throw failed(
          claim + ": expected " + type.getSimpleName() + " but got " + e.getClass().getSimpleName() + " (" + e.getMessage() + ")");
    }
    throw failed(claim + ": expected " + type.getSimpleName() + ", but the operation succeeded");
  }

  private static CommandFailedException failed(String message) {
    return new CommandFailedException(ExitCodes.INTERNAL, "demo check failed: " + message);
  }

  private static KeyMetadata primaryKey(KeyRing ring, KeyScope scope) throws Exception {
    for (KeyMetadata k : ring.keys(scope)) {
      if (k.primary()) {
        return k;
      }
    }
    throw failed(scope + " has no primary key");
  }

  private static long headerKeyId(byte[] ciphertext) {
    try {
      return CiphertextHeader.parse(ciphertext).keyId();
    } catch (Exception e) {
      throw failed("the SDK produced a ciphertext whose header does not parse: " + e.getMessage());
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
