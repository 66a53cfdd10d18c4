package dev.wsgate.adapter.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.testkit.RawHttp;
import org.eclipse.jetty.server.HttpConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Jetty reads the whole request head into one buffer ({@code HttpConfiguration.requestHeaderSize},
 * 8192 bytes by default) before any filter runs, so a token near the gate's default {@code
 * max-token-bytes} (also 8192) is refused by Jetty itself, with its own HTML error page.
 */
final class JettyHeaderLimitTest {
  private static final String NEAR_LIMIT = "x".repeat(TenantPolicy.DEFAULT_MAX_TOKEN_BYTES + 100);

  @Test
  void defaultHeaderBuffer_queryTokenBeyondIt_isRefusedByJettyWith414() throws Exception {
    GatedJetty jetty =
        GatedJetty.start(
            GatedJetty.gate(TenantPolicy.DEFAULT_MAX_TOKEN_BYTES),
            EchoEndpoint.class,
            new HttpConfiguration());
    try {
      RawHttp.Response query = GatedJetty.upgrade("/ws?token=" + NEAR_LIMIT).send(jetty.port());
      RawHttp.Response cookie =
          GatedJetty.upgrade("/ws")
              .header("Cookie", "wsgate_token=" + NEAR_LIMIT)
              .send(jetty.port());

      assertThat(query.status()).isEqualTo(414);
      assertThat(cookie.status()).isEqualTo(431);
      assertThat(cookie.header("Content-Type")).startsWith("text/html");
    } finally {
      jetty.stop();
    }
  }

  @Test
  void largerHeaderBuffer_tokenBeyondMaxTokenBytes_isTheGatesPlainText431() throws Exception {
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(TenantPolicy.DEFAULT_MAX_TOKEN_BYTES + 4096);
    GatedJetty jetty =
        GatedJetty.start(
            GatedJetty.gate(TenantPolicy.DEFAULT_MAX_TOKEN_BYTES), EchoEndpoint.class, http);
    try {
      RawHttp.Response query = GatedJetty.upgrade("/ws?token=" + NEAR_LIMIT).send(jetty.port());
      RawHttp.Response cookie =
          GatedJetty.upgrade("/ws")
              .header("Cookie", "wsgate_token=" + NEAR_LIMIT)
              .send(jetty.port());

      assertThat(query.status()).isEqualTo(431);
      assertThat(query.body()).isEqualTo("token from query exceeds 8192 bytes\n");
      assertThat(query.closed()).isTrue();
      assertThat(cookie.status()).isEqualTo(431);
      assertThat(cookie.header("Content-Type")).startsWith("text/plain");
    } finally {
      jetty.stop();
    }
  }
}
