package io.waas.auth.apikey;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.ManualClock;
import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every API key operation, successful and failing, and checks that no key plaintext (nor its
 * secret part) appears in logs (slf4j-simple writes to System.err), events, exception messages or
 * {@code toString()}.
 */
class ApiKeySecretLeakTest {
  @Test
  void keyPlaintext_neverInLogsEventsExceptionsOrToString() throws Exception {
    RecordingListener recorder = new RecordingListener();
    SecurityEventListener failing = e -> {
      throw new IllegalStateException("listener failure for " + e);
    };
    ManualClock clock = ManualClock.at(Instant.parse("2030-01-01T00:00:00Z"));
    ApiKeys apiKeys = ApiKeys.builder(ApiKeyEnvironment.LIVE)
        .clock(clock)
        .eventListener(SecurityEventListener.all(SecurityEventListener.logging(), recorder, failing))
        .build();
    List<String> secrets = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      IssuedApiKey a = apiKeys.issue(ApiKeyRequest.builder("acme", "first").scopes("read").build());
      IssuedApiKey b = apiKeys.issue(ApiKeyRequest.builder("acme", "second").validFor(Duration.ofDays(1)).build());
      IssuedApiKey t = apiKeys.issue(ApiKeyRequest.builder("acme", "test").environment(ApiKeyEnvironment.TEST).build());
      secrets.add(a.plaintext());
      secrets.add(b.plaintext());
      secrets.add(t.plaintext());
      texts.add(a.toString());
      texts.add(a.metadata().toString());
      texts.add(apiKeys.verify(a.plaintext()).toString());
      texts.add(apiKeys.verify(t.plaintext()).toString());
      String typo = a.plaintext().substring(0, 40) + (a.plaintext().charAt(40) == 'x' ? 'y' : 'x')
          + a.plaintext().substring(41);
      secrets.add(typo);
      texts.add(messageOf(() -> apiKeys.verify(typo)));
      texts.add(messageOf(() -> apiKeys.verify(a.plaintext() + "x")));
      texts.add(messageOf(() -> apiKeys.verify(a.plaintext().substring(1))));
      String wrongSecret = ApiKeyFormat.format(ApiKeyEnvironment.LIVE, "acme", a.keyId(), ApiKeyFormat.newSecret());
      secrets.add(wrongSecret);
      texts.add(apiKeys.verify(wrongSecret).toString());
      IssuedApiKey rotated = apiKeys.rotate("acme", b.keyId(), Duration.ofMinutes(5));
      secrets.add(rotated.plaintext());
      texts.add(rotated.toString());
      apiKeys.revoke("acme", a.keyId());
      texts.add(messageOf(() -> apiKeys.verify(a.plaintext()).requireValid()));
      clock.advance(Duration.ofDays(2));
      texts.add(apiKeys.verify(b.plaintext()).toString());
      texts.add(apiKeys.list("acme").toString());
    } finally {
      System.setErr(originalErr);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    assertTrue(logs.contains("auth.apikey.issued"), "the logging listener ran: " + logs);
    for (SecurityEvent e : recorder.events) {
      texts.add(e.toString());
    }
    texts.add(logs);
    String all = String.join("\n", texts);
    for (String secret : secrets) {
      String secretPart = secret.substring(secret.length() - 38);
      assertFalse(all.contains(secret), "a key plaintext leaked");
      assertFalse(all.contains(secretPart.substring(0, 16)), "part of a key's secret leaked");
    }
  }

  interface Action {
    void run() throws Exception;
  }

  static String messageOf(Action action) {
    try {
      action.run();
    } catch (Exception e) {
      StringBuilder sb = new StringBuilder();
      for (Throwable t = e; t != null; t = t.getCause()) {
        sb.append(t).append('\n');
      }
      return sb.toString();
    }
    throw new AssertionError("expected an exception");
  }
}
