package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.testkit.RawHttp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whose address the failure limiter counts (a burst of two failures, then one a minute), with real
 * requests from 127.0.0.1: {@code wsgate.trusted-proxies} believes {@code X-Forwarded-For} only
 * from the listed proxies, Spring's forwarded-header handling ({@code
 * server.forward-headers-strategy}) only as it is configured; without either, no header moves the
 * limiter's key.
 */
final class ClientAddressTest {
  private static final String BAD = "/echo?token=not-a-jwt";

  private static ConfigurableApplicationContext start(WebApplicationType type, String... extra) {
    List<String> properties = new ArrayList<>(PropertiesApp.singleTenant());
    properties.add("wsgate.rate-limit.burst=2");
    properties.add("wsgate.rate-limit.per-minute=1");
    properties.addAll(List.of(extra));
    return PropertiesApp.start(type, properties);
  }

  private static int send(int port, String forwardedFor) throws Exception {
    return RawHttp.to(BAD)
        .header("Origin", TestGate.ORIGIN)
        .header("X-Forwarded-For", forwardedFor)
        .send(port)
        .status();
  }

  /** Two failures, each claiming another client, then a third claiming yet another. */
  private static int thirdFailureClaimingAnotherClient(ConfigurableApplicationContext app)
      throws Exception {
    int port = ServletApp.port(app);
    assertThat(send(port, "203.0.113.1")).isEqualTo(401);
    assertThat(send(port, "203.0.113.2")).isEqualTo(401);
    return send(port, "203.0.113.3");
  }

  /** Two failures from one forwarded client, then that client again and another one. */
  private static List<Integer> sameClientThenAnother(ConfigurableApplicationContext app)
      throws Exception {
    int port = ServletApp.port(app);
    assertThat(send(port, "203.0.113.7")).isEqualTo(401);
    assertThat(send(port, "203.0.113.7")).isEqualTo(401);
    return List.of(send(port, "203.0.113.7"), send(port, "203.0.113.8"));
  }

  @Test
  void servlet_noProxyConfigured_spoofedForwardedForDoesNotMoveTheKey() throws Exception {
    try (ConfigurableApplicationContext app = start(WebApplicationType.SERVLET)) {
      assertThat(thirdFailureClaimingAnotherClient(app)).isEqualTo(429);
    }
  }

  @Test
  void servlet_untrustedPeer_spoofedForwardedForDoesNotMoveTheKey() throws Exception {
    try (ConfigurableApplicationContext app =
        start(WebApplicationType.SERVLET, "wsgate.trusted-proxies=10.0.0.0/8")) {
      assertThat(thirdFailureClaimingAnotherClient(app)).isEqualTo(429);
    }
  }

  @Test
  void servlet_trustedProxy_countsPerForwardedClient() throws Exception {
    try (ConfigurableApplicationContext app =
        start(WebApplicationType.SERVLET, "wsgate.trusted-proxies=127.0.0.1")) {
      assertThat(sameClientThenAnother(app)).containsExactly(429, 401);
    }
  }

  @Test
  void webflux_untrustedPeer_spoofedForwardedForDoesNotMoveTheKey() throws Exception {
    // left running: closing a WebFlux context disposes Reactor Netty's shared event loops
    ConfigurableApplicationContext app =
        start(WebApplicationType.REACTIVE, "wsgate.trusted-proxies=10.0.0.0/8");
    assertThat(thirdFailureClaimingAnotherClient(app)).isEqualTo(429);
  }

  @Test
  void webflux_trustedProxy_countsPerForwardedClient() throws Exception {
    ConfigurableApplicationContext app =
        start(WebApplicationType.REACTIVE, "wsgate.trusted-proxies=127.0.0.1");
    assertThat(sameClientThenAnother(app)).containsExactly(429, 401);
  }

  @Test
  void servlet_springForwardedHeadersTrustingThePeer_countsPerForwardedClient() throws Exception {
    // Tomcat's RemoteIpValve trusts loopback and private addresses by default
    try (ConfigurableApplicationContext app =
        start(WebApplicationType.SERVLET, "server.forward-headers-strategy=native")) {
      assertThat(sameClientThenAnother(app)).containsExactly(429, 401);
    }
  }

  @Test
  void servlet_springForwardedHeadersNotTrustingThePeer_spoofedForwardedForDoesNotMoveTheKey()
      throws Exception {
    try (ConfigurableApplicationContext app =
        start(
            WebApplicationType.SERVLET,
            "server.forward-headers-strategy=native",
            "server.tomcat.remoteip.internal-proxies=10\\.0\\.0\\.1")) {
      assertThat(thirdFailureClaimingAnotherClient(app)).isEqualTo(429);
    }
  }

  @Test
  void startUp_trustedProxiesAndSpringForwardedHeaders_refused() {
    List<String> properties = new ArrayList<>(PropertiesApp.singleTenant());
    properties.add("wsgate.trusted-proxies=127.0.0.1");
    properties.add("server.forward-headers-strategy=framework");
    ConfigurationException e =
        PropertiesApp.startUpProblems(
            () -> PropertiesApp.start(WebApplicationType.SERVLET, properties));

    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith(
            "wsgate.trusted-proxies is set and so is server.forward-headers-strategy=framework");
  }
}
