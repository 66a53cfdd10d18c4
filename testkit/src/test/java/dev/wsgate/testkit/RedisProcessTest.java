package dev.wsgate.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisProcessTest {
  @TempDir Path dir;

  @Test
  void servesStopsAndComesBackEmptyOnItsPort() throws Exception {
    try (RedisProcess redis = RedisProcess.start(dir)) {
      assertEquals("+OK\r\n", redis.command("SET", "k", "v"));
      assertEquals("$1\r\nv\r\n", redis.command("GET", "k"));

      redis.stop();
      assertFalse(redis.isRunning());
      assertThrows(IOException.class, () -> redis.command("PING"));

      redis.restart();
      assertTrue(redis.isRunning());
      assertEquals("$-1\r\n", redis.command("GET", "k"), "no persistence: the data is gone");
      assertEquals("redis://127.0.0.1:" + redis.port(), redis.uri());
    }
  }
}
