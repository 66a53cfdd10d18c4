package dev.wsgate.session;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A channel that records what the registry sends and closes, as {@code "name 4002 reason"}. */
final class RecordingChannel implements SessionChannel {
  private final String name;
  final List<String> sent = new CopyOnWriteArrayList<>();
  final List<String> closes;

  RecordingChannel(String name, List<String> closes) {
    this.name = name;
    this.closes = closes;
  }

  @Override
  public void send(String text) {
    sent.add(text);
  }

  @Override
  public void close(int code, String reason) {
    closes.add(name + " " + code + " " + reason);
  }
}
