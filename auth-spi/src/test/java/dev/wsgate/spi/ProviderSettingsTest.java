package dev.wsgate.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.internal.SettingsKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class ProviderSettingsTest {
  private static final String PREFIX = "wsgate.provider.hmac.";
  private static final String SECRET = "correct-horse-battery-staple-0123456789";

  private static ProviderSettings settings(Map<String, String> values) {
    return ProviderSettings.builder(PREFIX).values(values).env(name -> null).build();
  }

  private static ProviderSettings settings(Map<String, String> values, Map<String, String> env) {
    return ProviderSettings.builder(PREFIX).values(values).env(env::get).build();
  }

  @Test
  void key_relativeName_isPrefixed() {
    assertThat(settings(Map.of()).key("secret")).isEqualTo("wsgate.provider.hmac.secret");
  }

  @Test
  void builder_prefixWithoutDot_throws() {
    assertThatThrownBy(() -> ProviderSettings.builder("wsgate.provider.hmac"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("end with a dot");
  }

  @Test
  void string_setValue_isTrimmed() {
    assertThat(settings(Map.of("issuer", "  https://issuer.test  ")).string("issuer", "x"))
        .isEqualTo("https://issuer.test");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t"})
  void string_blankValue_givesFallback(String blank) {
    assertThat(settings(Map.of("issuer", blank)).string("issuer", "fallback"))
        .isEqualTo("fallback");
  }

  @Test
  void required_missing_namesFullKey() {
    assertThatThrownBy(() -> settings(Map.of()).required("issuer"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("wsgate.provider.hmac.issuer is required but not set");
  }

  @ParameterizedTest
  @CsvSource({"42, 42", "' 7 ', 7", "1, 1", "100, 100"})
  void integer_validValue_isParsed(String raw, int expected) {
    assertThat(settings(Map.of("size", raw)).integer("size", 0, 1, 100)).isEqualTo(expected);
  }

  @Test
  void integer_notSet_givesFallback() {
    assertThat(settings(Map.of()).integer("size", 9, 1, 100)).isEqualTo(9);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "abc | wsgate.provider.hmac.size expected an integer, got 'abc'",
        "1.5 | wsgate.provider.hmac.size expected an integer, got '1.5'",
        "0 | wsgate.provider.hmac.size expected an integer from 1 to 100, got 0",
        "101 | wsgate.provider.hmac.size expected an integer from 1 to 100, got 101",
        "99999999999 | wsgate.provider.hmac.size expected an integer, got '99999999999'"
      })
  void integer_malformed_namesKeyAndExpectation(String raw, String message) {
    assertThatThrownBy(() -> settings(Map.of("size", raw)).integer("size", 0, 1, 100))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({"true, true", "FALSE, false", "True, true", "' false ', false"})
  void bool_validValue_isParsed(String raw, boolean expected) {
    assertThat(settings(Map.of("check-revoked", raw)).bool("check-revoked", !expected))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", "on", "tru"})
  void bool_malformed_namesKeyAndExpectation(String raw) {
    assertThatThrownBy(() -> settings(Map.of("check-revoked", raw)).bool("check-revoked", false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("wsgate.provider.hmac.check-revoked expected true or false, got '" + raw + "'");
  }

  @ParameterizedTest
  @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "1h, PT1H", "0s, PT0S", "2H, PT2H"})
  void duration_validValue_isParsed(String raw, Duration expected) {
    assertThat(settings(Map.of("cache-ttl", raw)).duration("cache-ttl", Duration.ZERO))
        .isEqualTo(expected);
  }

  @Test
  void duration_notSet_givesFallback() {
    assertThat(settings(Map.of()).duration("cache-ttl", Duration.ofMinutes(5)))
        .isEqualTo(Duration.ofMinutes(5));
  }

  @ParameterizedTest
  @ValueSource(strings = {"30", "1.5s", "-1s", "30 seconds", "PT30S", "5 m", "s", "1w"})
  void duration_malformed_namesKeyAndExpectation(String raw) {
    assertThatThrownBy(
            () -> settings(Map.of("cache-ttl", raw)).duration("cache-ttl", Duration.ZERO))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "wsgate.provider.hmac.cache-ttl expected a duration such as 500ms, 30s, 5m or 1h,"
                + " got '"
                + raw
                + "'");
  }

  @Test
  void list_commaSeparated_isTrimmedWithoutEmptyEntries() {
    assertThat(
            settings(Map.of("algorithms", " HS256, HS384 ,,HS512 ")).list("algorithms", List.of()))
        .containsExactly("HS256", "HS384", "HS512");
  }

  @Test
  void list_notSet_givesFallback() {
    assertThat(settings(Map.of()).list("algorithms", List.of("HS256"))).containsExactly("HS256");
  }

  @Test
  void url_httpsUrl_isParsed() {
    assertThat(settings(Map.of("jwks-uri", "https://idp.test/jwks.json")).url("jwks-uri"))
        .hasValueSatisfying(u -> assertThat(u.getHost()).isEqualTo("idp.test"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://idp.test/jwks", "/jwks.json", "https://", "not a url"})
  void url_notAbsoluteHttp_namesKeyAndExpectation(String raw) {
    assertThatThrownBy(() -> settings(Map.of("jwks-uri", raw)).url("jwks-uri"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("wsgate.provider.hmac.jwks-uri expected an absolute http(s) URL");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://admin:pa55word@idp.test/jwks", "ftp://admin:pa55word@idp.test"})
  void url_withUserInfo_isRejectedWithoutEchoingIt(String raw) {
    assertThatThrownBy(() -> settings(Map.of("jwks-uri", raw)).url("jwks-uri"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "wsgate.provider.hmac.jwks-uri expected an absolute http(s) URL without user info");
  }

  @Test
  void secret_literal_isReadAndPrintsMasked() {
    Secret secret = settings(Map.of("secret", SECRET)).secret("secret");
    assertThat(secret.reveal()).isEqualTo(SECRET);
    assertThat(secret).hasToString("****");
  }

  @Test
  void secret_missing_namesFullKey() {
    assertThatThrownBy(() -> settings(Map.of()).secret("secret"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("wsgate.provider.hmac.secret is required but not set");
  }

  @Test
  void optionalSecret_notSet_isEmpty() {
    assertThat(settings(Map.of()).optionalSecret("secret")).isEmpty();
  }

  @Test
  void secret_envPlaceholder_isResolvedThroughBuilderEnv() {
    ProviderSettings s =
        settings(
            Map.of("secret", "${env:WSGATE_HMAC_SECRET}"), Map.of("WSGATE_HMAC_SECRET", SECRET));
    assertThat(s.secret("secret").reveal()).isEqualTo(SECRET);
  }

  @Test
  void string_envPlaceholderInsideText_isReplacedInPlace() {
    ProviderSettings s =
        settings(Map.of("issuer", "https://${env:IDP_HOST}/realm"), Map.of("IDP_HOST", "idp.test"));
    assertThat(s.required("issuer")).isEqualTo("https://idp.test/realm");
  }

  @Test
  void string_resolvedValueContainingPlaceholder_isNotResolvedAgain() {
    ProviderSettings s = settings(Map.of("issuer", "${env:A}"), Map.of("A", "${file:/etc/passwd}"));
    assertThat(s.required("issuer")).isEqualTo("${file:/etc/passwd}");
  }

  @Test
  void secret_missingEnvVariable_namesKeyAndVariable() {
    assertThatThrownBy(
            () -> settings(Map.of("secret", "${env:WSGATE_HMAC_SECRET}")).secret("secret"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "wsgate.provider.hmac.secret environment variable WSGATE_HMAC_SECRET is not set");
  }

  @Test
  void secret_filePlaceholder_readsFileWithoutTrailingLineBreak(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("hmac.secret");
    Files.writeString(file, SECRET + "\n", StandardCharsets.UTF_8);
    ProviderSettings s = settings(Map.of("secret", "${file:" + file + "}"));
    assertThat(s.secret("secret").reveal()).isEqualTo(SECRET);
  }

  @Test
  void secret_missingFile_namesKeyAndPathButNoValue(@TempDir Path dir) {
    Path file = dir.resolve("absent.secret");
    assertThatThrownBy(() -> settings(Map.of("secret", "${file:" + file + "}")).secret("secret"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("wsgate.provider.hmac.secret cannot read file " + file);
  }

  @Test
  void secret_unknownPlaceholder_messageShowsNoPartOfTheValue() {
    String value = "pre${Zqvwx:s3cr3t}post";
    assertThatThrownBy(() -> settings(Map.of("secret", value)).secret("secret"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("wsgate.provider.hmac.secret ")
        .hasMessageContaining("${env:NAME} or ${file:PATH}")
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("Zqvwx")
                    .doesNotContain("s3cr3t")
                    .doesNotContain("pre")
                    .doesNotContain("post"));
  }

  @Test
  void problem_providerSpecificCheck_namesKeyNotValue() {
    ProviderSettings s = settings(Map.of("secret", SECRET));
    ConfigurationException e =
        s.problem(
            "secret",
            "must have at least 256 bits for HS256, got " + 8 * s.secret("secret").length());
    assertThat(e)
        .hasMessage("wsgate.provider.hmac.secret must have at least 256 bits for HS256, got 312");
    assertThat(e.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void problems_severalBadKeys_reportsEveryProblemTogetherAndReturnsFallbacks() {
    ProviderSettings s =
        settings(
            Map.of(
                "size", "big",
                "cache-ttl", "soon",
                "check-revoked", "maybe",
                "issuer", "https://issuer.test"));
    ProviderSettings.Problems problems = new ProviderSettings.Problems();
    problems.check(() -> s.secret("secret"));
    int size = problems.read(() -> s.integer("size", 1, 1, 10), 7);
    String issuer = problems.read(() -> s.required("issuer"), "");
    Duration ttl = problems.read(() -> s.duration("cache-ttl", Duration.ZERO), Duration.ofDays(1));
    boolean revoked = problems.read(() -> s.bool("check-revoked", false), true);
    problems.add(s.key("extra") + " is wrong for a reason of the provider's own");
    assertThat(size).isEqualTo(7);
    assertThat(issuer).isEqualTo("https://issuer.test");
    assertThat(ttl).isEqualTo(Duration.ofDays(1));
    assertThat(revoked).isTrue();
    assertThat(problems.isEmpty()).isFalse();
    assertThatThrownBy(problems::throwIfAny)
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "wsgate.provider.hmac.secret is required but not set",
                        "wsgate.provider.hmac.size expected an integer, got 'big'",
                        "wsgate.provider.hmac.cache-ttl expected a duration such as 500ms, 30s,"
                            + " 5m or 1h, got 'soon'",
                        "wsgate.provider.hmac.check-revoked expected true or false, got 'maybe'",
                        "wsgate.provider.hmac.extra is wrong for a reason of the provider's own"))
        .hasMessageContaining("wsgate.provider.hmac.size")
        .hasMessageContaining("wsgate.provider.hmac.check-revoked");
  }

  @Test
  void problems_everyReadSucceeds_returnsValuesAndDoesNotThrow() {
    ProviderSettings s = settings(Map.of("secret", SECRET, "size", "3"));
    ProviderSettings.Problems problems = new ProviderSettings.Problems();
    problems.check(() -> s.secret("secret"));
    assertThat(problems.read(() -> s.integer("size", 1, 1, 10), 0)).isEqualTo(3);
    problems.throwIfAny();
    assertThat(problems.list()).isEmpty();
    assertThat(SettingsKeys.read(s)).containsExactly("secret", "size");
  }

  @Test
  void requiredForms_setValues_areParsed() {
    ProviderSettings s =
        settings(
            Map.of(
                "n", "5",
                "on", "true",
                "ttl", "30s",
                "names", "a, b",
                "url", "https://as.example.com/introspect"));
    assertThat(s.requiredInteger("n", 1, 10)).isEqualTo(5);
    assertThat(s.requiredBool("on")).isTrue();
    assertThat(s.requiredDuration("ttl")).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.requiredList("names")).containsExactly("a", "b");
    assertThat(s.requiredUrl("url")).hasHost("as.example.com");
  }

  @ParameterizedTest
  @ValueSource(strings = {"n", "on", "ttl", "names", "url", "secret"})
  void requiredForms_missing_nameTheFullKey(String name) {
    ProviderSettings s = settings(Map.of());
    List<Runnable> reads =
        List.of(
            () -> s.requiredInteger("n", 1, 10),
            () -> s.requiredBool("on"),
            () -> s.requiredDuration("ttl"),
            () -> s.requiredList("names"),
            () -> s.requiredUrl("url"),
            () -> s.secret("secret"));
    Runnable read = reads.get(List.of("n", "on", "ttl", "names", "url", "secret").indexOf(name));
    assertThatThrownBy(read::run)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("wsgate.provider.hmac." + name + " is required but not set");
  }

  @Test
  void requiredForms_malformed_nameKeyAndExpectation() {
    ProviderSettings s =
        settings(Map.of("n", "11", "url", "ftp://x.example.com", "names", " , ", "on", "yes"));
    assertThatThrownBy(() -> s.requiredInteger("n", 1, 10))
        .hasMessageStartingWith("wsgate.provider.hmac.n ");
    assertThatThrownBy(() -> s.requiredUrl("url"))
        .hasMessageContaining("wsgate.provider.hmac.url expected an absolute http(s) URL");
    assertThatThrownBy(() -> s.requiredList("names"))
        .hasMessage("wsgate.provider.hmac.names is required but lists nothing");
    assertThatThrownBy(() -> s.requiredBool("on"))
        .hasMessage("wsgate.provider.hmac.on expected true or false, got 'yes'");
  }

  @Test
  void optionalForms_notSet_giveFallbackOrEmpty() {
    ProviderSettings s = settings(Map.of());
    assertThat(s.url("url")).isEmpty();
    assertThat(s.optionalSecret("secret")).isEmpty();
    assertThat(s.optional("issuer")).isEmpty();
  }

  @Test
  void keysRead_recordsEveryRead_keysPresentListsSetKeys() {
    ProviderSettings s = settings(Map.of("secret", SECRET, "typo", "x"));
    s.secret("secret");
    s.optional("issuer");
    assertThat(SettingsKeys.read(s)).containsExactly("secret", "issuer");
    assertThat(SettingsKeys.present(s)).containsExactly("secret", "typo");
  }

  @Test
  void toString_listsKeysNeverValues() {
    assertThat(settings(Map.of("secret", SECRET)).toString())
        .contains("wsgate.provider.hmac.")
        .contains("secret")
        .doesNotContain(SECRET);
  }

  @Test
  void builder_defaults_areDocumented() {
    ProviderSettings s = ProviderSettings.builder(PREFIX).build();
    assertThat(s.tenant()).isEqualTo("default");
    assertThat(s.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.allowedOrigins()).isEmpty();
  }

  @Test
  void builder_negativeClockSkew_throws() {
    assertThatThrownBy(() -> ProviderSettings.builder(PREFIX).clockSkew(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
