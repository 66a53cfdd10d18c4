package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.Redaction;
import dev.wsgate.session.SessionRegistry;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.testkit.FakeTokenVerifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The shared sessions ({@link SessionRegistry}) behind both stacks, over real sockets on the test
 * applications (embedded Tomcat; Reactor Netty): expiry on the application's injected clock, a
 * refresh that moves both the expiry and the identity the application sees, the revocation sweep,
 * disconnect by tenant and subject, the end of life, and the close metric.
 */
final class SharedSessionsTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The shared test application of each stack. */
  enum Stack {
    SERVLET,
    WEBFLUX;

    ConfigurableApplicationContext app() {
      return this == SERVLET ? ServletApp.shared() : ReactiveApp.shared();
    }

    int port() {
      return ServletApp.port(app());
    }

    /** A subject no other test of this stack uses (the applications are shared). */
    String subject(String name) {
      return name + "-" + name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static WebSocket connect(int port, String token, Replies replies) throws Exception {
    return HTTP.newWebSocketBuilder()
        .header("Origin", TestGate.ORIGIN)
        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/echo?token=" + token), replies)
        .get(20, TimeUnit.SECONDS);
  }

  /** A session of {@code subject} that has answered one message. */
  private static WebSocket openAndPing(Stack stack, String subject, Replies replies)
      throws Exception {
    WebSocket ws = connect(stack.port(), TestGate.token(subject), replies);
    ws.sendText("ping", true).get(20, TimeUnit.SECONDS);
    assertThat(replies.next()).isEqualTo(subject + "@default: ping");
    return ws;
  }

  private static String refresh(String token) {
    return "{\"type\":\"wsgate.refresh\",\"token\":\"" + token + "\"}";
  }

  private static double serverCloses(Stack stack, int code) {
    Counter c =
        stack
            .app()
            .getBean(MeterRegistry.class)
            .find("wsgate.connections.closed")
            .tags("code", Integer.toString(code), "initiator", "server")
            .counter();
    return c == null ? 0 : c.count();
  }

  /**
   * Waits up to 20 s for the server to count one more close of {@code code} than {@code before}.
   */
  private static void awaitServerClose(Stack stack, int code, double before) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (serverCloses(stack, code) <= before && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    assertThat(serverCloses(stack, code)).as("server closes with " + code).isGreaterThan(before);
  }

  @ParameterizedTest
  @EnumSource(Stack.class)
  void expiry_tokenExpiresOnTheInjectedClock_closedWith4002InTheJitterWindow(Stack stack)
      throws Exception {
    // exp is 2 s after the injected clock's now, a date the system clock has long passed: the
    // close comes in the jitter window of the injected clock (the last half of the remaining
    // lifetime, [exp - 1 s, exp]), not at once
    double before = serverCloses(stack, 4002);
    long start = System.nanoTime();
    Replies replies = new Replies();
    connect(stack.port(), FakeTokenVerifier.token("erin", TestGate.NOW.plusSeconds(2)), replies);

    assertThat(replies.close()).isEqualTo(4002);
    Duration open = Duration.ofNanos(System.nanoTime() - start);
    assertThat(replies.closeReason).isEqualTo("token expired");
    assertThat(open).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    awaitServerClose(stack, 4002, before);
  }

  @ParameterizedTest
  @EnumSource(Stack.class)
  void refresh_shorterLivedToken_applicationSeesItAndItsExpiryClosesTheSession(Stack stack)
      throws Exception {
    String subject = stack.subject("fran");
    Replies replies = new Replies();
    WebSocket ws = connect(stack.port(), TestGate.token(subject), replies);
    Instant soon = TestGate.NOW.plusSeconds(2);
    String fresh = FakeTokenVerifier.token(subject, soon);

    ws.sendText(refresh(fresh), true).get(20, TimeUnit.SECONDS);
    assertThat(replies.next())
        .isEqualTo("{\"type\":\"wsgate.refreshed\",\"exp\":" + soon.getEpochSecond() + "}");
    ws.sendText("exp", true).get(20, TimeUnit.SECONDS);

    assertThat(replies.next())
        .isEqualTo("exp=" + soon.getEpochSecond() + " token=" + Redaction.fingerprint(fresh));
    // the upgrade's token was valid for an hour: only the refreshed one's exp closes it now
    assertThat(replies.close()).isEqualTo(4002);
    assertThat(replies.closeReason).isEqualTo("token expired");
  }

  @ParameterizedTest
  @EnumSource(Stack.class)
  void revocationSweep_subjectRevokedWhileOpen_closedWith4001(Stack stack) throws Exception {
    String subject = stack.subject("kim");
    Replies replies = new Replies();
    openAndPing(stack, subject, replies);

    stack.app().getBean(TestGate.Revoked.class).subjects.add(subject);

    assertThat(replies.close()).isEqualTo(4001);
    assertThat(replies.closeReason).isEqualTo("token or subject is revoked");
  }

  @ParameterizedTest
  @EnumSource(Stack.class)
  void disconnectSubject_ofATenant_closesOnlyThatTenantsSessions(Stack stack) throws Exception {
    String subject = stack.subject("gus");
    Replies replies = new Replies();
    WebSocket ws = openAndPing(stack, subject, replies);
    WsgateSessions sessions = stack.app().getBean(WsgateSessions.class);
    double before = serverCloses(stack, 4001);

    assertThat(sessions.disconnectSubject("other", subject, 4001, "revoked")).isZero();
    ws.sendText("still", true).get(20, TimeUnit.SECONDS);
    assertThat(replies.next()).isEqualTo(subject + "@default: still");
    assertThat(sessions.disconnectSubject("default", subject, 4001, "revoked")).isEqualTo(1);

    assertThat(replies.close()).isEqualTo(4001);
    assertThat(replies.closeReason).isEqualTo("revoked");
    awaitServerClose(stack, 4001, before);
  }

  @Test
  void maxLifetime_reachedBeforeTheTokenExpires_closedWith4002() throws Exception {
    try (ConfigurableApplicationContext app =
        ServletApp.start("wsgate.spring.paths=/echo", "wsgate.session.max-lifetime=1s")) {
      Replies replies = new Replies();
      connect(ServletApp.port(app), TestGate.token("lou"), replies);

      assertThat(replies.close()).isEqualTo(4002);
      assertThat(replies.closeReason).isEqualTo(SessionRegistry.LIFETIME_REACHED);
    }
  }

  @Test
  void startUp_nonPositiveSessionDurations_failNamingEachKey() {
    ConfigurationException e =
        PropertiesApp.startUpProblems(
            () ->
                ServletApp.start(
                    "wsgate.session.max-lifetime=0s",
                    "wsgate.session.revocation-interval=-1s",
                    "wsgate.session.expiry-jitter=-1s"));

    assertThat(e.problems())
        .containsExactly(
            "wsgate.session.expiry-jitter must not be negative",
            "wsgate.session.max-lifetime must be positive",
            "wsgate.session.revocation-interval must be positive");
  }
}
