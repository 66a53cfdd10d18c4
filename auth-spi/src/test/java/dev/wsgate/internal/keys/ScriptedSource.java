package dev.wsgate.internal.keys;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A key server the test rewrites: it publishes a set of key ids, or is down; counts fetches and
 * records their outcomes as a provider's metrics would.
 */
final class ScriptedSource implements KeySource<Set<String>> {
  private volatile Set<String> published = Set.of();
  private volatile boolean down;
  private volatile Duration ttl = Duration.ofMinutes(5);
  final List<Boolean> outcomes = new CopyOnWriteArrayList<>();

  ScriptedSource publish(String... kids) {
    published = Set.of(kids);
    down = false;
    return this;
  }

  ScriptedSource down() {
    down = true;
    return this;
  }

  ScriptedSource ttl(Duration d) {
    ttl = d;
    return this;
  }

  int fetches() {
    return outcomes.size();
  }

  @Override
  public Fetched<Set<String>> fetch() throws IOException {
    if (down) {
      throw new IOException("HTTP 503 from the scripted key server");
    }
    Set<String> kids = published;
    return new Fetched<>(kids, kids, ttl);
  }

  @Override
  public String location() {
    return "https://keys.example/jwks.json";
  }

  @Override
  public void fetched(boolean succeeded) {
    outcomes.add(succeeded);
  }
}
