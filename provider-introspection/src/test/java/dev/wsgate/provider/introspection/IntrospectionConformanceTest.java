package dev.wsgate.provider.introspection;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.testkit.ProviderConformanceKit;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared provider rules against WireMock playing the authorization server, which reports an
 * expired token as inactive, as RFC 7662 servers do.
 */
final class IntrospectionConformanceTest extends ProviderConformanceKit {
  private static final AuthorizationServer AS = new AuthorizationServer();

  @RegisterExtension static final WireMockExtension WIREMOCK = AS.wiremock;

  @BeforeAll
  static void start() {
    AS.start();
  }

  @Override
  protected TokenVerifierProvider provider() {
    return new IntrospectionVerifierProvider();
  }

  @Override
  protected ProviderSettings settings() {
    return AS.settings(Map.of());
  }

  @Override
  protected String mint(String subject, Instant issuedAt, Instant expiresAt) {
    String token = AuthorizationServer.newToken();
    if (expiresAt.isAfter(Instant.now())) {
      AS.active(token, subject, expiresAt, "\"iat\":" + issuedAt.getEpochSecond());
    }
    return token;
  }

  @Override
  protected String untrustedToken(String subject) {
    return AuthorizationServer.newToken();
  }

  @Override
  protected boolean expiryReportedAsInactive() {
    return true;
  }

  @Override
  protected ProviderSettings badSettings() {
    return AS.settings(Map.of("client-auth", "private_key_jwt"));
  }

  @Override
  protected String badSettingKey() {
    return "wsgate.provider.introspection.client-auth";
  }

  @Override
  protected boolean failBackend() {
    AS.down();
    return true;
  }

  @Override
  protected boolean hangBackend() {
    AS.hang();
    return true;
  }

  @Override
  protected void releaseBackend() {
    AS.release();
  }

  @Override
  protected boolean isSharedJvmThread(Thread t) {
    // WireMock's Jetty threads serve the whole class
    return super.isSharedJvmThread(t)
        || t.getName().startsWith("qtp")
        || t.getName().startsWith("Connector-Scheduler");
  }
}
