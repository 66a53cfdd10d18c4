package dev.wsgate.provider.hmac;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.ProviderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class HmacSettingsTest {
  private static ProviderSettings.Builder settings(Map<String, String> values) {
    return ProviderSettings.builder("wsgate.provider.hmac.").values(values);
  }

  private static ConfigurationException failure(Map<String, String> values) {
    return (ConfigurationException)
        org.assertj.core.api.Assertions.catchThrowable(
            () -> HmacSettings.from(settings(values).build()));
  }

  @Test
  void from_defaults_hs256AndNoIssuerOrAudience() {
    HmacSettings s =
        HmacSettings.from(
            settings(Map.of("secret", TestJwts.SECRET)).clockSkew(Duration.ofSeconds(5)).build());
    assertThat(s.algorithms()).containsExactly("HS256");
    assertThat(s.requiredIssuer()).isEmpty();
    assertThat(s.requiredAudience()).isEmpty();
    assertThat(s.requiredClaims()).isEmpty();
    assertThat(s.clockSkew()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.toString()).contains("secret=****").doesNotContain(TestJwts.SECRET);
  }

  @Test
  void from_missingSecret_namesFullKey() {
    assertThat(failure(Map.of()).problems())
        .singleElement()
        .asString()
        .contains("wsgate.provider.hmac.secret")
        .contains("required");
  }

  @Test
  void from_secretShorterThanHash_failsWithoutEchoingIt() {
    String secret = "x".repeat(31) + "SECRETVALUE";
    ConfigurationException e = failure(Map.of("secret", secret.substring(11)));
    assertThat(e).hasMessageContaining("wsgate.provider.hmac.secret").hasMessageContaining("256");
    assertThat(e.getMessage()).doesNotContain("xxxxxxxx");
  }

  @Test
  void from_hs512WithA256BitSecret_fails() {
    ConfigurationException e =
        failure(Map.of("secret", "k".repeat(32), "algorithms", "HS256,HS512"));
    assertThat(e).hasMessageContaining("wsgate.provider.hmac.secret").hasMessageContaining("512");
  }

  @Test
  void from_asymmetricAlgorithm_namesAlgorithmsKey() {
    assertThat(failure(Map.of("secret", TestJwts.SECRET, "algorithms", "HS256,RS256")))
        .hasMessageContaining("wsgate.provider.hmac.algorithms")
        .hasMessageContaining("RS256");
  }

  @Test
  void from_severalProblems_reportedTogether() {
    List<String> problems =
        failure(Map.of("algorithms", "none", "required-claims", "${env:NOPE}")).problems();
    assertThat(problems).hasSize(3);
    assertThat(String.join("\n", problems))
        .contains("wsgate.provider.hmac.algorithms")
        .contains("wsgate.provider.hmac.secret")
        .contains("wsgate.provider.hmac.required-claims");
  }

  @Test
  void from_secretFromEnvAndFile_resolved(@TempDir Path dir) throws Exception {
    HmacSettings fromEnv =
        HmacSettings.from(
            settings(Map.of("secret", "${env:HMAC_SECRET}"))
                .env(Map.of("HMAC_SECRET", TestJwts.SECRET)::get)
                .build());
    assertThat(fromEnv.secret().reveal()).isEqualTo(TestJwts.SECRET);

    Path file = Files.writeString(dir.resolve("secret"), TestJwts.SECRET + "\n");
    HmacSettings fromFile =
        HmacSettings.from(settings(Map.of("secret", "${file:" + file + "}")).build());
    assertThat(fromFile.secret().reveal()).isEqualTo(TestJwts.SECRET);
  }
}
