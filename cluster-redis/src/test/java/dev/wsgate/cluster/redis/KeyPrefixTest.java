package dev.wsgate.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.testkit.RedisProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyPrefixTest {
  @TempDir Path dir;

  @Test
  void joinsPartsUnderThePrefix() {
    assertThat(new KeyPrefix("wsgate").key("deny", "t1", "alice"))
        .isEqualTo("wsgate:deny:t1:alice");
  }

  @Test
  void refusesEmptyLongAndOddPrefixes() {
    assertThatThrownBy(() -> new KeyPrefix("")).hasMessageContaining("1 to 64");
    assertThatThrownBy(() -> new KeyPrefix("x".repeat(65))).hasMessageContaining("1 to 64");
    assertThatThrownBy(() -> new KeyPrefix("a b")).hasMessageContaining("letters, digits");
    assertThatThrownBy(() -> new KeyPrefix("a:b")).hasMessageContaining("letters, digits");
  }

  @Test
  void keysReachARealRedisAsWritten() throws Exception {
    try (RedisProcess redis = RedisProcess.start(dir)) {
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> c = client.connect()) {
        String key = new KeyPrefix("wsgate").key("probe");
        c.sync().set(key, "1");
        assertThat(redis.command("GET", "wsgate:probe")).isEqualTo("$1\r\n1\r\n");
      } finally {
        client.shutdown();
      }
    }
  }
}
