package dev.wsgate.cluster.redis;

import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A Lua script from this package's resources, run with {@code EVAL} (Redis caches it; sending the
 * text each time needs no reload after Redis restarts empty), by one caller at a time: a call that
 * outlives its timeout stays pending, and the caller's next call fails at once until Redis has
 * answered it, so that a slow Redis is never handed a queue of scripts it will run anyway. Runs on
 * the cluster's {@link RedisLink}: it fails at once while the link is not connected (also before it
 * first connected) or its breaker is open, and counts toward the breaker. Called only from
 * background threads.
 */
final class Script {
  private final String text;
  private final RedisLink link;
  private @Nullable CompletableFuture<List<Object>> pending;

  private Script(String text, RedisLink link) {
    this.text = text;
    this.link = link;
  }

  static Script load(String resource, RedisLink link) {
    try (InputStream in = Script.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + resource);
      }
      return new Script(new String(in.readAllBytes(), StandardCharsets.UTF_8), link);
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
    CompletableFuture<List<Object>> p = pending;
    if (p == null) {
      return false;
    }
    if (!p.isDone()) {
      throw new StillPending();
    }
    pending = null;
    return p.isCompletedExceptionally();
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
    CompletableFuture<List<Object>> reply =
        link.call(c -> c.<List<Object>>eval(text, ScriptOutputType.MULTI, keys, args));
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
