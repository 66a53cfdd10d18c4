package dev.wsgate.cluster.redis;

import dev.wsgate.cluster.DisconnectOrder;
import dev.wsgate.cluster.DisconnectOutcome;
import dev.wsgate.cluster.LocalDisconnects;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Disconnect orders through pub/sub. The ordering instance closes its own connections first, then
 * publishes the order on {@code PREFIX:disconnect}; {@code PUBLISH} answers how many instances
 * listen, and each of the others closes its connections and answers on the orderer's {@code
 * PREFIX:ack:ID} channel with how many it closed. The outcome completes when every listener
 * answered or when the wait runs out, whichever comes first.
 */
final class Disconnects {
  private static final System.Logger LOG = System.getLogger(Disconnects.class.getName());

  private final RedisLink link;
  private final KeyPrefix prefix;
  private final String instanceId;
  private final Duration wait;
  private final ScheduledExecutorService scheduler;
  private final Executor worker;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private volatile LocalDisconnects local = order -> 0;

  Disconnects(
      RedisLink link,
      KeyPrefix prefix,
      String instanceId,
      Duration wait,
      ScheduledExecutorService scheduler) {
    this.link = link;
    this.prefix = prefix;
    this.instanceId = instanceId;
    this.wait = wait;
    this.scheduler = scheduler;
    this.worker = scheduler; // two threads: an order is not held up by a resync
  }

  String ordersChannel() {
    return prefix.key("disconnect");
  }

  String ackChannel() {
    return prefix.key("ack", instanceId);
  }

  void start(LocalDisconnects local) {
    this.local = Objects.requireNonNull(local, "local");
  }

  CompletionStage<DisconnectOutcome> disconnect(DisconnectOrder order) {
    int closedHere = local.disconnect(order);
    if (!link.available()) {
      return CompletableFuture.completedFuture(DisconnectOutcome.localOnly(closedHere));
    }
    String id = UUID.randomUUID().toString();
    Pending p = new Pending(closedHere);
    pending.put(id, p);
    String message = Fields.join(id, instanceId, order.tenantId().orElse(""), order.subject());
    link.call(c -> c.publish(ordersChannel(), message))
        .whenComplete(
            (listeners, e) -> {
              if (e != null) {
                pending.remove(id);
                p.result.complete(DisconnectOutcome.localOnly(closedHere));
              } else {
                p.reached(listeners.intValue());
              }
            });
    scheduler.schedule(
        () -> {
          pending.remove(id);
          p.finish();
        },
        wait.toMillis(),
        TimeUnit.MILLISECONDS);
    return p.result;
  }

  /** An order from any instance, this one's own included (ignored: it closed its own first). */
  void onOrder(String message) {
    List<String> f;
    try {
      f = Fields.split(message, 4);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "cluster: ignored a malformed disconnect order");
      return;
    }
    String origin = f.get(1);
    if (origin.equals(instanceId)) {
      return;
    }
    DisconnectOrder order = new DisconnectOrder(f.get(2).isEmpty() ? null : f.get(2), f.get(3));
    worker.execute(
        () -> {
          int closed = local.disconnect(order);
          String ack = Fields.join(f.get(0), Integer.toString(closed));
          link.call(c -> c.publish(prefix.key("ack", origin), ack));
        });
  }

  void onAck(String message) {
    try {
      List<String> f = Fields.split(message, 2);
      Pending p = pending.get(f.get(0));
      if (p != null && p.acknowledged(Integer.parseInt(f.get(1)))) {
        pending.remove(f.get(0));
      }
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "cluster: ignored a malformed disconnect acknowledgement");
    }
  }

  /** One order waiting for acknowledgements. */
  private static final class Pending {
    final CompletableFuture<DisconnectOutcome> result = new CompletableFuture<>();
    private final int closedHere;
    private int reached = -1;
    private int acks;
    private int closedThere;

    Pending(int closedHere) {
      this.closedHere = closedHere;
    }

    synchronized void reached(int listeners) {
      // the listeners include this instance's own subscription; never fewer than this one
      reached = Math.max(1, listeners);
      completeIfAll();
    }

    synchronized boolean acknowledged(int closed) {
      acks++;
      closedThere += closed;
      return completeIfAll();
    }

    private boolean completeIfAll() {
      if (reached >= 0 && acks + 1 >= reached) {
        finish();
        return true;
      }
      return false;
    }

    synchronized void finish() {
      result.complete(
          new DisconnectOutcome(
              closedHere + closedThere, acks + 1, Math.max(reached, acks + 1), true));
    }
  }
}
