package dev.wsgate.provider.clerk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.ProviderSettings;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up validation: every bad key named in full, all problems at once, no secret shown. */
final class ClerkSettingsTest {
  private static final String PREFIX = "wsgate.tenant.acme.provider.clerk.";
  private static final String SECRET = "sk_live_doNotPrintThisSecret";

  private static ProviderSettings settings(Map<String, String> values, List<String> origins) {
    return ProviderSettings.builder(PREFIX).values(values).allowedOrigins(origins).build();
  }

  private static ClerkSettings read(Map<String, String> values) {
    return ClerkSettings.from(settings(values, List.of(ClerkTokens.APP)));
  }

  private static ConfigurationException problem(Map<String, String> values, List<String> origins) {
    ConfigurationException e =
        catchThrowableOfType(
            ConfigurationException.class, () -> ClerkSettings.from(settings(values, origins)));
    assertThat(e).as("a configuration error").isNotNull();
    assertThat(e.getMessage()).doesNotContain(SECRET);
    return e;
  }

  private static ConfigurationException problem(Map<String, String> values) {
    return problem(values, List.of(ClerkTokens.APP));
  }

  @Test
  void from_jwtKey_defaultsInOnePlace() {
    ClerkSettings s = read(Map.of("jwt-key", ClerkTokens.pem(ClerkTokens.KEY_A)));
    assertThat(s.networkless()).isTrue();
    assertThat(s.apiUrl()).isEqualTo(ClerkSettings.DEFAULT_API_URL);
    assertThat(s.authorizedParties()).containsExactly(ClerkTokens.APP);
    assertThat(s.issuer()).isEmpty();
    assertThat(s.cacheTtl()).isEqualTo(ClerkSettings.DEFAULT_CACHE_TTL);
  }

  @Test
  void from_pemWithEscapedLineBreaks_accepted() {
    String oneLine = ClerkTokens.pem(ClerkTokens.KEY_A).replace("\n", "\\n");
    assertThat(read(Map.of("jwt-key", oneLine)).jwtKeyPem())
        .isEqualTo(ClerkTokens.pem(ClerkTokens.KEY_A));
  }

  @Test
  void from_neitherKey_namesBothKeys() {
    assertThat(problem(Map.of()).getMessage())
        .contains(PREFIX + "jwt-key")
        .contains(PREFIX + "secret-key");
  }

  @Test
  void from_bothKeys_rejected() {
    assertThat(
            problem(Map.of("jwt-key", ClerkTokens.pem(ClerkTokens.KEY_A), "secret-key", SECRET))
                .getMessage())
        .contains("set only one");
  }

  @Test
  void from_weakRsaKey_namesJwtKey() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(1024);
    KeyPair weak = g.generateKeyPair();
    assertThat(problem(Map.of("jwt-key", ClerkTokens.pem(weak))).getMessage())
        .contains(PREFIX + "jwt-key");
  }

  @Test
  void from_publishableKeyAsSecretKey_rejected() {
    assertThat(problem(Map.of("secret-key", "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k")).getMessage())
        .contains(PREFIX + "secret-key")
        .contains("publishable")
        .doesNotContain("pk_test_Y2xlcmsuZXhhbXBsZS5jb20k");
  }

  @Test
  void from_plainHttpApiUrlOffLoopback_rejected() {
    assertThat(
            problem(Map.of("secret-key", SECRET, "api-url", "http://clerk-mirror.internal"))
                .getMessage())
        .contains(PREFIX + "api-url")
        .contains("https");
  }

  @Test
  void from_apiUrlWithQuery_namesApiUrl() {
    assertThat(
            problem(Map.of("secret-key", SECRET, "api-url", "https://api.clerk.com/?v=1"))
                .getMessage())
        .contains(PREFIX + "api-url");
  }

  @Test
  void from_noAuthorizedParties_defaultsToExactOriginsOnly() {
    ClerkSettings s =
        ClerkSettings.from(
            settings(
                Map.of("jwt-key", ClerkTokens.pem(ClerkTokens.KEY_A)),
                List.of(
                    "https://*.example.com", "HTTPS://App.Example.com:443", "http://localhost:*")));
    assertThat(s.authorizedParties()).containsExactly("https://app.example.com");
  }

  @Test
  void from_onlyWildcardOriginsAndNoAuthorizedParties_namesAuthorizedParties() {
    ConfigurationException e =
        problem(
            Map.of("jwt-key", ClerkTokens.pem(ClerkTokens.KEY_A)),
            List.of("https://*.example.com"));
    assertThat(e.getMessage()).contains(PREFIX + "authorized-parties");
  }

  @Test
  void from_explicitAuthorizedParties_replaceTheDefault() {
    ClerkSettings s =
        read(
            Map.of(
                "jwt-key",
                ClerkTokens.pem(ClerkTokens.KEY_A),
                "authorized-parties",
                "https://a.example.com, http://localhost:3000"));
    assertThat(s.authorizedParties())
        .containsExactly("https://a.example.com", "http://localhost:3000");
  }

  @Test
  void from_authorizedPartyWithPath_namesKey() {
    assertThat(
            problem(
                    Map.of(
                        "jwt-key",
                        ClerkTokens.pem(ClerkTokens.KEY_A),
                        "authorized-parties",
                        "https://a.example.com/app"))
                .getMessage())
        .contains(PREFIX + "authorized-parties");
  }

  @Test
  void from_severalBadKeys_reportsAllAtOnce() {
    ConfigurationException e =
        problem(
            Map.of(
                "secret-key", SECRET,
                "api-url", "ftp://nowhere",
                "read-timeout", "soon",
                "connect-timeout", "0s"));
    assertThat(e.problems()).hasSize(3);
    assertThat(e.getMessage())
        .contains(PREFIX + "api-url")
        .contains(PREFIX + "read-timeout")
        .contains(PREFIX + "connect-timeout");
  }

  @Test
  void toString_secretKeyMode_neverShowsTheSecret() {
    ClerkSettings s = read(Map.of("secret-key", SECRET));
    assertThat(s.toString()).doesNotContain(SECRET).contains("secret-key");
    assertThat(new ClerkTokenVerifier(s, ClerkKeys.fixed("")).toString()).doesNotContain(SECRET);
  }

  @Test
  void jwksUri_apiUrlWithOrWithoutSlash_appendsV1Jwks() {
    assertThat(read(Map.of("secret-key", SECRET, "api-url", "https://m.example/clerk/")).jwksUri())
        .hasToString("https://m.example/clerk/v1/jwks");
    assertThat(read(Map.of("secret-key", SECRET)).jwksUri())
        .hasToString("https://api.clerk.com/v1/jwks");
  }
}
