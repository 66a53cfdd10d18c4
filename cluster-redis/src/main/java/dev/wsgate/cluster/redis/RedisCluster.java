package dev.wsgate.cluster.redis;

import dev.wsgate.cluster.ClusterHealth;
import dev.wsgate.cluster.ClusterState;
import dev.wsgate.cluster.ConnectionLeases;
import dev.wsgate.cluster.DisconnectOrder;
import dev.wsgate.cluster.DisconnectOutcome;
import dev.wsgate.cluster.LocalDisconnects;
import dev.wsgate.cluster.SharedFailureCounts;
import dev.wsgate.gate.DenyList;
import dev.wsgate.gate.TicketStore;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Cluster mode on Redis: the deny list shared through a hash and pub/sub with a local copy per
 * instance, disconnect orders through pub/sub, tickets under their own keys, and the connection
 * limits and failed-handshake budgets asked for with {@link #connectionLeases(LeaseSettings)} and
 * {@link #failureCounts(FailureCountSettings)}. Made without I/O; {@link #start} connects in the
 * background and a maintenance thread resyncs every {@link RedisSettings#resyncInterval()},
 * reconnecting first when needed. Every feature uses the one connection, so that a Redis down at
 * start-up leaves each on its fallback until the connection opens. Thread-safe.
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
  private final Clock clock;
  private final List<SharedLimit> limits = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  // the limits exchange from the first connection attempt on: none fails for being too early
  private boolean limitsStarted;
  private volatile boolean wasAvailable;

  private RedisCluster(
      RedisSettings settings, DenyList denyList, Clock clock, LongSupplier nanoTime) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
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
  public synchronized void start(LocalDisconnects local) {
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
      boolean connected = link.connectIfNeeded();
      startLimits();
      if (connected) {
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

  private synchronized void startLimits() {
    if (!limitsStarted) {
      limitsStarted = true;
      limits.forEach(SharedLimit::start);
    }
  }

  /**
   * Connection limits shared through this cluster's Redis, for the adapter's admission: exchanges
   * start after the cluster's first connection attempt (at once when that was made) and stop before
   * its connection closes.
   */
  public RedisConnectionLeases connectionLeases(LeaseSettings limits) {
    return add(new RedisConnectionLeases(link, settings.keyPrefix(), clock, limits));
  }

  /**
   * Failed-handshake counts shared through this cluster's Redis, for {@link
   * dev.wsgate.gate.FailureRateLimiter}'s constructor: flushes start and stop like {@link
   * #connectionLeases(LeaseSettings)}'s exchanges.
   */
  public RedisFailureCounts failureCounts(FailureCountSettings budget) {
    return add(new RedisFailureCounts(link, settings.keyPrefix(), clock, budget));
  }

  private synchronized <T extends SharedLimit> T add(T limit) {
    limits.add(limit);
    if (limitsStarted) {
      limit.start();
    }
    return limit;
  }

  /** {@link #connectionLeases(LeaseSettings)} with this cluster's lease time and intervals. */
  @Override
  public Optional<ConnectionLeases> connectionLeases(
      int maxConnections, int maxConnectionsPerSubject) {
    return Optional.of(
        connectionLeases(
            new LeaseSettings(
                maxConnections,
                maxConnectionsPerSubject,
                settings.leaseTime(),
                settings.limitsSyncInterval(),
                settings.commandTimeout(),
                LeaseSettings.DEFAULT_MAX_FULL_SUBJECTS)));
  }

  /** {@link #failureCounts(FailureCountSettings)} with this cluster's flush interval. */
  @Override
  public Optional<SharedFailureCounts> failureCounts(int burst, int perMinute, int maxAddresses) {
    return Optional.of(
        failureCounts(
            new FailureCountSettings(
                burst,
                perMinute,
                maxAddresses,
                settings.failuresFlushInterval(),
                settings.commandTimeout())));
  }

  @Override
  public CompletionStage<DisconnectOutcome> disconnect(DisconnectOrder order) {
    return disconnects.disconnect(order);
  }

  @Override
  public TicketStore tickets() {
    return tickets;
  }

  /**
   * The connection's state; unavailable also while a limit runs on its fallback (a script refused,
   * say, by an ACL without {@code +@scripting}), the detail naming it.
   */
  @Override
  public ClusterHealth health() {
    ClusterHealth h = link.health();
    List<String> fallbacks =
        limits.stream().filter(SharedLimit::degraded).map(SharedLimit::fallback).toList();
    if (fallbacks.isEmpty()) {
      return h;
    }
    return new ClusterHealth(
        false, h.breakerOpen(), h.failures(), h.detail() + "; " + String.join(", ", fallbacks));
  }

  /** Stops the limits' exchanges (giving this instance's leases back), then the connection. */
  @Override
  public synchronized void close() {
    limitsStarted = true; // none starts after this
    limits.forEach(SharedLimit::close);
    scheduler.shutdownNow();
    link.close();
  }
}
