package io.waas.crypto.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.waas.core.SecretBytes;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.KeyRing;
import io.waas.crypto.KeyScope;
import io.waas.crypto.MasterKeySource;
import io.waas.crypto.MessageAuthenticator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A key ring (random master key, no event output), the audit chain key from it, a test Ed25519
 * checkpoint key, and a log directory; plus helpers to read and rewrite log files line by line,
 * the way an attacker with write access would.
 */
final class AuditFixture implements AutoCloseable {
  static final KeyScope SCOPE = KeyScope.tenant("audit");
  static final String PURPOSE = "audit-chain";

  final Path root;
  final Path logDir;
  final KeyRing ring;
  final MessageAuthenticator chain;
  final TestEd25519 keys;

  AuditFixture(Path root) throws GeneralSecurityException {
    this(root, SecurityEventListener.none());
  }

  AuditFixture(Path root, SecurityEventListener ringEvents) throws GeneralSecurityException {
    this.root = root;
    this.logDir = root.resolve("audit");
    this.ring =
        KeyRing.builder()
            .directory(root.resolve("keys"))
            .masterKey(MasterKeySource.keyMaterial(SecretBytes.random(32)))
            .eventListener(ringEvents)
            .build();
    this.chain = ring.messageAuthenticator(SCOPE, PURPOSE);
    this.keys = TestEd25519.generate();
  }

  AuditLog.Builder builder() {
    return AuditLog.builder(logDir).authenticator(chain).signer(keys.signer());
  }

  AuditLog open() throws GeneralSecurityException {
    return builder().build();
  }

  AuditLogVerifier.Builder verifierBuilder() {
    return AuditLogVerifier.builder().authenticator(chain).signatureVerifier(keys.verifier());
  }

  AuditVerificationReport verify() {
    return verifierBuilder().build().verify(logDir);
  }

  static SecurityEvent event(int i) {
    return SecurityEvent.builder("test.access", i % 5 == 0 ? SecurityEvent.Outcome.DENIED : SecurityEvent.Outcome.SUCCESS)
        .tenant("acme")
        .subject("user-" + i)
        .attribute("n", Integer.toString(i))
        .attribute("resource", "record/" + i)
        .build();
  }

  /** Writes {@code count} events to a fresh log and closes it. */
  void writeLog(int count, java.util.function.UnaryOperator<AuditLog.Builder> config)
      throws GeneralSecurityException {
    try (AuditLog log = config.apply(builder()).build()) {
      for (int i = 0; i < count; i++) {
        log.append(event(i));
      }
    }
  }

  List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(logDir)) {
      return s.filter(p -> AuditFiles.LOG_FILE.matcher(p.getFileName().toString()).matches())
          .sorted()
          .collect(Collectors.toList());
    }
  }

  Path file(int index) {
    return logDir.resolve(AuditFiles.name(index));
  }

  /** The file's lines without their line feeds (the file must end with one). */
  static List<String> lines(Path file) throws IOException {
    String all = Files.readString(file, UTF_8);
    List<String> out = new ArrayList<>(List.of(all.split("\n", -1)));
    if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    return out;
  }

  static void writeLines(Path file, List<String> lines) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String l : lines) {
      out.writeBytes(l.getBytes(UTF_8));
      out.write('\n');
    }
    Files.write(file, out.toByteArray());
  }

  static AuditRecord record(String line) throws MalformedAuditRecordException {
    return AuditRecord.parse(line.getBytes(UTF_8));
  }

  /** 1-based line number of the record with {@code seq} in {@code file}. */
  static int lineOf(Path file, long seq) throws IOException, MalformedAuditRecordException {
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (record(lines.get(i)).sequence() == seq) {
        return i + 1;
      }
    }
    throw new AssertionError("no record " + seq + " in " + file);
  }

  @Override
  public void close() {
    ring.close();
  }
}
