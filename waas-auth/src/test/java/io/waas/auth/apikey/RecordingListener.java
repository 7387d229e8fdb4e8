package io.waas.auth.apikey;

import io.waas.core.SecurityEvent;
import io.waas.core.SecurityEventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event it receives. */
final class RecordingListener implements SecurityEventListener {
  final List<SecurityEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(SecurityEvent event) {
    events.add(event);
  }

  List<SecurityEvent> ofType(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }
}
