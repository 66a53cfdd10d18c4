package dev.wsgate.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.TestServer;
import dev.wsgate.spi.ConfigurationException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code wsgate.cluster*} keys. */
final class ClusterConfigTest {
  private static final Map<String, String> ENV = Map.of("REDIS_PASSWORD", "pw-from-the-env");

  private static Configuration load(String... keysAndValues) {
    Map<String, String> p = TestServer.baseProperties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      p.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new ConfigLoader(
            ProviderRegistry.load(ClusterConfigTest.class.getClassLoader()),
            ENV::get,
            Clock.systemUTC())
        .load(new HashMap<>(p));
  }

  private static List<String> problems(String... keysAndValues) {
    return catchThrowableOfType(ConfigurationException.class, () -> load(keysAndValues)).problems();
  }

  @Test
  void cluster_unset_isASingleInstanceWithNothingToInstall() {
    try (Configuration c = load()) {
      assertThat(c.cluster().engine()).isEqualTo("none");
      assertThat(c.cluster().health().available()).isTrue();
    }
  }

  @Test
  void cluster_redis_makesTheEngineWithoutConnecting() {
    // nothing listens on port 1: making the configuration does no I/O, the server starts it
    try (Configuration c =
        load(
            "wsgate.cluster", "redis",
            "wsgate.cluster.redis.uri", "rediss://wsgate@127.0.0.1:1/2",
            "wsgate.cluster.redis.password", "${env:REDIS_PASSWORD}",
            "wsgate.cluster.redis.command-timeout", "100ms",
            "wsgate.cluster.redis.key-prefix", "prod-eu")) {
      assertThat(c.cluster().engine()).isEqualTo("redis");
      assertThat(c.cluster().health().available()).isFalse();
      assertThat(c.cluster().toString()).doesNotContain("pw-from-the-env");
    }
  }

  @Test
  void cluster_badValues_areStartupErrorsNamingTheKey() {
    assertThat(problems("wsgate.cluster", "memcached"))
        .containsExactly("wsgate.cluster expected none or redis, got 'memcached'");
    assertThat(problems("wsgate.cluster", "redis"))
        .containsExactly(
            "wsgate.cluster=redis needs wsgate.cluster.redis.uri, such as redis://127.0.0.1:6379");
    assertThat(problems("wsgate.cluster.redis.uri", "redis://127.0.0.1:6379"))
        .containsExactly("wsgate.cluster.redis.uri is set but wsgate.cluster is not redis");
    assertThat(
            problems(
                "wsgate.cluster", "redis",
                "wsgate.cluster.redis.uri", "redis://:hunter2@127.0.0.1:6379",
                "wsgate.cluster.redis.command-timeout", "0s",
                "wsgate.cluster.redis.key-prefix", "a:b",
                "wsgate.cluster.redis.disconnect-wait", "3s",
                "wsgate.cluster.redis.breaker.failures", "0",
                "wsgate.cluster.redis.password", "${env:MISSING}"))
        .anyMatch(m -> m.startsWith("wsgate.cluster.redis.command-timeout must be longer than 0"))
        .anyMatch(m -> m.startsWith("wsgate.cluster.redis.disconnect-wait must be at most 1s"))
        .anyMatch(m -> m.startsWith("wsgate.cluster.redis.breaker.failures"))
        .anyMatch(m -> m.startsWith("wsgate.cluster.redis.password environment variable MISSING"))
        .noneMatch(m -> m.contains("hunter2"));
    assertThat(
            problems(
                "wsgate.cluster", "redis",
                "wsgate.cluster.redis.uri", "redis://:hunter2@127.0.0.1:6379"))
        .containsExactly(
            "wsgate.cluster.redis.uri must not hold a password; set"
                + " wsgate.cluster.redis.password instead");
    assertThat(
            problems(
                "wsgate.cluster", "redis",
                "wsgate.cluster.redis.uri", "redis://127.0.0.1:6379",
                "wsgate.cluster.redis.key-prefix", "a:b"))
        .containsExactly(
            "wsgate.cluster.redis.key-prefix a key prefix uses letters, digits, '-', '_' and '.'"
                + " only, got 'a:b'");
    assertThat(problems("wsgate.cluster.redis.urii", "redis://x"))
        .containsExactly(
            "unknown key wsgate.cluster.redis.urii; did you mean wsgate.cluster.redis.uri?");
  }

  @Test
  void limits_inClusterMode_areTheClustersWhenSet() {
    try (Configuration c =
        load(
            "wsgate.cluster", "redis",
            "wsgate.cluster.redis.uri", "redis://127.0.0.1:1",
            "wsgate.limits.max-connections-per-subject", "3",
            "wsgate.cluster.lease-time", "5s",
            "wsgate.cluster.limits.sync-interval", "500ms",
            "wsgate.cluster.rate-limit.flush-interval", "1s")) {
      assertThat(c.connectionLeases()).as("held by the cluster").isNotNull();
    }
    try (Configuration c =
        load("wsgate.cluster", "redis", "wsgate.cluster.redis.uri", "redis://127.0.0.1:1")) {
      assertThat(c.connectionLeases()).as("no limit set: none to hold").isNull();
    }
    try (Configuration c = load("wsgate.limits.max-connections", "100")) {
      assertThat(c.connectionLeases()).as("a single instance counts its own").isNull();
    }
  }

  @Test
  void limitKeys_badOrWithoutTheCluster_areStartupErrorsNamingTheKey() {
    assertThat(
            problems(
                "wsgate.cluster", "redis",
                "wsgate.cluster.redis.uri", "redis://127.0.0.1:6379",
                "wsgate.cluster.redis.command-timeout", "1s",
                "wsgate.cluster.limits.sync-interval", "500ms",
                "wsgate.cluster.lease-time", "4s"))
        .containsExactly(
            "wsgate.cluster.lease-time must be at least 3 × (wsgate.cluster.limits.sync-interval"
                + " + wsgate.cluster.redis.command-timeout) = 4500ms, got 4000ms");
    assertThat(
            problems(
                "wsgate.cluster", "redis",
                "wsgate.cluster.redis.uri", "redis://127.0.0.1:6379",
                "wsgate.cluster.rate-limit.flush-interval", "0s"))
        .containsExactly("wsgate.cluster.rate-limit.flush-interval must be longer than 0");
    assertThat(problems("wsgate.cluster.lease-time", "30s"))
        .containsExactly("wsgate.cluster.lease-time is set but wsgate.cluster is not redis");
  }
}
