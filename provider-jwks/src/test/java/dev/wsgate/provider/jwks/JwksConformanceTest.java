package dev.wsgate.provider.jwks;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.testkit.ProviderConformanceKit;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared provider rules, against a JWKS served by WireMock. */
final class JwksConformanceTest extends ProviderConformanceKit {
  private static final RSAKey KEY = TokenFixtures.rsa("conformance-1");

  @RegisterExtension
  static final WireMockExtension IDP =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .resetOnEachTest(false)
          .build();

  @BeforeAll
  static void serveKeys() {
    IDP.stubFor(get("/jwks.json").willReturn(okJson(TokenFixtures.jwks(KEY))));
  }

  @Override
  protected TokenVerifierProvider provider() {
    return new JwksVerifierProvider();
  }

  @Override
  protected ProviderSettings settings() {
    return ProviderSettings.builder("wsgate.provider.jwks.")
        .values(
            Map.of(
                "jwks-uri", IDP.url("/jwks.json"),
                "issuer", TokenFixtures.ISSUER,
                "audience", TokenFixtures.AUDIENCE))
        .build();
  }

  @Override
  protected String mint(String subject, Instant issuedAt, Instant expiresAt) {
    return TokenFixtures.sign(
        KEY, JWSAlgorithm.RS256, TokenFixtures.claims(subject, issuedAt, expiresAt).build());
  }

  @Override
  protected ProviderSettings badSettings() {
    return ProviderSettings.builder("wsgate.provider.jwks.")
        .values(Map.of("jwks-uri", IDP.url("/jwks.json"), "algorithms", "RS256,HS256"))
        .build();
  }

  @Override
  protected String badSettingKey() {
    return "wsgate.provider.jwks.algorithms";
  }

  @Override
  protected boolean isSharedJvmThread(Thread t) {
    // WireMock's Jetty threads serve the whole class; the JDK's HTTP keep-alive reaper is shared
    return super.isSharedJvmThread(t)
        || t.getName().startsWith("qtp")
        || t.getName().startsWith("Connector-Scheduler")
        || t.getName().startsWith("Keep-Alive-");
  }
}
