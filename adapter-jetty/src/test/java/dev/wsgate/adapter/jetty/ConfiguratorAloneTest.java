package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.RawHttp;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Why the adapter is a filter: what plain Jetty does with a Jakarta Configurator that tries to
 * reject a handshake by itself. Neither route can answer 401, 400, 431 or 503.
 */
final class ConfiguratorAloneTest {
  private static Server server;
  private static ServerConnector connector;

  /** Refuses every origin. */
  public static final class OriginRefusing extends ServerEndpointConfig.Configurator {
    @Override
    public boolean checkOrigin(String originHeaderValue) {
      return false;
    }
  }

  /** Accepts the origin, then throws where it would have to reject the token. */
  public static final class ThrowingInModifyHandshake extends ServerEndpointConfig.Configurator {
    @Override
    public boolean checkOrigin(String originHeaderValue) {
      return true;
    }

    @Override
    public void modifyHandshake(
        ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
      throw new SecurityException("no token");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    JakartaWebSocketServletContainerInitializer.configure(
        context,
        (servletContext, container) -> {
          container.addEndpoint(
              ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/origin")
                  .configurator(new OriginRefusing())
                  .build());
          container.addEndpoint(
              ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/modify")
                  .configurator(new ThrowingInModifyHandshake())
                  .build());
        });
    server.setHandler(context);
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @Test
  void checkOriginFalse_isAlways403WithAnHtmlPage() throws Exception {
    RawHttp.Response answer =
        GatedJetty.upgrade("/origin")
            .header("Connection", "Upgrade, close")
            .send(connector.getLocalPort());

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.header("Content-Type")).startsWith("text/html");
  }

  @Test
  void exceptionInModifyHandshake_is500WithAnHtmlPage() throws Exception {
    RawHttp.Response answer =
        GatedJetty.upgrade("/modify")
            .header("Connection", "Upgrade, close")
            .send(connector.getLocalPort());

    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.header("Content-Type")).startsWith("text/html");
  }
}
