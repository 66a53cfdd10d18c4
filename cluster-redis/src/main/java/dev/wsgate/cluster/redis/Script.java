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

/**
 * A Lua script from this package's resources, run with {@code EVAL} (Redis caches it; sending the
 * text each time needs no reload after Redis restarts empty). Called only from background threads:
 * {@link #run} waits at most the timeout and cancels the command when it runs out, so that a Redis
 * that does not answer never holds more than one command of each caller.
 */
final class Script {
  private final String text;

  private Script(String text) {
    this.text = text;
  }

  static Script load(String resource) {
    try (InputStream in = Script.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + resource);
      }
      return new Script(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The script's multi-bulk reply.
   *
   * @throws Exception when Redis fails, the connection is closed, or no reply came in time
   */
  List<Object> run(
      StatefulRedisConnection<String, String> connection,
      Duration timeout,
      String[] keys,
      String... args)
      throws Exception {
    RedisFuture<List<Object>> reply =
        connection.async().eval(text, ScriptOutputType.MULTI, keys, args);
    try {
      return reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | InterruptedException e) {
      reply.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }
}
