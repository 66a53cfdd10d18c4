package dev.wsgate.cluster.redis;

import dev.wsgate.cluster.Denial;
import dev.wsgate.gate.DenyList;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The deny list shared through Redis. Each instance answers from its own {@link DenyList}; a denial
 * made here is written to one hash ({@code PREFIX:denials}, field per subject or token id, value
 * the end of the denial in epoch milliseconds) and published on {@code PREFIX:denials}, and the
 * other instances merge it on arrival. The periodic {@link #resync} catches what pub/sub missed and
 * rebuilds the hash after Redis lost it: a random generation marker tells a Redis that came back
 * empty from one that did not, and each instance then writes back what it holds.
 */
final class SharedDenials {
  private static final System.Logger LOG = System.getLogger(SharedDenials.class.getName());

  /** Keeps the later end of each denial, and counts changes so that resyncs can be skipped. */
  private static final String MERGE =
      "local changed = 0\n"
          + "for i = 1, #ARGV, 2 do\n"
          + "  local cur = redis.call('HGET', KEYS[1], ARGV[i])\n"
          + "  if (not cur) or tonumber(cur) < tonumber(ARGV[i + 1]) then\n"
          + "    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])\n"
          + "    changed = 1\n"
          + "  end\n"
          + "end\n"
          + "if changed == 1 then redis.call('INCR', KEYS[2]) end\n"
          + "return changed\n";

  private final RedisLink link;
  private final DenyList local;
  private final Clock clock;
  private final String hash;
  private final String version;
  private final String generation;
  private final String channel;
  private volatile boolean dirty = true;
  private String seenGeneration = "";
  private String seenVersion = "";

  SharedDenials(RedisLink link, KeyPrefix prefix, DenyList local, Clock clock) {
    this.link = link;
    this.local = local;
    this.clock = clock;
    this.hash = prefix.key("denials");
    this.version = prefix.key("denials", "version");
    this.generation = prefix.key("denials", "generation");
    this.channel = prefix.key("denials");
  }

  String channel() {
    return channel;
  }

  /** The deny list's listener: writes and publishes without waiting; a miss marks it dirty. */
  void publish(Denial d) {
    String field = field(d);
    String until = Long.toString(d.until().toEpochMilli());
    link.<Long>call(
            c ->
                c.eval(MERGE, ScriptOutputType.INTEGER, new String[] {hash, version}, field, until))
        .thenCompose(changed -> link.call(c -> c.publish(channel, field + "|" + until)))
        .whenComplete(
            (n, e) -> {
              if (e != null) {
                dirty = true;
              }
            });
  }

  /** A denial published by an instance (this one's own come back too, and change nothing). */
  void onMessage(String message) {
    int bar = message.lastIndexOf('|');
    try {
      parse(message.substring(0, bar), message.substring(bar + 1)).ifPresent(local::merge);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cluster: ignored a malformed denial message");
    }
  }

  /**
   * Compares this instance's deny list with Redis's when anything changed, both ways. Blocks for a
   * few command timeouts at most; call from the maintenance thread only.
   *
   * @throws RedisUnavailable when Redis does not answer
   */
  void resync() {
    List<KeyValue<String, String>> marks =
        Objects.requireNonNull(link.await(c -> c.mget(version, generation)));
    String ver = marks.get(0).getValueOrElse("0");
    String gen = marks.get(1).getValueOrElse("");
    if (gen.isEmpty()) {
      // a new Redis, or one that restarted empty: claim a generation, then write back what we hold
      link.await(c -> c.set(generation, UUID.randomUUID().toString(), SetArgs.Builder.nx()));
      gen = Objects.requireNonNull(link.await(c -> c.get(generation)));
    }
    if (!dirty && gen.equals(seenGeneration) && ver.equals(seenVersion)) {
      return;
    }
    if (!gen.equals(seenGeneration) && !seenGeneration.isEmpty()) {
      LOG.log(Level.INFO, "cluster: redis lost the deny list; writing back this instance's copy");
    }
    Map<String, String> remote = Objects.requireNonNull(link.await(c -> c.hgetall(hash)));
    Instant now = clock.instant();
    List<String> expired = new ArrayList<>();
    Map<String, Long> remoteUntil = new HashMap<>();
    remote.forEach(
        (field, value) -> {
          try {
            Denial d = parse(field, value).orElse(null);
            if (d == null || !d.activeAt(now)) {
              expired.add(field);
            } else {
              local.merge(d);
              remoteUntil.put(field, d.until().toEpochMilli());
            }
          } catch (RuntimeException malformed) {
            expired.add(field);
          }
        });
    List<String> push = new ArrayList<>();
    for (Denial d : local.active(now)) {
      String field = field(d);
      long until = d.until().toEpochMilli();
      Long there = remoteUntil.get(field);
      if (there == null || there < until) {
        push.add(field);
        push.add(Long.toString(until));
      }
    }
    if (!push.isEmpty()) {
      String[] args = push.toArray(String[]::new);
      link.await(
          c -> c.<Long>eval(MERGE, ScriptOutputType.INTEGER, new String[] {hash, version}, args));
    }
    if (!expired.isEmpty()) {
      link.await(c -> c.hdel(hash, expired.toArray(String[]::new)));
    }
    seenGeneration = gen;
    String after = link.await(c -> c.get(version));
    seenVersion = after == null ? "0" : after;
    dirty = false;
  }

  /** After an outage, compare in full at the next resync. */
  void markDirty() {
    dirty = true;
  }

  static String field(Denial d) {
    return Fields.join(d.kind() == Denial.Kind.SUBJECT ? "s" : "j", d.tenant(), d.value());
  }

  private static Optional<Denial> parse(String field, String untilMillis) {
    List<String> f = Fields.split(field, 3);
    Denial.Kind kind;
    switch (f.get(0)) {
      case "s":
        kind = Denial.Kind.SUBJECT;
        break;
      case "j":
        kind = Denial.Kind.TOKEN_ID;
        break;
      default:
        return Optional.empty();
    }
    Instant until = Instant.ofEpochMilli(Long.parseLong(untilMillis));
    return Optional.of(new Denial(kind, f.get(1), f.get(2), until));
  }
}
