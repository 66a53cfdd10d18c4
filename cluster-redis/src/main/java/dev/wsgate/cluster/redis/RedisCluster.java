package dev.wsgate.cluster.redis;

import dev.wsgate.cluster.ClusterHealth;
import dev.wsgate.cluster.ClusterState;
import dev.wsgate.cluster.DisconnectOrder;
import dev.wsgate.cluster.DisconnectOutcome;
import dev.wsgate.cluster.LocalDisconnects;
import dev.wsgate.gate.DenyList;
import dev.wsgate.gate.TicketStore;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Cluster mode on Redis: the deny list shared through a hash and pub/sub with a local copy per
 * instance, disconnect orders through pub/sub, and tickets under their own keys. Made without I/O;
 * {@link #start} connects in the background and a maintenance thread resyncs every {@link
 * RedisSettings#resyncInterval()}, reconnecting first when needed. Thread-safe.
 */
public final class RedisCluster implements ClusterState {
  private static final System.Logger LOG = System.getLogger(RedisCluster.class.getName());

  private final RedisSettings settings;
  private final String instanceId;
  private final ScheduledThreadPoolExecutor scheduler;
  private final RedisLink link;
  private final SharedDenials denials;
  private final Disconnects disconnects;
  private final RedisTicketStore tickets;
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean wasAvailable;

  private RedisCluster(
      RedisSettings settings, DenyList denyList, Clock clock, LongSupplier nanoTime) {
    this.settings = Objects.requireNonNull(settings, "settings");
    byte[] id = new byte[6];
    new SecureRandom().nextBytes(id);
    this.instanceId = HexFormat.of().formatHex(id);
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            2,
            r -> {
              Thread t = new Thread(r, "wsgate-cluster");
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    KeyPrefix prefix = settings.keyPrefix();
    String denialsChannel = prefix.key("denials");
    String ordersChannel = prefix.key("disconnect");
    String ackChannel = prefix.key("ack", instanceId);
    this.link =
        new RedisLink(
            settings,
            List.of(denialsChannel, ordersChannel, ackChannel),
            (channel, message) -> {
              if (channel.equals(denialsChannel)) {
                denials().onMessage(message);
              } else if (channel.equals(ordersChannel)) {
                disconnects().onOrder(message);
              } else if (channel.equals(ackChannel)) {
                disconnects().onAck(message);
              }
            },
            nanoTime);
    this.denials = new SharedDenials(link, prefix, denyList, clock);
    this.disconnects =
        new Disconnects(link, prefix, instanceId, settings.disconnectWait(), scheduler);
    this.tickets = new RedisTicketStore(link, prefix);
    denyList.onDeny(denials::publish);
  }

  /**
   * A cluster over the Redis of {@code settings} sharing {@code denyList}: its denials are
   * published from now on, and other instances' merged into it once {@link #start started}. No I/O.
   */
  public static RedisCluster create(RedisSettings settings, DenyList denyList, Clock clock) {
    return new RedisCluster(settings, denyList, clock, System::nanoTime);
  }

  private SharedDenials denials() {
    return denials;
  }

  private Disconnects disconnects() {
    return disconnects;
  }

  @Override
  public String engine() {
    return "redis";
  }

  @Override
  public String instanceId() {
    return instanceId;
  }

  @Override
  public void start(LocalDisconnects local) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("already started");
    }
    disconnects.start(local);
    scheduler.scheduleWithFixedDelay(
        this::maintain, 0, settings.resyncInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Connects when needed and resyncs the deny list; an outage is noted, never thrown. */
  private void maintain() {
    try {
      if (link.connectIfNeeded()) {
        denials.resync();
      }
    } catch (RedisUnavailable e) {
      denials.markDirty();
    } catch (RuntimeException e) {
      denials.markDirty();
      LOG.log(Level.WARNING, "cluster: resync failed ({0})", e.getClass().getSimpleName());
    }
    boolean now = link.available();
    if (now != wasAvailable) {
      wasAvailable = now;
      LOG.log(
          now ? Level.INFO : Level.WARNING,
          now
              ? "cluster: redis available; deny list resynced"
              : "cluster: redis unavailable; revocations answer from the local copy, disconnects"
                  + " reach this instance only, tickets are refused");
    }
    if (!now) {
      denials.markDirty();
    }
  }

  @Override
  public CompletionStage<DisconnectOutcome> disconnect(DisconnectOrder order) {
    return disconnects.disconnect(order);
  }

  @Override
  public TicketStore tickets() {
    return tickets;
  }

  @Override
  public ClusterHealth health() {
    return link.health();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    link.close();
  }
}
