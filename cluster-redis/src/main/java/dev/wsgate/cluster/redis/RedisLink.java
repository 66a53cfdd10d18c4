package dev.wsgate.cluster.redis;

import dev.wsgate.cluster.ClusterHealth;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The instance's two connections to Redis (commands, and pub/sub subscribed to the cluster's
 * channels) behind a circuit breaker. Commands fail at once while disconnected or while the breaker
 * is open, and within the command timeout otherwise: nothing waits on Redis longer. Connecting is
 * the maintenance thread's job ({@link #connectIfNeeded}); Lettuce reconnects, and resubscribes, on
 * its own after that.
 */
final class RedisLink implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RedisLink.class.getName());

  private final RedisSettings settings;
  private final List<String> channels;
  private final BiConsumer<String, String> onMessage;
  private final CircuitBreaker breaker;
  private final AtomicLong failures = new AtomicLong();
  // made by the first connection attempt: creating the link costs no threads and no I/O
  private @Nullable ClientResources resources;
  private @Nullable RedisClient client;
  private volatile @Nullable StatefulRedisConnection<String, String> connection;
  private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubsub;
  private volatile boolean reportedDown;

  RedisLink(
      RedisSettings settings,
      List<String> channels,
      BiConsumer<String, String> onMessage,
      LongSupplier nanoTime) {
    this.settings = settings;
    this.channels = List.copyOf(channels);
    this.onMessage = onMessage;
    this.breaker =
        new CircuitBreaker(settings.breakerFailures(), settings.breakerOpenFor(), nanoTime);
  }

  /**
   * Built from the parts rather than parsed by Lettuce, whose {@code redis://secret@host} reads the
   * user part as a password: here it is an ACL user name, and the password has its own key.
   */
  private RedisURI redisUri() {
    java.net.URI u = java.net.URI.create(settings.uri());
    RedisURI.Builder b =
        RedisURI.Builder.redis(
                u.getHost(), u.getPort() < 0 ? RedisURI.DEFAULT_REDIS_PORT : u.getPort())
            .withSsl("rediss".equals(u.getScheme()))
            .withDatabase(settings.database())
            .withTimeout(settings.commandTimeout());
    String user = u.getUserInfo();
    settings
        .passwordSecret()
        .ifPresent(
            p -> {
              char[] password = p.reveal().toCharArray();
              if (user == null || user.isEmpty()) {
                b.withPassword(password);
              } else {
                b.withAuthentication(user, password);
              }
            });
    return b.build();
  }

  /**
   * Opens both connections unless they are open. Blocks for at most the connect timeout (twice);
   * call it from the maintenance thread only.
   *
   * @return whether the connections are open
   */
  synchronized boolean connectIfNeeded() {
    if (connection != null) {
      return true;
    }
    StatefulRedisConnection<String, String> c = null;
    try {
      RedisClient client = client();
      RedisURI uri = redisUri();
      c = client.connect(StringCodec.UTF8, uri);
      StatefulRedisPubSubConnection<String, String> p = client.connectPubSub(StringCodec.UTF8, uri);
      p.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              onMessage.accept(channel, message);
            }
          });
      if (!channels.isEmpty()) {
        p.sync().subscribe(channels.toArray(String[]::new));
      }
      pubsub = p;
      connection = c;
      breaker.success();
      reportedDown = false;
      LOG.log(Level.INFO, "cluster: connected to {0}", settings.uri());
      return true;
    } catch (RuntimeException e) {
      if (c != null) {
        c.closeAsync();
      }
      failed();
      if (!reportedDown) {
        reportedDown = true;
        LOG.log(
            Level.WARNING,
            "cluster: cannot reach {0} ({1}); retrying every {2}",
            settings.uri(),
            e.getClass().getSimpleName(),
            settings.resyncInterval());
      }
      return false;
    }
  }

  /**
   * Runs a command unless Redis is known to be away; the future fails with {@link RedisUnavailable}
   * at once, or within the command timeout.
   */
  <T> CompletableFuture<T> call(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> cmd) {
    StatefulRedisConnection<String, String> c = connection;
    if (c == null || !breaker.allows()) {
      return CompletableFuture.failedFuture(new RedisUnavailable());
    }
    CompletableFuture<T> f;
    try {
      f = cmd.apply(c.async()).toCompletableFuture();
    } catch (RuntimeException e) {
      failed();
      return CompletableFuture.failedFuture(new RedisUnavailable());
    }
    return f.handle(
        (v, e) -> {
          if (e != null) {
            failed();
            throw new RedisUnavailable();
          }
          breaker.success();
          return v;
        });
  }

  /**
   * Runs a command and waits for its answer, at most the command timeout (and a little slack for
   * the timer that enforces it).
   *
   * @throws RedisUnavailable when Redis did not answer in time or refused the command
   */
  <T> @Nullable T await(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> cmd) {
    try {
      return call(cmd).get(settings.commandTimeout().toMillis() + 50, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new RedisUnavailable();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisUnavailable();
    }
  }

  private RedisClient client() {
    RedisClient c = client;
    if (c != null) {
      return c;
    }
    ClientResources r =
        DefaultClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(1)
            // a returning Redis is found within a second, not after Lettuce's default 30 s backoff
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(100), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    c = RedisClient.create(r);
    c.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
            .socketOptions(
                SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
            .build());
    resources = r;
    client = c;
    return c;
  }

  private void failed() {
    failures.incrementAndGet();
    breaker.failure();
  }

  /** Whether commands are expected to reach Redis now. */
  boolean available() {
    StatefulRedisConnection<String, String> c = connection;
    return c != null && c.isOpen() && breaker.allows();
  }

  ClusterHealth health() {
    StatefulRedisConnection<String, String> c = connection;
    boolean open = breaker.isOpen();
    String detail;
    if (c == null) {
      detail = "redis unreachable (not connected yet)";
    } else if (!c.isOpen()) {
      detail = "redis unreachable (reconnecting)";
    } else if (open) {
      detail = "redis failing (circuit breaker open)";
    } else {
      detail = "redis connected";
    }
    return new ClusterHealth(c != null && c.isOpen() && !open, open, failures.get(), detail);
  }

  @Override
  public synchronized void close() {
    StatefulRedisPubSubConnection<String, String> p = pubsub;
    StatefulRedisConnection<String, String> c = connection;
    RedisClient cl = client;
    ClientResources r = resources;
    connection = null;
    pubsub = null;
    client = null;
    resources = null;
    if (p != null) {
      p.close();
    }
    if (c != null) {
      c.close();
    }
    if (cl != null) {
      cl.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    if (r != null) {
      r.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
