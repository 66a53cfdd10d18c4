package dev.wsgate.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.wsgate.adapter.javawebsocket.fixtures.Handshakes.assertRefused;
import static dev.wsgate.adapter.javawebsocket.fixtures.Handshakes.upgrade;
import static dev.wsgate.server.TestServer.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.wsgate.adapter.javawebsocket.ConnectionHandler;
import dev.wsgate.adapter.javawebsocket.fixtures.LogCapture;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server with {@code wsgate.provider=introspection} against WireMock playing the authorization
 * server: opaque tokens over real sockets, the verified-token cache bounded by the provider's
 * {@code cache-max-age} (a revocation is seen within it, moved by the injected clock), an outage
 * answered 503.
 */
final class IntrospectionEndToEndTest {
  private static final String PATH = "/oauth2/introspect";
  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  @RegisterExtension
  static final WireMockExtension AS =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static TestServer start(MutableClock clock, Map<String, String> extra) {
    AS.stubFor(post(urlPathEqualTo(PATH)).atPriority(10).willReturn(okJson("{\"active\":false}")));
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.provider", "introspection");
    p.put("wsgate.provider.introspection.url", AS.url(PATH));
    p.put("wsgate.provider.introspection.client-id", "wsgate");
    p.put("wsgate.provider.introspection.client-secret", "gate-secret");
    p.put("wsgate.provider.introspection.cache-max-age", "30s");
    p.putAll(extra);
    return TestServer.start(TestServer.withoutFakeProvider(p), ConnectionHandler.echo(), clock);
  }

  private static void active(String token) {
    AS.stubFor(
        post(urlPathEqualTo(PATH))
            .atPriority(1)
            .withRequestBody(containing("token=" + token + "&"))
            .willReturn(
                okJson(
                    "{\"active\":true,\"sub\":\"alice\",\"exp\":"
                        + START.plus(Duration.ofHours(1)).getEpochSecond()
                        + "}")));
  }

  @Test
  void revokedAtTheAuthorizationServer_acceptedFromTheCacheUntilCacheMaxAgeThenRefused()
      throws Exception {
    MutableClock clock = new MutableClock(START);
    String token = "at_opaque_" + Long.toHexString(System.nanoTime());
    active(token);
    try (TestServer s = start(clock, Map.of());
        LogCapture log = LogCapture.start()) {
      assertThat(upgrade(s.port, "/ws", token, "Origin: " + ORIGIN).status()).isEqualTo(101);
      AS.resetMappings(); // revoked: the authorization server now reports it inactive
      AS.stubFor(
          post(urlPathEqualTo(PATH)).atPriority(10).willReturn(okJson("{\"active\":false}")));
      clock.advance(Duration.ofSeconds(29));
      assertThat(upgrade(s.port, "/ws", token, "Origin: " + ORIGIN).status())
          .as("within cache-max-age: answered from the cache")
          .isEqualTo(101);
      AS.verify(1, postRequestedFor(urlPathEqualTo(PATH)));
      clock.advance(Duration.ofSeconds(2));
      assertRefused(
          upgrade(s.port, "/ws", token, "Origin: " + ORIGIN),
          Failure.TOKEN_INACTIVE,
          token,
          "default",
          log);
    }
  }

  @Test
  void tenantSetsAShorterCacheMaxAge_theShorterOneWins() throws Exception {
    MutableClock clock = new MutableClock(START);
    String token = "at_opaque_" + Long.toHexString(System.nanoTime());
    active(token);
    try (TestServer s = start(clock, Map.of("wsgate.cache.max-age", "5s"))) {
      assertThat(upgrade(s.port, "/ws", token, "Origin: " + ORIGIN).status()).isEqualTo(101);
      clock.advance(Duration.ofSeconds(6));
      assertThat(upgrade(s.port, "/ws", token, "Origin: " + ORIGIN).status()).isEqualTo(101);
      AS.verify(2, postRequestedFor(urlPathEqualTo(PATH)));
    }
  }

  @Test
  void authorizationServerDown_answers503() throws Exception {
    AS.stubFor(post(urlPathEqualTo(PATH)).atPriority(0).willReturn(aResponse().withStatus(502)));
    String token = "at_opaque_" + Long.toHexString(System.nanoTime());
    try (TestServer s = start(new MutableClock(START), Map.of());
        LogCapture log = LogCapture.start()) {
      assertRefused(
          upgrade(s.port, "/ws", token, "Origin: " + ORIGIN),
          Failure.PROVIDER_UNAVAILABLE,
          token,
          "default",
          log);
    }
  }
}
