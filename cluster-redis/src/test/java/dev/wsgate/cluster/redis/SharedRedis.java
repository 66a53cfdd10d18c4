package dev.wsgate.cluster.redis;

import dev.wsgate.testkit.MutableClock;
import dev.wsgate.testkit.RedisProcess;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real redis-server per test, links to it for the instances under test, and their clock; what a
 * test registers in {@link #toClose} is closed before Redis stops, the last registered first.
 */
abstract class SharedRedis {
  @TempDir Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
  final List<AutoCloseable> toClose = new ArrayList<>();
  RedisProcess redis;

  @BeforeEach
  void startRedis() throws Exception {
    redis = RedisProcess.start(dir);
  }

  /**
   * A connected link of its own (as each instance has), without channels; closed after the test
   * unless the test closes it first.
   */
  RedisLink link() {
    RedisLink link =
        new RedisLink(Instances.settings(redis.uri()), List.of(), (c, m) -> {}, System::nanoTime);
    toClose.add(link);
    Assertions.assertThat(link.connectIfNeeded()).as("connected to Redis").isTrue();
    return link;
  }

  @AfterEach
  void stop() throws Exception {
    Collections.reverse(toClose);
    for (AutoCloseable c : toClose) {
      c.close();
    }
    redis.close();
  }
}
