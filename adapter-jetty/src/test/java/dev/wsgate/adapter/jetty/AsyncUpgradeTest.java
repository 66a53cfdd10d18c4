package dev.wsgate.adapter.jetty;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.testkit.Eventually;
import dev.wsgate.testkit.RawHttp;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * Upgrades whose verification waits for a key fetch hold no Jetty thread: a {@code jwks} tenant on
 * a freshly started server whose key server answers only when the test lets it, a pool of at most
 * {@value #POOL} threads, and {@value #CLIENTS} concurrent upgrades with distinct new tokens over
 * real sockets. All of them wait in the gate at once (impossible if each held a pool thread), then
 * all get 101 from one key fetch; a forged token waiting with them gets its 401.
 */
final class AsyncUpgradeTest {
  private static final int POOL = 20;
  private static final int CLIENTS = 500;
  private static final String ISSUER = "https://issuer.example.com/";
  private static final String AUDIENCE = "chat";

  /** Holds every key-server answer until {@link #release}. */
  private static final class HeldAnswers implements ServeEventListener {
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void beforeResponseSent(ServeEvent event, Parameters parameters) {
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public boolean applyGlobally() {
      return true;
    }

    @Override
    public String getName() {
      return "held-answers";
    }
  }

  @Test
  void upgrades_waitingForTheKeyFetch_holdNoThreadAndAllGet101() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    HeldAnswers held = new HeldAnswers();
    WireMockServer keys = new WireMockServer(wireMockConfig().dynamicPort().extensions(held));
    keys.start();
    keys.stubFor(get("/keys.json").willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
    List<Socket> sockets = new ArrayList<>();
    QueuedThreadPool pool = new QueuedThreadPool(POOL, 2);
    pool.setName("jetty-async-test");
    Server server = new Server(pool);
    try {
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        tokens.add(token(key, "user-" + i));
      }
      // the last one is signed by another key under the same kid: refused once the keys arrive
      tokens.add(token(new ECKeyGenerator(Curve.P_256).keyID("k1").generate(), "mallory"));
      HandshakeGate gate = gate(keys.url("/keys.json"));
      ServerConnector connector = new ServerConnector(server, 1, 1);
      connector.setHost("127.0.0.1");
      connector.setAcceptQueueSize(CLIENTS);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      WsgateJetty.install(context, gate, EchoEndpoint.class, "/ws");
      server.setHandler(context);
      server.start();

      for (String token : tokens) {
        Socket s = new Socket("127.0.0.1", connector.getLocalPort());
        s.setSoTimeout(15_000);
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        out.write(
            RawHttp.upgrade("/ws?token=" + token, "Origin: " + GatedJetty.ORIGIN)
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
      }

      boolean allWaiting =
          Eventually.holds(
              Duration.ofSeconds(15), () -> gate.pendingVerifications("default") == CLIENTS + 1);
      // a thread that has just put its request aside may not be back in the pool yet: wait for
      // the pool to settle; upgrades that held threads would keep all 20 busy for as long as they
      // wait
      boolean fewBusy =
          Eventually.holds(Duration.ofSeconds(5), () -> pool.getBusyThreads() < POOL / 2);
      int busy = pool.getBusyThreads();
      List<String> verifyThreads =
          Thread.getAllStackTraces().keySet().stream()
              .map(Thread::getName)
              .filter(n -> n.startsWith("wsgate-verify-"))
              .toList();
      held.release.countDown();

      assertThat(allWaiting).as("all %d upgrades wait in the gate at once", CLIENTS).isTrue();
      assertThat(fewBusy)
          .as(
              "fewer than %d busy pool threads (acceptor and selector included) while %d upgrades"
                  + " wait; %d busy",
              POOL / 2, CLIENTS, busy)
          .isTrue();
      assertThat(verifyThreads).as("the adapter's own verification threads").isEmpty();
      for (Socket s : sockets.subList(0, CLIENTS)) {
        assertThat(RawHttp.read(s.getInputStream()).status()).isEqualTo(101);
      }
      RawHttp.Response forged = RawHttp.read(sockets.get(CLIENTS).getInputStream());
      assertThat(forged.status()).isEqualTo(401);
      assertThat(forged.header("Connection")).isEqualTo("close");
      assertThat(forged.closed()).isTrue();
      assertThat(
              keys.countRequestsMatching(getRequestedFor(urlEqualTo("/keys.json")).build())
                  .getCount())
          .isBetween(1, 2);
    } finally {
      held.release.countDown();
      for (Socket s : sockets) {
        s.close();
      }
      server.stop();
      keys.stop();
    }
  }

  private static HandshakeGate gate(String jwksUri) {
    TokenVerifier verifier =
        ProviderRegistry.load(AsyncUpgradeTest.class.getClassLoader())
            .get("jwks")
            .create(
                ProviderSettings.builder("wsgate.provider.jwks.")
                    .values(
                        Map.of(
                            "jwks-uri",
                            jwksUri,
                            "issuer",
                            ISSUER,
                            "audience",
                            AUDIENCE,
                            "algorithms",
                            "ES256",
                            "connect-timeout",
                            "10s",
                            "read-timeout",
                            "30s"))
                    .build());
    return HandshakeGate.builder()
        .tenant(GatedJetty.queryTenant(verifier, List.of()))
        .verifyTimeout(Duration.ofSeconds(30))
        .build();
  }

  private static String token(ECKey key, String subject) throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }
}
