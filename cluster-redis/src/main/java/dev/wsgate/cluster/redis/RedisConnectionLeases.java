package dev.wsgate.cluster.redis;

import dev.wsgate.cluster.ConnectionLeases;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Connection limits shared through Redis. {@link #acquire} decides from this instance's own counts
 * plus the other instances' counts as of the last exchange, so no handshake waits on Redis; every
 * {@link LeaseSettings#syncInterval()} a background exchange ({@link #sync()}, one Lua script)
 * publishes this instance's counts, renews its lease and reads the cluster's counts back.
 *
 * <p><b>Overshoot</b>: an instance learns another's connections at its first exchange after the
 * other published them, so a limit can be exceeded only by connections admitted on different
 * instances within two sync intervals (plus a round trip) of each other, and never by more than the
 * limit itself on any one instance. Connections already open are never closed for it. Subjects at
 * their cap are read back on every exchange (up to {@link LeaseSettings#maxFullSubjects()}), so the
 * next connection of a full subject is refused on every instance, including ones that held none of
 * its connections.
 *
 * <p><b>Leases</b>: an instance's counts live in Redis under its id, which holds a lease renewed by
 * each exchange; an exchange that finds an expired lease removes that instance's counts, so a
 * crashed instance's connections stop counting within the lease time.
 *
 * <p><b>Redis away</b>: after a failed exchange the instance is {@link #degraded()} and each limit
 * falls back to this instance's share of it, the limit divided by the instances alive at the last
 * exchange, rounded up (the whole limit when it never reached Redis); its counts keep being kept.
 * The next exchange that succeeds replaces all of this instance's counts in Redis (idempotent, so
 * nothing is counted twice or lost), which also re-publishes them after Redis restarted empty; it
 * sends {@value #SUBJECTS_PER_REPLACEMENT} subjects per script, so that no script holds Redis for
 * long however many subjects the instance holds. Redis not reached yet at start-up is the same
 * case: the instance enforces the whole limits until its first exchange succeeds.
 *
 * <p>Thread-safe.
 */
public final class RedisConnectionLeases implements ConnectionLeases, SharedLimit {
  private static final System.Logger LOG = System.getLogger(RedisConnectionLeases.class.getName());
  private static final String TOTAL = "*";

  /**
   * Changes of subject counts kept in Redis for instances to read; one that falls further behind
   * (after an outage) replaces all its counts and reads them all back instead.
   */
  static final int CHANGES_KEPT = 100_000;

  /**
   * The most changed subjects one exchange carries, so that one script holds Redis for a few
   * milliseconds; more wait for the next exchange.
   */
  static final int MAX_FIELDS_PER_EXCHANGE = 5_000;

  /**
   * The most subjects one script of a replacement carries: all of an instance's counts go in
   * several scripts, the first dropping what Redis held for it and the next ones adding to it.
   */
  static final int SUBJECTS_PER_REPLACEMENT = 1_000;

  private final RedisLink link;
  private final Script script;
  private final Clock clock;
  private final LeaseSettings settings;
  private final String id;
  private final String[] keys;
  private final String instancePrefix;
  private final AtomicInteger localTotal = new AtomicInteger();
  private final ConcurrentHashMap<String, Subject> subjects = new ConcurrentHashMap<>();
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final Background background;
  private volatile View view;
  private volatile boolean replaceAll = true;
  private long changesRead;

  /** One subject's counts; changed only inside {@code subjects.compute}. */
  private static final class Subject {
    int local;
    int others;
  }

  /**
   * What the last exchange taught: the other instances' counts, the subjects at their cap, and the
   * fallback budgets.
   */
  private record View(
      boolean degraded,
      int othersTotal,
      Map<String, Integer> fullOthers,
      int fallbackTotal,
      int fallbackPerSubject,
      int instances) {}

  RedisConnectionLeases(RedisLink link, KeyPrefix prefix, Clock clock, LeaseSettings settings) {
    this.link = Objects.requireNonNull(link, "link");
    this.script = Script.load("leases.lua", link);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.id = UUID.randomUUID().toString();
    this.instancePrefix = prefix.key("conn", "instance") + ":";
    this.keys =
        new String[] {
          prefix.key("conn", "instances"),
          prefix.key("conn", "counts"),
          prefix.key("conn", "full"),
          instancePrefix + id,
          prefix.key("conn", "changes"),
          prefix.key("conn", "sequence")
        };
    this.view = fallback(false, 1);
    this.background = new Background("wsgate-cluster-leases", settings.syncInterval(), this::sync);
  }

  /**
   * Starts the background exchanges; {@link RedisCluster} calls it after its first connection
   * attempt. Later calls do nothing.
   */
  @Override
  public void start() {
    background.start();
  }

  /** What this limit's fallback means, for the cluster's health detail. */
  @Override
  public String fallback() {
    return "connection limits on this instance's share";
  }

  private View fallback(boolean degraded, int instances) {
    return new View(
        degraded,
        0,
        Map.of(),
        share(settings.maxConnections(), instances),
        share(settings.maxConnectionsPerSubject(), instances),
        instances);
  }

  private static int share(int limit, int instances) {
    return (limit + instances - 1) / instances;
  }

  @Override
  public Outcome acquire(String tenant, String subject) {
    View v = view;
    int maxTotal = settings.maxConnections();
    int n = localTotal.incrementAndGet();
    if (maxTotal > 0 && n > (v.degraded ? v.fallbackTotal : maxTotal - v.othersTotal)) {
      localTotal.decrementAndGet();
      return Outcome.TOTAL_REACHED;
    }
    int cap = settings.maxConnectionsPerSubject();
    if (cap <= 0) {
      return Outcome.granted(new Held(null));
    }
    String field = tenant + '\u0000' + subject;
    boolean[] over = {false};
    subjects.compute(
        field,
        (k, s) -> {
          int limit;
          if (v.degraded) {
            limit = v.fallbackPerSubject;
          } else {
            Integer full = v.fullOthers.get(k);
            limit = cap - (full != null ? full : s == null ? 0 : s.others);
          }
          if ((s == null ? 0 : s.local) + 1 > limit) {
            over[0] = true;
            return s;
          }
          Subject next = s == null ? new Subject() : s;
          next.local++;
          return next;
        });
    dirty.add(field); // a refusal too: the next exchange refreshes what the others hold
    if (over[0]) {
      localTotal.decrementAndGet();
      return Outcome.SUBJECT_REACHED;
    }
    return Outcome.granted(new Held(field));
  }

  /** One open connection's lease. */
  private final class Held implements Lease {
    private final @Nullable String field;
    private final AtomicBoolean released = new AtomicBoolean();

    Held(@Nullable String field) {
      this.field = field;
    }

    @Override
    public void release() {
      if (released.compareAndSet(false, true)) {
        if (field != null) {
          subjects.computeIfPresent(field, (k, s) -> --s.local <= 0 ? null : s);
          dirty.add(field);
        }
        localTotal.decrementAndGet();
      }
    }
  }

  @Override
  public boolean degraded() {
    return view.degraded;
  }

  /** The connections this instance holds leases for. */
  public int localConnections() {
    return localTotal.get();
  }

  /** Instances alive at the last exchange (this one included). */
  public int instances() {
    return view.instances;
  }

  /**
   * One exchange with Redis now, on the calling thread (the background calls it; tests call it to
   * step the protocol): publishes this instance's counts, renews its lease, reads the cluster's.
   *
   * @return whether Redis answered in time
   */
  public synchronized boolean sync() {
    try {
      if (script.previousFailed()) {
        replaceAll = true;
      }
    } catch (Script.StillPending e) {
      degrade(e);
      return false;
    }
    try {
      if (replaceAll) {
        replaceAll();
      } else {
        List<String> fields = new ArrayList<>();
        for (Iterator<String> it = dirty.iterator();
            it.hasNext() && fields.size() < MAX_FIELDS_PER_EXCHANGE; ) {
          fields.add(it.next());
          it.remove();
        }
        List<Object> reply = exchange(false, fields);
        if (((Long) reply.get(0)) == 0) {
          replaceAll(); // Redis forgot this instance (restarted, or the lease ran out)
        } else {
          apply(reply);
        }
      }
      replaceAll = false;
      return true;
    } catch (TimeoutException e) {
      degrade(e); // still pending: what it carries reaches Redis, or previousFailed() says not
      return false;
    } catch (Exception e) {
      replaceAll = true;
      degrade(e);
      return false;
    }
  }

  /**
   * Replaces all of this instance's counts in Redis, {@value #SUBJECTS_PER_REPLACEMENT} subjects
   * per script, one after the other. Until the last one, Redis holds part of them: an instance
   * exchanging in between sees fewer of this instance's connections until its next exchange.
   */
  private void replaceAll() throws Exception {
    replaceAll = true;
    dirty.clear();
    List<String> all = new ArrayList<>(subjects.keySet());
    int from = 0;
    do {
      int to = Math.min(all.size(), from + SUBJECTS_PER_REPLACEMENT);
      List<Object> reply = exchange(from == 0, all.subList(from, to));
      if (((Long) reply.get(0)) == 0) {
        throw new IllegalStateException("fell behind the changes Redis keeps while replacing");
      }
      apply(reply);
      from = to;
    } while (from < all.size());
  }

  private void degrade(Exception e) {
    if (!view.degraded) {
      LOG.log(
          Level.WARNING,
          "cluster connection limits: Redis did not answer ("
              + e.getClass().getSimpleName()
              + "); enforcing this instance's share of each limit until it does");
    }
    view = fallback(true, view.instances);
  }

  private List<Object> exchange(boolean replace, List<String> fields) throws Exception {
    String[] args = new String[11 + 2 * fields.size()];
    args[0] = Long.toString(clock.millis());
    args[1] = Long.toString(settings.leaseTime().toMillis());
    args[2] = id;
    args[3] = Integer.toString(settings.maxConnectionsPerSubject());
    args[4] = replace ? "1" : "0";
    args[5] = instancePrefix;
    args[6] = Integer.toString(settings.maxFullSubjects());
    args[7] = Long.toString(changesRead);
    args[8] = Integer.toString(CHANGES_KEPT);
    args[9] = TOTAL;
    args[10] = Integer.toString(localTotal.get());
    int i = 11;
    for (String f : fields) {
      Subject s = subjects.get(f);
      args[i++] = f;
      args[i++] = Integer.toString(s == null ? 0 : s.local);
    }
    return script.run(settings.timeout(), keys, args);
  }

  private void apply(List<Object> reply) {
    int instances = (int) (long) (Long) reply.get(1);
    int othersTotal = (int) (long) (Long) reply.get(2);
    changesRead = (Long) reply.get(3);
    int i = 4;
    for (; !"|".equals(reply.get(i)); i += 2) {
      int others = Math.max(0, (int) (long) (Long) reply.get(i + 1));
      subjects.computeIfPresent(
          (String) reply.get(i),
          (k, s) -> {
            s.others = others;
            return s;
          });
    }
    Map<String, Integer> full = new HashMap<>();
    for (i++; i < reply.size(); i += 2) {
      full.put((String) reply.get(i), Math.max(0, (int) (long) (Long) reply.get(i + 1)));
    }
    View fallback = fallback(false, Math.max(1, instances));
    view =
        new View(
            false,
            othersTotal,
            full,
            fallback.fallbackTotal,
            fallback.fallbackPerSubject,
            fallback.instances);
  }

  /**
   * Stops the exchanges and removes this instance's counts from Redis when it answers within the
   * timeout; otherwise they expire with its lease.
   */
  @Override
  public void close() {
    background.close();
    try {
      script.run(
          settings.timeout(),
          keys,
          Long.toString(clock.millis()),
          "0",
          id,
          Integer.toString(settings.maxConnectionsPerSubject()),
          "1",
          instancePrefix,
          "1",
          "0",
          Integer.toString(CHANGES_KEPT),
          TOTAL,
          "0");
      link.await(c -> c.zrem(keys[0], id));
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "leases left to expire: " + e.getClass().getSimpleName());
    }
  }
}
