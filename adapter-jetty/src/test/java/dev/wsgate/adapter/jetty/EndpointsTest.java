package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import org.junit.jupiter.api.Test;

final class EndpointsTest {
  /** Public so that only the configurator makes it unservable. */
  @ServerEndpoint(value = "/own", configurator = OwnConfigurator.class)
  public static final class WithOwnConfigurator {}

  /** A configurator Jetty would prefer to the gate's. */
  public static final class OwnConfigurator extends ServerEndpointConfig.Configurator {}

  @ServerEndpoint("/hidden")
  static final class NotPublic {}

  @Test
  void install_endpointWithItsOwnConfigurator_throwsNamingIt() {
    assertThatThrownBy(() -> new WsgateFilter(GatedJetty.gate(), WithOwnConfigurator.class, "/ws"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("remove configurator=")
        .hasMessageContaining(OwnConfigurator.class.getName());
  }

  @Test
  void install_nonPublicEndpoint_throws() {
    assertThatThrownBy(() -> new WsgateFilter(GatedJetty.gate(), NotPublic.class, "/ws"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be public");
  }

  @Test
  void install_classThatIsNoEndpoint_throws() {
    assertThatThrownBy(() -> new WsgateFilter(GatedJetty.gate(), String.class, "/ws"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither @ServerEndpoint nor a jakarta.websocket.Endpoint");
  }

  @Test
  void install_wildcardPath_throws() {
    assertThatThrownBy(() -> new WsgateFilter(GatedJetty.gate(), EchoEndpoint.class, "/ws/*"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exact path");
  }
}
