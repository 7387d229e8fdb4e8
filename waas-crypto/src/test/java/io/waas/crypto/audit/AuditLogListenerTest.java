package io.waas.crypto.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.waas.core.SecurityEvent;
import io.waas.crypto.CryptoEvents;
import io.waas.crypto.KeyScope;
import io.waas.crypto.MessageAuthenticator;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log as a security event listener: of a key ring, of its own chain key, of many threads. */
class AuditLogListenerTest {
  @TempDir
  @SuppressWarnings("NullAway.Init") // injected by JUnit
  Path tmp;

  private static List<SecurityEvent> events(AuditFixture f) throws Exception {
    List<SecurityEvent> out = new ArrayList<>();
    for (Path p : f.files()) {
      for (String line : AuditFixture.lines(p)) {
        SecurityEvent e = AuditFixture.record(line).event();
        if (e != null) {
          out.add(e);
        }
      }
    }
    return out;
  }

  @Test
  void keyRingEvents_landInTheLog_throughADeferredListener() throws Exception {
    DeferredAuditListener audit = DeferredAuditListener.create();
    try (AuditFixture f = new AuditFixture(tmp, audit)) {
      AuditLog log = f.open(); // creates the chain key: an event the listener holds
      assertEquals(2, audit.pendingEvents(), "key store opened, chain key created");
      audit.attach(log);
      assertEquals(0, audit.pendingEvents());
      f.ring.rotate(KeyScope.tenant("acme"));
      f.ring.shred(KeyScope.tenant("acme"));
      log.close();
      assertThrows(IllegalStateException.class, () -> audit.attach(log));

      List<String> types = events(f).stream().map(SecurityEvent::type).toList();
      assertEquals(
          List.of(CryptoEvents.KEY_STORE_OPENED, CryptoEvents.KEY_CREATED, CryptoEvents.KEY_CREATED,
              CryptoEvents.SCOPE_SHREDDED),
          types);
      assertEquals("audit", events(f).get(1).tenant());
      assertEquals("acme", events(f).get(2).tenant());
      AuditVerificationReport report = f.verify();
      assertTrue(report.intact(), report.problems()::toString);
    }
  }

  @Test
  void deferredListener_full_countsWhatItDropped() throws Exception {
    DeferredAuditListener audit = DeferredAuditListener.withCapacity(2);
    try (AuditFixture f = new AuditFixture(tmp)) {
      for (int i = 0; i < 5; i++) {
        audit.onEvent(AuditFixture.event(i));
      }
      try (AuditLog log = f.open()) {
        audit.attach(log);
      }
      List<SecurityEvent> events = events(f);
      assertEquals(3, events.size());
      assertEquals(AuditEvents.EVENTS_DROPPED, events.get(2).type());
      assertEquals("3", events.get(2).attributes().get("count"));
    }
    assertThrows(IllegalArgumentException.class, () -> DeferredAuditListener.withCapacity(0));
  }

  @Test
  void deferredListener_concurrentEventsDuringAttach_noneLost() throws Exception {
    DeferredAuditListener audit = DeferredAuditListener.create();
    int threads = 4;
    int perThread = 150;
    try (AuditFixture f = new AuditFixture(tmp)) {
      try (AuditLog log = f.builder().durability(AuditDurability.batched(200)).build()) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch started = new CountDownLatch(threads);
        try {
          List<Future<?>> done = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            int n = t;
            done.add(pool.submit(() -> {
              started.countDown();
              for (int i = 0; i < perThread; i++) {
                audit.onEvent(AuditFixture.event(n * 1000 + i));
              }
              return null;
            }));
          }
          started.await();
          audit.attach(log);
          for (Future<?> d : done) {
            d.get();
          }
        } finally {
          pool.shutdownNow();
        }
        assertEquals(0, log.droppedEvents());
      }
      assertEquals(threads * perThread, events(f).size());
      assertTrue(f.verify().intact());
    }
  }

  /**
   * A chain key that reports an event while it computes a tag, as a key ring does when it creates
   * the key on first use: the event must be written after the record in progress, not inside it.
   */
  @Test
  void eventRaisedWhileAppending_isWrittenRightAfter() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      AtomicReference<AuditLog> target = new AtomicReference<>();
      AtomicReference<Throwable> nestedAppend = new AtomicReference<>();
      MessageAuthenticator reporting = new MessageAuthenticator() {
        private int calls;

        @Override
        public byte[] computeTag(byte[] data) throws GeneralSecurityException {
          AuditLog log = target.get();
          if (log != null && ++calls == 1) {
            log.onEvent(SecurityEvent.builder("test.nested", SecurityEvent.Outcome.SUCCESS).build());
            try {
              log.append(SecurityEvent.builder("test.nested_append", SecurityEvent.Outcome.SUCCESS).build());
            } catch (IllegalStateException e) {
              nestedAppend.set(e);
            }
          }
          return f.chain.computeTag(data);
        }

        @Override
        public byte[] computeTagWithKey(byte[] data, long keyId) throws GeneralSecurityException {
          return f.chain.computeTagWithKey(data, keyId);
        }

        @Override
        public void verifyTag(byte[] tag, byte[] data) throws GeneralSecurityException {
          f.chain.verifyTag(tag, data);
        }
      };
      try (AuditLog log = AuditLog.builder(f.logDir).authenticator(reporting).signer(f.keys.signer()).build()) {
        target.set(log);
        log.append(AuditFixture.event(1));
        log.append(AuditFixture.event(2));
      }
      assertInstanceOf(IllegalStateException.class, nestedAppend.get());
      List<String> types = events(f).stream().map(SecurityEvent::type).toList();
      assertEquals(List.of("test.access", "test.nested", "test.access"), types);
      assertTrue(f.verify().intact());
    }
  }

  @Test
  void verifier_concurrentThreads_sameVerdicts() throws Exception {
    try (AuditFixture f = new AuditFixture(tmp)) {
      f.writeLog(40, b -> b.rotateAfterEvents(10));
      AuditLogVerifier verifier = f.verifierBuilder().build();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<AuditVerificationReport>> reports = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          reports.add(pool.submit(() -> verifier.verify(f.logDir)));
        }
        for (Future<AuditVerificationReport> r : reports) {
          AuditVerificationReport report = r.get();
          assertTrue(report.intact(), report.problems()::toString);
          assertEquals(40, report.files().stream().mapToLong(AuditVerificationReport.FileSummary::events).sum());
          assertEquals(report.head().orElseThrow(), reports.get(0).get().head().orElseThrow());
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
