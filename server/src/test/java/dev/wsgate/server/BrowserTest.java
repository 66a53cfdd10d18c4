package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpServer;
import dev.wsgate.adapter.javawebsocket.fixtures.Jose;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Real handshakes from headless Chromium ({@code browser-tests/run.mjs}, playwright-core driving
 * the Debian {@code chromium}). Pages come from {@code http://localhost:P1} (the only allowed
 * origin), {@code http://127.0.0.1:P2} (another site) and {@code http://localhost:P3} (the same
 * site, another origin); the browser reaches the server through a {@link RecordingRelay} so that
 * each case is also checked on the server's side (what {@code Cookie} and {@code Origin} arrived,
 * the real status behind the browser's 1006). Fails, never skips, when Chromium or the npm packages
 * are missing: see browser-tests/README.md.
 */
class BrowserTest {
  private static final String SECRET = "browser-test-secret-0123456789-abcdefgh";

  private static final HttpServer[] pages = new HttpServer[3];
  private static TestServer server;
  private static RecordingRelay relay;
  private static Map<String, Object> results;
  private static String allowed;
  private static String otherSite;
  private static String sameSite;

  /** The transport under test: {@code netty} for {@link NettyBrowserTest}, Java-WebSocket here. */
  private static String transport(TestInfo info) {
    return info.getTestClass().filter(NettyBrowserTest.class::equals).isPresent()
        ? "netty"
        : "java-websocket";
  }

  @BeforeAll
  static void runChromium(TestInfo info) throws Exception {
    Chromium.requireInstalled();
    for (int i = 0; i < pages.length; i++) {
      pages[i] = pageServer();
    }
    allowed = "http://localhost:" + pages[0].getAddress().getPort();
    otherSite = "http://127.0.0.1:" + pages[1].getAddress().getPort();
    sameSite = "http://localhost:" + pages[2].getAddress().getPort();
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.provider.fake.must-be-set", null);
    p.put("wsgate.provider", "hmac");
    p.put("wsgate.provider.hmac.secret", SECRET);
    p.put("wsgate.origins", allowed);
    p.put("wsgate.extractors", "query,cookie,subprotocol");
    p.put("wsgate.session.expiry-jitter", "0s"); // the 2 s token closes at its exp
    server = TestServer.start(TestServer.on(transport(info), p));
    relay = new RecordingRelay(server.port);
    String config =
        "{\"ws\":\"ws://localhost:"
            + relay.port()
            + "/ws\",\"allowed\":\""
            + allowed
            + "\",\"otherSite\":\""
            + otherSite
            + "\",\"sameSite\":\""
            + sameSite
            + "\"}";
    results = JSONObjectUtils.parse(Chromium.run("run.mjs", config, 180));
  }

  @AfterAll
  static void stop() throws IOException {
    if (relay != null) {
      relay.close();
    }
    if (server != null) {
      server.close();
    }
    for (HttpServer s : pages) {
      if (s != null) {
        s.stop(0);
      }
    }
  }

  @Test
  void queryToken_opensAndEchoes_protocolIsTheApplicationOne() {
    assertOpenedWithEcho("query");
    assertThat(exchange("case=query").requestHead()).contains("Sec-WebSocket-Protocol: app.v1\r\n");
  }

  @Test
  void subprotocolToken_opensAndEchoes_protocolIsNeverTheToken() {
    assertOpenedWithEcho("subprotocol");
    assertThat(exchange("case=subprotocol ").requestHead())
        .contains("Sec-WebSocket-Protocol: app.v1, bearer.ey");
  }

  @Test
  void base64urlSubprotocolToken_opensAndEchoes_protocolIsNeverTheToken() {
    assertOpenedWithEcho("subprotocolBase64url");
    assertThat(exchange("case=subprotocolBase64url").requestHead())
        .contains("Sec-WebSocket-Protocol: app.v1, base64url.bearer.");
  }

  @Test
  void httpOnlyCookie_opensAndEchoes_andIsHiddenFromScript() {
    assertThat(results.get("cookieHiddenFromScript")).isEqualTo(true);
    assertOpenedWithEcho("cookie");
    assertThat(exchange("case=cookie").requestHead()).containsPattern("Cookie: .*wsgate_token=ey");
  }

  @Test
  void disallowedOrigin_fails_serverAnswered403() {
    assertFailed("disallowedOrigin");
    RecordingRelay.Exchange e = exchange("case=disallowedOrigin");
    assertThat(e.status()).isEqualTo(403);
    assertThat(e.requestHead()).contains("Origin: " + otherSite + "\r\n");
  }

  @Test
  void invalidToken_fails_serverAnswered401() {
    assertFailed("invalidToken");
    assertThat(exchange("case=invalidToken").status()).isEqualTo(401);
  }

  @Test
  void tokenExpiringTwoSecondsAfterOpen_reachesThePageAs4002() {
    Map<String, Object> r = result("expiring");
    assertThat(r.get("opened")).isEqualTo(true);
    assertThat(r.get("echo")).isEqualTo("ping");
    assertThat(((Number) r.get("closeCode")).intValue()).isEqualTo(4002);
  }

  @Test
  void crossSiteHijacking_pageOnAnotherOriginWithTheUsersCookie_cannotOpen() {
    assertFailed("hijackSameSite");
    RecordingRelay.Exchange e = exchange("case=hijackSameSite");
    // the browser did attach the user's HttpOnly cookie: only the Origin check stops the page
    assertThat(e.requestHead()).containsPattern("Cookie: .*wsgate_token=ey");
    assertThat(e.requestHead()).contains("Origin: " + sameSite + "\r\n");
    assertThat(e.status()).isEqualTo(403);
  }

  @Test
  void sandboxedIframeInTheAllowedPage_sendsOriginNull_isRefused() {
    assertFailed("sandboxedIframe");
    RecordingRelay.Exchange e = exchange("case=sandboxedIframe");
    assertThat(e.requestHead()).contains("Origin: null\r\n");
    assertThat(e.status()).isEqualTo(403);
  }

  @Test
  void crossSiteHijacking_pageOnAnotherSite_cannotOpen() {
    assertFailed("hijackOtherSite");
    assertThat(exchange("case=hijackOtherSite").status()).isEqualTo(403);
  }

  private static void assertOpenedWithEcho(String name) {
    Map<String, Object> r = result(name);
    assertThat(r.get("opened")).as(name + " opened").isEqualTo(true);
    assertThat(r.get("protocol")).as(name + " ws.protocol").isEqualTo("app.v1");
    assertThat(r.get("echo")).as(name + " echo").isEqualTo("ping");
    assertThat(((Number) r.get("closeCode")).intValue()).isEqualTo(1000);
    assertThat(exchange("case=" + name).status()).isEqualTo(101);
  }

  private static void assertFailed(String name) {
    Map<String, Object> r = result(name);
    assertThat(r.get("opened")).as(name + " opened").isEqualTo(false);
    assertThat(((Number) r.get("closeCode")).intValue()).as(name + " close code").isEqualTo(1006);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> result(String name) {
    assertThat(results).containsKey(name);
    return (Map<String, Object>) results.get(name);
  }

  private static RecordingRelay.Exchange exchange(String marker) {
    return relay
        .find(marker)
        .orElseThrow(() -> new AssertionError("no upgrade request with " + marker));
  }

  /** Serves a blank page, fresh tokens ({@code /token?ttl=&kind=}) and {@code /login}. */
  private static HttpServer pageServer() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          if (path.equals("/token")) {
            Chromium.respond(
                exchange, 200, "text/plain", token(exchange.getRequestURI().getQuery()));
          } else if (path.equals("/login")) {
            exchange
                .getResponseHeaders()
                .add(
                    "Set-Cookie",
                    "wsgate_token=" + token("") + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=600");
            Chromium.respond(exchange, 200, "text/plain", "logged in");
          } else if (path.equals("/")) {
            Chromium.respond(
                exchange, 200, "text/html", "<!doctype html><title>wsgate</title><p>page");
          } else {
            Chromium.respond(exchange, 404, "text/plain", "not found");
          }
        });
    s.start();
    return s;
  }

  private static String token(String query) {
    String q = query == null ? "" : query;
    long ttl = q.contains("ttl=2") ? 2 : 600;
    String token =
        Jose.hs256(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
            Jose.claims("browser-user", ttl),
            SECRET.getBytes(StandardCharsets.UTF_8));
    return q.contains("kind=invalid") ? token.substring(0, token.length() - 4) + "AAAA" : token;
  }
}
