package io.waas.crypto;

import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Records every event it receives. Thread-safe. */
final class RecordingListener implements SecurityEventListener {
  private final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(SecurityEvent event) {
    events.add(event);
  }

  List<SecurityEvent> all() {
    return List.copyOf(events);
  }

  List<SecurityEvent> ofType(String type) {
    return events.stream().filter(e -> e.type().equals(type)).collect(Collectors.toList());
  }

  void clear() {
    events.clear();
  }
}
