package dev.wsgate.cluster.redis;

import dev.wsgate.cluster.SharedFailureCounts;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The failed-handshake budget of each address shared through Redis: one token bucket per address
 * key for the whole cluster, with the limiter's burst and rate. Counted failures gather in memory
 * and a background flush ({@link #flush()}, one Lua script every {@link
 * FailureCountSettings#flushInterval()}) takes them from the shared buckets and reads back every
 * address the cluster refuses, with the time it may retry.
 *
 * <p><b>Overshoot</b>: beyond one budget, an address gets at most the failures it can make on the
 * other instances within one flush window (the interval plus one round trip), each instance's own
 * bucket still capping it at one burst there; so never more than N bursts on N instances, and
 * normally a handful of failures per instance.
 *
 * <p><b>Redis away</b>: after a failed flush the counts are {@link #degraded()}; each instance's
 * own buckets go on limiting alone (per-instance budgets), refusals already learnt stay until they
 * end, and unsent failures are kept (at most a burst per address, at most {@code maxAddresses}
 * addresses) and sent when Redis answers again, so none is lost and none is counted twice.
 *
 * <p>Thread-safe.
 */
public final class RedisFailureCounts implements SharedFailureCounts, SharedLimit {
  private static final System.Logger LOG = System.getLogger(RedisFailureCounts.class.getName());

  /** The most addresses one flush carries. */
  static final int MAX_KEYS_PER_FLUSH = 5_000;

  private final Script script;
  private final Clock clock;
  private final FailureCountSettings settings;
  private final String[] keys;
  private final String bucketPrefix;
  private final String tokensPerMilli;
  private final ConcurrentHashMap<String, Integer> unsent = new ConcurrentHashMap<>();
  private final Background background;
  private volatile Map<String, Long> refused = Map.of();
  private volatile boolean degraded;

  RedisFailureCounts(RedisLink link, KeyPrefix prefix, Clock clock, FailureCountSettings settings) {
    this.script = Script.load("failures.lua", Objects.requireNonNull(link, "link"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.keys = new String[] {prefix.key("fail", "refused")};
    this.bucketPrefix = prefix.key("fail", "bucket") + ":";
    this.tokensPerMilli = Double.toString(settings.perMinute() / 60_000.0);
    this.background =
        new Background("wsgate-cluster-failures", settings.flushInterval(), this::flush);
  }

  /**
   * Starts the background flushes; {@link RedisCluster} calls it after its first connection
   * attempt. Later calls do nothing.
   */
  @Override
  public void start() {
    background.start();
  }

  /** What this limit's fallback means, for the cluster's health detail. */
  @Override
  public String fallback() {
    return "failure limiter per instance";
  }

  @Override
  public void recordFailure(String key) {
    if (unsent.size() >= settings.maxAddresses() && !unsent.containsKey(key)) {
      return; // the local bucket still counts it; the table stays bounded under a spray
    }
    unsent.merge(key, 1, (a, b) -> Math.min(settings.burst(), a + b));
  }

  @Override
  public long refusedUntilMillis(String key) {
    Long until = refused.get(key);
    return until == null ? 0 : until;
  }

  @Override
  public boolean degraded() {
    return degraded;
  }

  /**
   * One flush now, on the calling thread (the background calls it; tests call it to step the
   * protocol).
   *
   * @return whether Redis answered in time
   */
  public synchronized boolean flush() {
    try {
      script.previousFailed(); // a late failure lost its batch: the bound of the overshoot
    } catch (Script.StillPending e) {
      degrade(e);
      return false;
    }
    Map<String, Integer> batch = new HashMap<>();
    for (String key : new ArrayList<>(unsent.keySet())) {
      if (batch.size() == MAX_KEYS_PER_FLUSH) {
        break; // the rest wait for the next flush: one script holds Redis a few milliseconds
      }
      Integer n = unsent.remove(key);
      if (n != null) {
        batch.put(key, n);
      }
    }
    String[] args = new String[5 + 2 * batch.size()];
    args[0] = Long.toString(clock.millis());
    args[1] = Integer.toString(settings.burst());
    args[2] = tokensPerMilli;
    args[3] = Integer.toString(settings.maxAddresses());
    args[4] = bucketPrefix;
    int i = 5;
    for (Map.Entry<String, Integer> e : batch.entrySet()) {
      args[i++] = e.getKey();
      args[i++] = Integer.toString(e.getValue());
    }
    try {
      List<Object> reply = script.run(settings.timeout(), keys, args);
      Map<String, Long> next = new HashMap<>();
      for (int j = 0; j + 1 < reply.size(); j += 2) {
        next.put((String) reply.get(j), (long) Double.parseDouble((String) reply.get(j + 1)));
      }
      refused = next;
      degraded = false;
      return true;
    } catch (TimeoutException e) {
      degrade(e); // still pending: its failures reach Redis when it is answered
      return false;
    } catch (Exception e) {
      batch.forEach((key, n) -> unsent.merge(key, n, (a, b) -> Math.min(settings.burst(), a + b)));
      degrade(e);
      return false;
    }
  }

  private void degrade(Exception e) {
    if (!degraded) {
      LOG.log(
          Level.WARNING,
          "cluster failure limiter: Redis did not answer ("
              + e.getClass().getSimpleName()
              + "); counting failures on this instance only until it does");
    }
    degraded = true;
  }

  /** The addresses the cluster refuses, as last learnt (for metrics and tests). */
  public int refusedAddresses() {
    return refused.size();
  }

  /** Stops the flushes. */
  @Override
  public void close() {
    background.close();
  }
}
