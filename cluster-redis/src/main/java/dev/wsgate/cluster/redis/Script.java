package dev.wsgate.cluster.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A Lua script from this package's resources, run with {@code EVAL} (Redis caches it; sending the
 * text each time needs no reload after Redis restarts empty), by one caller at a time: a call that
 * outlives its timeout stays pending, and the caller's next call fails at once until Redis has
 * answered it, so that a slow Redis is never handed a queue of scripts it will run anyway. Called
 * only from background threads.
 */
final class Script {
  private final String text;
  private final StatefulRedisConnection<String, String> connection;
  private @Nullable RedisFuture<List<Object>> pending;

  private Script(String text, StatefulRedisConnection<String, String> connection) {
    this.text = text;
    this.connection = connection;
  }

  static Script load(String resource, StatefulRedisConnection<String, String> connection) {
    try (InputStream in = Script.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + resource);
      }
      return new Script(new String(in.readAllBytes(), StandardCharsets.UTF_8), connection);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Thrown when the previous call has not been answered yet. */
  static final class StillPending extends Exception {
    private static final long serialVersionUID = 1L;

    StillPending() {
      super("the previous exchange has not been answered", null, false, false);
    }
  }

  /**
   * Whether the previous call, answered after its timeout, failed (so that what it carried may not
   * have reached Redis); false when there was none or it succeeded.
   *
   * @throws StillPending when it has not been answered yet
   */
  synchronized boolean previousFailed() throws StillPending {
    RedisFuture<List<Object>> p = pending;
    if (p == null) {
      return false;
    }
    if (!p.isDone()) {
      throw new StillPending();
    }
    pending = null;
    return p.toCompletableFuture().isCompletedExceptionally();
  }

  /**
   * The script's multi-bulk reply.
   *
   * @throws Exception when Redis fails, the connection is closed, no reply came in time, or the
   *     previous call is still pending
   */
  synchronized List<Object> run(Duration timeout, String[] keys, String... args) throws Exception {
    if (pending != null && !pending.isDone()) {
      throw new StillPending();
    }
    RedisFuture<List<Object>> reply =
        connection.async().eval(text, ScriptOutputType.MULTI, keys, args);
    try {
      List<Object> result = reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      pending = null;
      return result;
    } catch (TimeoutException e) {
      pending = reply;
      throw e;
    } catch (InterruptedException e) {
      pending = reply;
      Thread.currentThread().interrupt();
      throw e;
    } catch (ExecutionException e) {
      pending = null;
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }
}
