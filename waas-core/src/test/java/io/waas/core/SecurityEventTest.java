package io.waas.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecurityEventTest {
  @Test
  void builder_setsAllFieldsAndSortsAttributes() {
    Instant t = Instant.parse("2026-01-02T03:04:05Z");
    SecurityEvent e =
        SecurityEvent.builder("key.rotated", SecurityEvent.Outcome.SUCCESS)
            .timestamp(t)
            .tenant("acme")
            .subject("user-1")
            .attribute("zeta", "1")
            .attribute("keyId", "42")
            .build();
    assertEquals("key.rotated", e.type());
    assertEquals(t, e.timestamp());
    assertEquals("acme", e.tenant());
    assertEquals("user-1", e.subject());
    assertEquals(List.of("keyId", "zeta"), new ArrayList<>(e.attributes().keySet()));
    assertTrue(e.toString().contains("keyId=42"));
    assertThrows(UnsupportedOperationException.class, () -> e.attributes().put("x", "y"));
  }

  @Test
  void builder_tenantAndSubjectAreOptional() {
    SecurityEvent e = SecurityEvent.builder("a.b", SecurityEvent.Outcome.DENIED).build();
    assertNull(e.tenant());
    assertNull(e.subject());
  }

  @ParameterizedTest
  @ValueSource(strings = {"password", "userPassword", "secret", "apiToken", "plaintext", "privateKey", "passphrase"})
  void attribute_secretLookingName_isRefused(String name) {
    SecurityEvent.Builder b = SecurityEvent.builder("login.failed", SecurityEvent.Outcome.FAILURE);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.attribute(name, "x"));
    assertTrue(String.valueOf(e.getMessage()).contains("secret"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Key.Created", "key", "key..created", "1key.created", "key.created!"})
  void builder_malformedType_isRefused(String type) {
    assertThrows(
        IllegalArgumentException.class, () -> SecurityEvent.builder(type, SecurityEvent.Outcome.SUCCESS));
  }

  @Test
  void all_throwingListener_doesNotStopOthers() {
    List<String> got = new ArrayList<>();
    SecurityEventListener broken =
        e -> {
          throw new IllegalStateException("listener bug");
        };
    SecurityEventListener combined = SecurityEventListener.all(broken, e -> got.add(e.type()));
    SecurityEvent e = SecurityEvent.builder("key.created", SecurityEvent.Outcome.SUCCESS).build();
    combined.onEvent(e);
    SecurityEvents.deliver(broken, e); // must not throw
    assertEquals(List.of("key.created"), got);
  }

  @Test
  void logging_listener_acceptsEveryOutcome() {
    for (SecurityEvent.Outcome o : SecurityEvent.Outcome.values()) {
      SecurityEventListener.logging()
          .onEvent(SecurityEvent.builder("test.event", o).tenant("t").attribute("k", "v").build());
    }
    SecurityEventListener.none().onEvent(SecurityEvent.builder("test.event", SecurityEvent.Outcome.SUCCESS).build());
  }
}
