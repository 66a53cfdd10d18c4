package dev.wsgate.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.Secret;
import java.time.Duration;
import org.junit.jupiter.api.Test;

final class RedisSettingsTest {
  @Test
  void uri_redisAndRediss_withDatabaseAndAclUser_areAccepted() {
    assertThat(RedisSettings.of("redis://127.0.0.1:6379").database()).isZero();
    assertThat(RedisSettings.of("rediss://redis.internal/3").database()).isEqualTo(3);
    RedisSettings acl =
        new RedisSettings(
            "rediss://wsgate@redis.internal:6380",
            Secret.of("s3cret-password"),
            Duration.ofMillis(250),
            Duration.ofSeconds(2),
            new KeyPrefix("wsgate"),
            Duration.ofSeconds(5),
            3,
            Duration.ofSeconds(5),
            Duration.ofMillis(800),
            Duration.ofSeconds(15),
            Duration.ofMillis(200),
            Duration.ofMillis(200));
    assertThat(acl.toString()).contains("password=****").doesNotContain("s3cret");
  }

  @Test
  void uri_wrongOrCarryingAPassword_isRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> RedisSettings.of("http://redis:6379"))
        .hasMessageContaining("redis:// or rediss://");
    assertThatThrownBy(() -> RedisSettings.of("redis://:hunter2@redis:6379"))
        .hasMessageContaining("wsgate.cluster.redis.password")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisSettings.of("redis://wsgate@redis:6379"))
        .hasMessageContaining("ACL user 'wsgate'");
    assertThatThrownBy(() -> RedisSettings.of("redis://redis:6379/x"))
        .hasMessageContaining("database number");
    assertThatThrownBy(() -> RedisSettings.of("redis://redis:6379?timeout=1s"))
        .hasMessageContaining("no query");
    assertThatThrownBy(() -> RedisSettings.of("redis:///0")).hasMessageContaining("no host");
  }
}
