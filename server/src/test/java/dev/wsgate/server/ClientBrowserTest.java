package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.wsgate.adapter.javawebsocket.fixtures.Jose;
import dev.wsgate.server.admin.AdminServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The browser client ({@code client-js/index.js}, served as it is) in headless Chromium against the
 * real server: {@code browser-tests/client.mjs} runs each scenario in a page and reports what the
 * client told the application; a {@link RecordingRelay} in front of the server shows every upgrade
 * it answered. Time in the browser is real: tokens live a few seconds where expiry matters.
 */
class ClientBrowserTest {
  private static final String SECRET = "client-browser-test-secret-0123456789-abc";
  private static final String JWT = "eyJ[A-Za-z0-9_-]+\\.eyJ";
  private static final String ADMIN_TOKEN = "client-browser-admin-0123456789";

  private static HttpServer page;
  private static ExecutorService pageThreads;
  private static String origin;
  private static volatile TestServer server;
  private static volatile AdminServer admin;
  private static RecordingRelay relay;
  private static Map<String, Object> results;
  private static String transport;

  @BeforeAll
  static void runChromium(TestInfo info) throws Exception {
    // the transport under test: netty for NettyClientBrowserTest, Java-WebSocket here
    transport =
        info.getTestClass().filter(NettyClientBrowserTest.class::equals).isPresent()
            ? "netty"
            : "java-websocket";
    Chromium.requireInstalled();
    pageThreads = Executors.newCachedThreadPool();
    page = pageServer();
    origin = "http://localhost:" + page.getAddress().getPort();
    startServer(0);
    relay = new RecordingRelay(server.port);
    String config =
        "{\"ws\":\"ws://localhost:" + relay.port() + "/ws\",\"page\":\"" + origin + "\"}";
    results = JSONObjectUtils.parse(Chromium.run("client.mjs", config, 240));
  }

  @AfterAll
  static void stop() throws IOException {
    if (relay != null) {
      relay.close();
    }
    stopServer();
    if (page != null) {
      page.stop(0);
      pageThreads.shutdownNow();
    }
  }

  @Test
  void queryMode_opensEchoesAndCloses_tokenInTheQuery() {
    Map<String, Object> r = scenario("query");
    assertThat(stateNames(r)).containsExactly("connecting", "open", "closed");
    assertThat(r.get("echo")).isEqualTo("ping");
    assertThat(r.get("protocol")).isEqualTo("app.v1");
    assertThat(lastState(r).get("stop")).isEqualTo("client");
    List<RecordingRelay.Exchange> upgrades = upgrades("client-query");
    assertThat(upgrades).hasSize(1);
    assertThat(upgrades.get(0).status()).isEqualTo(101);
    assertThat(upgrades.get(0).requestHead().lines().findFirst().orElseThrow())
        .contains("&token=ey");
  }

  @Test
  void subprotocolMode_opensEchoesAndCloses_tokenOnlyInTheProtocolHeader() {
    Map<String, Object> r = scenario("subprotocol");
    assertThat(stateNames(r)).containsExactly("connecting", "open", "closed");
    assertThat(r.get("echo")).isEqualTo("ping");
    assertThat(r.get("protocol")).isEqualTo("app.v1");
    List<RecordingRelay.Exchange> upgrades = upgrades("client-subprotocol");
    assertThat(upgrades).hasSize(1);
    assertThat(upgrades.get(0).status()).isEqualTo(101);
    assertThat(upgrades.get(0).requestHead()).contains("Sec-WebSocket-Protocol: app.v1, bearer.ey");
    assertThat(upgrades.get(0).requestHead().lines().findFirst().orElseThrow())
        .doesNotContain("token=");
  }

  @Test
  void inBandRefresh_keepsOneSocketOpenAcrossThreeTokenLifetimes() {
    Map<String, Object> r = scenario("refresh");
    // never reconnected: the one socket stayed open while tokens of 4 s came and went
    assertThat(stateNames(r)).containsExactly("connecting", "open", "closed");
    assertThat(((Number) r.get("openMs")).longValue()).isGreaterThan(3 * 4000L);
    assertThat(r.get("echo")).isEqualTo("still here");
    assertThat(upgrades("client-refresh")).hasSize(1);
    // each acknowledged refresh moved the connection's expiry on; the first token's exp is
    // past by then
    List<Long> expiries = longs(r.get("expiresAt"));
    assertThat(expiries).hasSizeGreaterThanOrEqualTo(4).isSorted().doesNotHaveDuplicates();
    assertThat(expiries.get(expiries.size() - 1) - expiries.get(0))
        .isGreaterThanOrEqualTo(3 * 4000L);
    assertThat(strings(r.get("tokens"))).startsWith("connect").contains("refresh");
    assertThat(strings(r.get("tokens")).stream().filter("refresh"::equals).count())
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void withoutInBandRefresh_reconnectsCleanlyBeforeTheExpiryClose() {
    Map<String, Object> r = scenario("reconnectBeforeExpiry");
    assertThat(r.get("echo")).isEqualTo("ping");
    List<Map<String, Object>> reconnects = states(r, "reconnecting");
    assertThat(reconnects).hasSizeGreaterThanOrEqualTo(2);
    // the client left with 1000 each time, before the server's 4002
    assertThat(reconnects).allSatisfy(s -> assertThat(code(s)).isEqualTo(1000));
    assertThat(strings(r.get("tokens")).subList(1, 3)).containsOnly("refresh");
    List<RecordingRelay.Exchange> upgrades = upgrades("client-reconnect");
    assertThat(upgrades).hasSizeGreaterThanOrEqualTo(3);
    assertThat(upgrades).allSatisfy(e -> assertThat(e.status()).isEqualTo(101));
  }

  @Test
  void serverRestart_isSurvivedByReconnecting() {
    Map<String, Object> r = scenario("restart");
    assertThat(r.get("restarted")).isEqualTo("restarted");
    assertThat(r.get("echo")).isEqualTo("after restart");
    List<Map<String, Object>> reconnects = states(r, "reconnecting");
    assertThat(code(reconnects.get(0))).isEqualTo(1001); // "server shutting down"
    // while it was down the client kept backing off, then opened again and was never told to stop
    assertThat(stateNames(r)).containsSubsequence("open", "reconnecting", "open", "closed");
    assertThat(lastState(r).get("stop")).isEqualTo("client");
    assertThat(reconnects).allSatisfy(s -> assertThat(code(s)).isIn(1001, 1006));
    List<RecordingRelay.Exchange> upgrades = upgrades("client-restart");
    assertThat(upgrades.get(0).status()).isEqualTo(101);
    assertThat(upgrades.get(upgrades.size() - 1).status()).isEqualTo(101);
  }

  @Test
  void revokedSubject_closedWith4001ThenRefused_stopsRetrying() {
    Map<String, Object> r = scenario("revoked");
    assertThat(((Number) r.get("admin")).intValue()).isEqualTo(200);
    assertThat(stateNames(r)).containsExactly("connecting", "open", "reconnecting", "closed");
    assertThat(code(states(r, "reconnecting").get(0))).isEqualTo(4001);
    assertThat(lastState(r).get("stop")).isEqualTo("unauthorized");
    // one retry with a fresh token, refused at the upgrade (the browser saw only 1006), then none
    assertThat(strings(r.get("tokens"))).containsExactly("connect", "rejected");
    List<RecordingRelay.Exchange> upgrades = upgrades("client-revoked");
    assertThat(upgrades).extracting(RecordingRelay.Exchange::status).containsExactly(101, 401);
  }

  @Test
  void ticketMode_postsTheTokenOnce_upgradeCarriesOnlyTheTicket() {
    Map<String, Object> r = scenario("ticket");
    assertThat(stateNames(r)).containsExactly("connecting", "open", "closed");
    assertThat(r.get("echo")).isEqualTo("ping");
    List<RecordingRelay.Exchange> upgrades = upgrades("client-ticket");
    assertThat(upgrades).hasSize(1);
    assertThat(upgrades.get(0).status()).isEqualTo(101);
    String line = upgrades.get(0).requestHead().lines().findFirst().orElseThrow();
    assertThat(line).containsPattern("[?&]ticket=[A-Za-z0-9_-]{43}").doesNotContain("token=");
    assertThat(upgrades.get(0).requestHead()).doesNotContainPattern(JWT);
    // the page is another origin: a preflight, then the POST with the token in Authorization
    assertThat(requests("OPTIONS /ws/ticket "))
        .extracting(RecordingRelay.Exchange::status)
        .contains(204);
    RecordingRelay.Exchange post = requests("POST /ws/ticket ").get(0);
    assertThat(post.status()).isEqualTo(200);
    assertThat(post.requestHead())
        .containsIgnoringCase("Authorization: Bearer ey")
        .containsIgnoringCase("Origin: " + origin + "\r\n");
  }

  @Test
  void ticketMode_revokedSubject_ticketRequestRefused401_stops() {
    Map<String, Object> r = scenario("ticketRevoked");
    assertThat(stateNames(r)).containsExactly("connecting", "open", "reconnecting", "closed");
    assertThat(code(states(r, "reconnecting").get(0))).isEqualTo(4001);
    Map<String, Object> last = lastState(r);
    assertThat(last.get("stop")).isEqualTo("unauthorized");
    // the browser could read the real status of the ticket request (CORS on the refusal)
    assertThat(((Number) last.get("status")).intValue()).isEqualTo(401);
    assertThat(strings(r.get("tokens"))).containsExactly("connect", "rejected");
    assertThat(upgrades("client-ticket-revoked")).hasSize(1);
  }

  @Test
  void messageMode_noTokenAtTheUpgrade_firstFrameAuthenticates() {
    Map<String, Object> r = scenario("message");
    assertThat(stateNames(r)).containsExactly("connecting", "open", "closed");
    assertThat(r.get("echo")).isEqualTo("ping");
    assertThat(r.get("protocol")).isEqualTo("app.v1");
    List<RecordingRelay.Exchange> upgrades = upgrades("client-message");
    assertThat(upgrades).hasSize(1);
    assertThat(upgrades.get(0).status()).isEqualTo(101);
    assertThat(upgrades.get(0).requestHead())
        .doesNotContainPattern(JWT)
        .doesNotContain("token=")
        .doesNotContain("bearer.");
  }

  @Test
  void messageMode_refusedToken_closes4001_oneRetry_thenStops() {
    Map<String, Object> r = scenario("messageRefused");
    assertThat(stateNames(r)).containsExactly("connecting", "reconnecting", "closed");
    assertThat(code(states(r, "reconnecting").get(0))).isEqualTo(4001);
    assertThat(code(lastState(r))).isEqualTo(4001);
    assertThat(lastState(r).get("stop")).isEqualTo("unauthorized");
    assertThat(strings(r.get("tokens"))).containsExactly("connect", "rejected");
    // the refusal came after the 101: the upgrades themselves were accepted
    assertThat(upgrades("client-message-refused"))
        .extracting(RecordingRelay.Exchange::status)
        .containsExactly(101, 101);
  }

  /** The requests whose request line starts with {@code prefix}, in order. */
  private static List<RecordingRelay.Exchange> requests(String prefix) {
    return relay.exchanges().stream().filter(e -> e.requestHead().startsWith(prefix)).toList();
  }

  private static Map<String, Object> scenario(String name) {
    assertThat(results).containsKey(name);
    @SuppressWarnings("unchecked")
    Map<String, Object> r = (Map<String, Object>) results.get(name);
    assertThat(r.get("failed")).as("%s failed in the page: %s", name, r).isNull();
    return r;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> states(Map<String, Object> r) {
    return (List<Map<String, Object>>) r.get("states");
  }

  private static List<Map<String, Object>> states(Map<String, Object> r, String name) {
    return states(r).stream().filter(s -> name.equals(s.get("state"))).toList();
  }

  private static List<String> stateNames(Map<String, Object> r) {
    return states(r).stream().map(s -> (String) s.get("state")).toList();
  }

  private static Map<String, Object> lastState(Map<String, Object> r) {
    List<Map<String, Object>> s = states(r);
    return s.get(s.size() - 1);
  }

  private static int code(Map<String, Object> state) {
    return ((Number) state.get("code")).intValue();
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object list) {
    return (List<String>) list;
  }

  @SuppressWarnings("unchecked")
  private static List<Long> longs(Object list) {
    return ((List<Number>) list).stream().map(Number::longValue).toList();
  }

  /** The upgrades the server answered for a scenario, in order. */
  private static List<RecordingRelay.Exchange> upgrades(String name) {
    Pattern marker = Pattern.compile("[?&]case=" + Pattern.quote(name) + "[& ]");
    return relay.exchanges().stream()
        .filter(e -> marker.matcher(e.requestHead().lines().findFirst().orElse("")).find())
        .toList();
  }

  private static void startServer(int port) throws IOException {
    Map<String, String> p = new HashMap<>();
    p.put("wsgate.listen.port", Integer.toString(port));
    p.put("wsgate.provider.fake.must-be-set", null);
    p.put("wsgate.provider", "hmac");
    p.put("wsgate.provider.hmac.secret", SECRET);
    p.put("wsgate.origins", origin);
    p.put("wsgate.extractors", "query,subprotocol,message");
    p.put("wsgate.tickets.enabled", "true");
    p.put("wsgate.session.refresh", "true");
    p.put("wsgate.session.expiry-jitter", "1s");
    p.put("wsgate.admin.port", "0");
    p.put("wsgate.admin.token", ADMIN_TOKEN);
    TestServer s = TestServer.start(TestServer.on(transport, p));
    server = s;
    admin = AdminServer.start(s.configuration, Clock.systemUTC());
  }

  private static void stopServer() {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Serves the page, the client module, tokens and the two controls. */
  private static HttpServer pageServer() throws IOException {
    Path client = Chromium.repoDir("wsgate.client-js", "client-js").resolve("index.js");
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // a restart answers only once the server is back: the client's token requests go on meanwhile
    s.setExecutor(pageThreads);
    s.createContext(
        "/",
        exchange -> {
          try {
            serve(exchange, client);
          } catch (IOException | RuntimeException e) {
            Chromium.respond(exchange, 500, "text/plain", e.getClass().getSimpleName());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Chromium.respond(exchange, 500, "text/plain", "interrupted");
          }
        });
    s.start();
    return s;
  }

  private static void serve(HttpExchange exchange, Path client)
      throws IOException, InterruptedException {
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getQuery();
    switch (path) {
      case "/" ->
          Chromium.respond(exchange, 200, "text/html", "<!doctype html><title>client</title><p>");
      case "/wsgate-client/index.js" ->
          Chromium.respond(exchange, 200, "text/javascript", Files.readString(client));
      case "/token" -> {
        String token =
            Jose.hs256(
                "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                Jose.claims(parameter(query, "sub"), Long.parseLong(parameter(query, "ttl"))),
                SECRET.getBytes(StandardCharsets.UTF_8));
        boolean invalid = query.contains("kind=invalid");
        Chromium.respond(
            exchange,
            200,
            "text/plain",
            invalid ? token.substring(0, token.length() - 4) + "AAAA" : token);
      }
      case "/control/restart" -> {
        int port = server.port;
        stopServer(); // 1001 "server shutting down" to every socket
        Thread.sleep(1000); // down long enough for the client to be refused at least once
        startServer(port);
        Chromium.respond(exchange, 200, "text/plain", "restarted");
      }
      case "/control/revoke" -> {
        HttpResponse<String> answer =
            AdminHttp.post(
                admin.port(),
                "/admin/disconnect?subject=" + parameter(query, "subject"),
                ADMIN_TOKEN);
        Chromium.respond(exchange, answer.statusCode(), "text/plain", answer.body());
      }
      default -> Chromium.respond(exchange, 404, "text/plain", "not found");
    }
  }

  private static String parameter(String query, String name) {
    Matcher m = Pattern.compile("(?:^|&)" + name + "=([A-Za-z0-9-]+)").matcher(query);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + name);
    }
    return m.group(1);
  }
}
