package dev.wsgate.cluster.redis;

import dev.wsgate.cluster.DisconnectOrder;
import dev.wsgate.cluster.LocalDisconnects;
import dev.wsgate.gate.DenyList;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-process instances of one cluster, each with its deny list and a recording disconnector. */
final class Instances {
  private Instances() {}

  /**
   * A fast resync and breaker, so that outages and returns show within a second; timeouts that a
   * loaded shared machine still meets (while Redis is down, commands fail at once, not on timeout).
   */
  static RedisSettings settings(String uri) {
    return new RedisSettings(
        uri,
        null,
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        new KeyPrefix("test"),
        Duration.ofMillis(150),
        2,
        Duration.ofMillis(400),
        Duration.ofMillis(800),
        Duration.ofSeconds(15),
        Duration.ofMillis(200),
        Duration.ofMillis(200));
  }

  /** One instance: its cluster state, deny list and the orders it carried out. */
  static final class Instance implements AutoCloseable {
    final DenyList denyList = new DenyList();
    final List<DisconnectOrder> orders = new CopyOnWriteArrayList<>();
    final RedisCluster cluster;

    Instance(String uri, Clock clock, int connectionsPerOrder) {
      cluster = RedisCluster.create(settings(uri), denyList, clock);
      LocalDisconnects local =
          order -> {
            orders.add(order);
            return connectionsPerOrder;
          };
      cluster.start(local);
    }

    @Override
    public void close() {
      cluster.close();
    }
  }
}
