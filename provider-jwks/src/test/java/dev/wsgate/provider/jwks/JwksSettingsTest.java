package dev.wsgate.provider.jwks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class JwksSettingsTest {
  private static JwksSettings read(Map<String, String> values) {
    return JwksSettings.from(
        ProviderSettings.builder("wsgate.provider.jwks.")
            .values(values)
            .clockSkew(Duration.ofSeconds(30))
            .build());
  }

  private static List<String> problems(Map<String, String> values) {
    return catchThrowableOfType(ConfigurationException.class, () -> read(values)).problems();
  }

  @Test
  void from_jwksUriOnly_usesEveryDefault() {
    JwksSettings s = read(Map.of("jwks-uri", "https://idp.example.com/keys"));
    assertThat(s.endpoint()).isEqualTo(URI.create("https://idp.example.com/keys"));
    assertThat(s.discovery()).isFalse();
    assertThat(s.issuer()).isEmpty();
    assertThat(s.audience()).isEmpty();
    assertThat(s.algorithms()).containsExactly("RS256");
    assertThat(s.connectTimeout()).isEqualTo(JwksSettings.DEFAULT_CONNECT_TIMEOUT);
    assertThat(s.readTimeout()).isEqualTo(JwksSettings.DEFAULT_READ_TIMEOUT);
    assertThat(s.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
    assertThat(s.refreshAhead()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.staleIfError()).isEqualTo(Duration.ofHours(1));
    assertThat(s.maxResponseBytes()).isEqualTo(65536);
    assertThat(s.clockSkew()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void from_auth0Domain_derivesKeysUrlAndIssuer() {
    JwksSettings s = read(Map.of("auth0-domain", "https://Tenant.EU.auth0.com/"));
    assertThat(s.endpoint())
        .isEqualTo(URI.create("https://tenant.eu.auth0.com/.well-known/jwks.json"));
    assertThat(s.issuer()).isEqualTo("https://tenant.eu.auth0.com/");
    assertThat(s.discovery()).isFalse();
  }

  @Test
  void from_issuerOnly_discoversKeysFromOpenIdConfiguration() {
    JwksSettings s = read(Map.of("issuer", "https://login.example.com/realms/demo/"));
    assertThat(s.discovery()).isTrue();
    assertThat(s.endpoint())
        .isEqualTo(
            URI.create("https://login.example.com/realms/demo/.well-known/openid-configuration"));
    assertThat(s.issuer()).isEqualTo("https://login.example.com/realms/demo/");
  }

  @Test
  void from_jwksUriAndIssuer_checksIssuerWithoutDiscovery() {
    JwksSettings s =
        read(Map.of("jwks-uri", "https://idp.example.com/keys", "issuer", "urn:example:issuer"));
    assertThat(s.discovery()).isFalse();
    assertThat(s.issuer()).isEqualTo("urn:example:issuer");
  }

  @Test
  void from_noKeySource_namesTheKeysToSet() {
    assertThat(problems(Map.of("audience", "api")))
        .singleElement()
        .asString()
        .contains("wsgate.provider.jwks.jwks-uri")
        .contains("auth0-domain")
        .contains("issuer");
  }

  @Test
  void from_jwksUriAndAuth0Domain_rejected() {
    assertThat(problems(Map.of("jwks-uri", "https://a/keys", "auth0-domain", "t.auth0.com")))
        .singleElement()
        .asString()
        .contains("wsgate.provider.jwks.jwks-uri")
        .contains("wsgate.provider.jwks.auth0-domain");
  }

  @Test
  void from_auth0DomainWithOtherIssuer_rejected() {
    assertThat(problems(Map.of("auth0-domain", "t.auth0.com", "issuer", "https://x/")))
        .singleElement()
        .asString()
        .startsWith("wsgate.provider.jwks.issuer");
  }

  @Test
  void from_severalBadValues_reportsEveryOneAtOnce() {
    List<String> p =
        problems(
            Map.of(
                "jwks-uri", "ftp://keys",
                "algorithms", "RS256,HS256,none",
                "read-timeout", "soon",
                "max-response-bytes", "10"));
    assertThat(String.join("\n", p))
        .contains("wsgate.provider.jwks.jwks-uri")
        .contains("wsgate.provider.jwks.algorithms contains 'HS256'")
        .contains("wsgate.provider.jwks.algorithms contains 'none'")
        .contains("wsgate.provider.jwks.read-timeout")
        .contains("wsgate.provider.jwks.max-response-bytes");
  }

  @Test
  void from_cacheTtlShorterThanRefreshAheadPlusTimeouts_rejected() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "jwks-uri", "https://a/keys",
                        "cache-ttl", "30s",
                        "refresh-ahead", "30s")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("wsgate.provider.jwks.cache-ttl");
  }

  @Test
  void from_zeroTimeout_rejected() {
    assertThat(problems(Map.of("jwks-uri", "https://a/keys", "connect-timeout", "0ms")))
        .anyMatch(p -> p.startsWith("wsgate.provider.jwks.connect-timeout"));
  }

  @Test
  void from_badAuth0DomainOrIssuer_rejected() {
    assertThat(problems(Map.of("auth0-domain", "not a host/")))
        .anyMatch(p -> p.startsWith("wsgate.provider.jwks.auth0-domain"));
    assertThat(problems(Map.of("issuer", "urn:not-a-url")))
        .anyMatch(p -> p.startsWith("wsgate.provider.jwks.issuer"));
  }
}
