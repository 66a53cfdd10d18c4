package dev.wsgate.provider.introspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.ProviderSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class IntrospectionSettingsTest {
  private static ProviderSettings settings(Map<String, String> values) {
    return ProviderSettings.builder("wsgate.provider.introspection.")
        .values(values)
        .env(n -> null)
        .build();
  }

  @Test
  void from_minimalSettings_appliesEveryDefault() {
    IntrospectionSettings s =
        IntrospectionSettings.from(
            settings(
                Map.of(
                    "url", "https://as.example.com/oauth2/introspect",
                    "client-id", "gate",
                    "client-secret", "s3cret")));
    assertThat(s.clientAuth()).isEqualTo(IntrospectionSettings.CLIENT_SECRET_BASIC);
    assertThat(s.tokenTypeHint()).isEqualTo("access_token");
    assertThat(s.connectTimeout()).isEqualTo(IntrospectionSettings.DEFAULT_CONNECT_TIMEOUT);
    assertThat(s.readTimeout()).isEqualTo(IntrospectionSettings.DEFAULT_READ_TIMEOUT);
    assertThat(s.maxResponseBytes()).isEqualTo(IntrospectionSettings.DEFAULT_MAX_RESPONSE_BYTES);
    assertThat(s.cacheMaxAge()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.issuer()).isEmpty();
    assertThat(s.audience()).isEmpty();
    assertThat(s.requiredScopes()).isEmpty();
    assertThat(s.toString()).contains("clientSecret=****").doesNotContain("s3cret");
  }

  @Test
  void from_everyKeyWrong_reportsEveryProblemAtOnceWithoutTheSecret() {
    ConfigurationException e =
        catchThrowableOfType(
            () ->
                IntrospectionSettings.from(
                    settings(
                        Map.of(
                            "url", "https://as.example.com/introspect?x=1",
                            "client-auth", "private_key_jwt",
                            "connect-timeout", "0s",
                            "read-timeout", "soon",
                            "cache-max-age", "0s",
                            "max-response-bytes", "10"))),
            ConfigurationException.class);
    assertThat(e.problems())
        .anyMatch(p -> p.startsWith("wsgate.provider.introspection.client-id is required"))
        .anyMatch(p -> p.startsWith("wsgate.provider.introspection.client-secret is required"))
        .anyMatch(
            p -> p.startsWith("wsgate.provider.introspection.client-auth is 'private_key_jwt'"))
        .anyMatch(p -> p.startsWith("wsgate.provider.introspection.connect-timeout must be"))
        .anyMatch(p -> p.startsWith("wsgate.provider.introspection.read-timeout expected"))
        .anyMatch(p -> p.startsWith("wsgate.provider.introspection.cache-max-age must be"))
        .anyMatch(p -> p.startsWith("wsgate.provider.introspection.max-response-bytes"))
        .anyMatch(p -> p.startsWith("wsgate.provider.introspection.url must have no query"));
  }

  @Test
  void from_noUrl_namesTheKey() {
    ConfigurationException e =
        catchThrowableOfType(
            () ->
                IntrospectionSettings.from(
                    settings(Map.of("client-id", "gate", "client-secret", "s3cret"))),
            ConfigurationException.class);
    assertThat(e.problems())
        .containsExactly("wsgate.provider.introspection.url is required but not set");
  }

  @Test
  void from_clientSecretPost_isAccepted() {
    IntrospectionSettings s =
        IntrospectionSettings.from(
            settings(
                Map.of(
                    "url", "http://127.0.0.1:9/introspect",
                    "client-id", "gate",
                    "client-secret", "s3cret",
                    "client-auth", "client_secret_post",
                    "audience", "api, ws",
                    "required-scopes", "chat:read")));
    assertThat(s.clientAuth()).isEqualTo("client_secret_post");
    assertThat(s.audience()).containsExactly("api", "ws");
    assertThat(s.requiredScopes()).containsExactly("chat:read");
  }
}
