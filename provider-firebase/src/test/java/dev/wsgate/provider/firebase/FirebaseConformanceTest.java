package dev.wsgate.provider.firebase;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.testkit.ProviderConformanceKit;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The shared provider rules, run against firebase-admin behind a WireMock certificate server. */
final class FirebaseConformanceTest extends ProviderConformanceKit {
  private static final String PROJECT = "wsgate-conformance";
  private static GoogleStub google;

  @BeforeAll
  static void startGoogle() {
    google = new GoogleStub().serveKeys("/certs", 3600, GoogleStub.Keys.A);
  }

  @AfterAll
  static void stopGoogle() {
    google.close();
  }

  @Override
  protected TokenVerifierProvider provider() {
    return new FirebaseVerifierProvider();
  }

  @Override
  protected ProviderSettings settings() {
    return google.settings(PROJECT, "/certs", Map.of());
  }

  @Override
  protected String mint(String subject, Instant issuedAt, Instant expiresAt) {
    return IdTokens.sign(GoogleStub.Keys.A, IdTokens.claims(PROJECT, subject, issuedAt, expiresAt));
  }

  @Override
  protected ProviderSettings badSettings() {
    return google.settings("Not A Project!", "/certs", Map.of());
  }

  @Override
  protected String badSettingKey() {
    return "wsgate.provider.firebase.project-id";
  }

  @Override
  protected boolean isSharedJvmThread(Thread t) {
    // WireMock's Jetty (pool, connector scheduler) serves the test, and the JDK's HTTP keep-alive
    // timer outlives any client
    return super.isSharedJvmThread(t)
        || t.getName().startsWith("qtp")
        || t.getName().startsWith("Connector-Scheduler")
        || t.getName().equals("Keep-Alive-Timer");
  }
}
