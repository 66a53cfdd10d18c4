package dev.wsgate.cluster.redis;

import dev.wsgate.testkit.MutableClock;
import dev.wsgate.testkit.RedisProcess;
import io.lettuce.core.RedisClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real redis-server per test, a client for the instances under test, and their clock; what a test
 * registers in {@link #toClose} is closed before Redis stops.
 */
abstract class SharedRedis {
  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
  final List<AutoCloseable> toClose = new ArrayList<>();
  RedisProcess redis;
  RedisClient client;

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisProcess.start(dir);
    client = RedisClient.create(redis.uri());
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    redis.close();
  }
}
