package io.waas.crypto.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import io.waas.crypto.KeyRing;
import io.waas.crypto.MasterKeySource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Child process for {@link AuditLogCrashSafetyTest}: appends events to an audit log in a loop and,
 * after each {@code append} has returned, prints its number and sequence number.
 *
 * <p>Arguments: key store directory, master key file, log directory, checkpoint signing seed
 * (hex), first event number, maximum number of events.
 */
public final class AuditAppendChild {
  private AuditAppendChild() {}

  static SecurityEvent event(int n) {
    return SecurityEvent.builder("test.child", SecurityEvent.Outcome.SUCCESS)
        .tenant("acme")
        .subject("child-" + n)
        .attribute("payload", "x".repeat(n % 97))
        .build();
  }

  public static void main(String[] args) throws Exception {
    Path keys = Path.of(args[0]);
    Path keyFile = Path.of(args[1]);
    Path logDir = Path.of(args[2]);
    TestEd25519 signing = TestEd25519.fromSeed(HexFormat.of().parseHex(args[3]));
    int first = Integer.parseInt(args[4]);
    int max = Integer.parseInt(args[5]);
    PrintStream out = new PrintStream(System.out, true, UTF_8);
    try (KeyRing ring = KeyRing.builder()
            .directory(keys)
            .masterKey(MasterKeySource.keyFile(keyFile))
            .eventListener(SecurityEventListener.none())
            .build();
        AuditLog log = AuditLog.builder(logDir)
            .authenticator(ring.messageAuthenticator(AuditFixture.SCOPE, AuditFixture.PURPOSE))
            .signer(signing.signer())
            .rotateAfterBytes(4096)
            .checkpointEvery(7)
            .build()) {
      out.println("READY");
      for (int i = first; i < first + max; i++) {
        long seq = log.append(event(i));
        out.println("APPENDED " + i + " " + seq + " END");
      }
      out.println("DONE");
    }
  }
}
