package dev.wsgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.server.cli.CheckConfigCommand;
import dev.wsgate.server.config.ConfigLoader;
import dev.wsgate.server.config.Configuration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's subcommands, run in process through {@link Main#run}. */
final class DevToolsTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef-tools";

  private final Map<String, String> env = new HashMap<>(Map.of("HMAC_SECRET", SECRET));
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static Path config(Path dir, String... lines) throws Exception {
    Path f = dir.resolve("wsgate.properties");
    Files.writeString(f, String.join("\n", lines) + "\n");
    return f;
  }

  private static Path hmacConfig(Path dir) throws Exception {
    return config(
        dir,
        "wsgate.origins=https://app.example.com,https://*.example.com",
        "wsgate.provider=hmac",
        "wsgate.provider.hmac.secret=${env:HMAC_SECRET}",
        "wsgate.provider.hmac.issuer=https://issuer.example.com",
        "wsgate.provider.hmac.audience=my-api",
        "wsgate.admin.port=9090");
  }

  @Test
  void token_withConfig_printsATokenTheConfiguredGateAccepts(@TempDir Path dir) throws Exception {
    Path file = hmacConfig(dir);

    int code = run("token", "--sub", "alice", "--ttl", "10m", "--config", file.toString());

    assertThat(code).isZero();
    String token = out().trim();
    assertThat(token.split("\\.")).hasSize(3);
    try (Configuration c =
        new ConfigLoader(
                ProviderRegistry.load(getClass().getClassLoader()), env::get, Clock.systemUTC())
            .load(file)) {
      Decision d =
          c.gate()
              .evaluate(
                  HandshakeRequest.of(
                      "/ws?token=" + token,
                      Headers.builder().add("Origin", "https://app.example.com").build(),
                      "127.0.0.1"));
      assertThat(d).isInstanceOf(Decision.Accepted.class);
      assertThat(((Decision.Accepted) d).token().subject()).isEqualTo("alice");
      assertThat(((Decision.Accepted) d).token().issuer()).contains("https://issuer.example.com");
    }
  }

  @Test
  void token_withoutConfigOrDevSecret_isAUsageError() {
    assertThat(run("token", "--sub", "alice")).isEqualTo(Main.EXIT_USAGE);
    assertThat(err()).contains("WSGATE_DEV_SECRET");
  }

  @Test
  void token_withoutSubject_isAUsageError(@TempDir Path dir) throws Exception {
    assertThat(run("token", "--config", hmacConfig(dir).toString())).isEqualTo(Main.EXIT_USAGE);
    assertThat(err()).contains("--sub is required");
  }

  @Test
  void token_devSecret_mintsForDevModeNeverPrintingTheSecret() {
    env.put("WSGATE_DEV_SECRET", SECRET);

    assertThat(run("token", "--sub", "bob", "--ttl", "5m")).isZero();

    assertThat(out().trim().split("\\.")).hasSize(3);
    assertThat(out() + err()).doesNotContain(SECRET);
  }

  @Test
  void checkConfig_validFile_printsPolicyPerTenantWithoutSecrets(@TempDir Path dir)
      throws Exception {
    Path file =
        config(
            dir,
            "wsgate.tenants=acme,globex",
            "wsgate.tenant.resolver=host",
            "wsgate.tenant.acme.hosts=acme.example.com",
            "wsgate.tenant.acme.origins=https://acme.example.com",
            "wsgate.tenant.globex.hosts=globex.example.com",
            "wsgate.tenant.globex.origins=https://*.globex.example",
            "wsgate.tenant.globex.extractors=header",
            "wsgate.tenant.globex.origins.allow-missing=true",
            "wsgate.provider=hmac",
            "wsgate.provider.hmac.secret=${env:HMAC_SECRET}",
            "wsgate.tenant.globex.provider.hmac.secret=" + SECRET);

    assertThat(run("check-config", file.toString())).isZero();

    assertThat(out())
        .contains("configuration OK: 2 tenant(s), provider(s) hmac")
        .contains("tenant acme")
        .contains("  route      host acme.example.com")
        .contains("  origins    https://acme.example.com (no Origin: refused)")
        .contains("  extractors query(token), cookie(wsgate_token), subprotocol(bearer.)")
        .contains("  provider   hmac (settings wsgate.provider.hmac.*)")
        .contains("  key source shared secret ${env:HMAC_SECRET}")
        .contains("tenant globex")
        .contains("  extractors header(Authorization: Bearer)")
        .contains("  provider   hmac (settings wsgate.tenant.globex.provider.hmac.*)")
        .contains("secret = **** (inline")
        .doesNotContain(SECRET);
  }

  @Test
  void shown_secretLookingSettings_maskedUnlessReferences() {
    assertThat(CheckConfigCommand.shown("secret", "abc")).startsWith("****");
    assertThat(CheckConfigCommand.shown("client-secret", "abc")).startsWith("****");
    assertThat(CheckConfigCommand.shown("Admin-Token", "abc")).startsWith("****");
    assertThat(CheckConfigCommand.shown("secret", "${env:S}")).isEqualTo("${env:S}");
    assertThat(CheckConfigCommand.shown("jwks-uri", "https://idp/jwks"))
        .isEqualTo("https://idp/jwks");
  }

  @Test
  void checkConfig_badFile_listsProblemsAndExits78(@TempDir Path dir) throws Exception {
    Path file = config(dir, "wsgate.orgins=https://a.example.com", "wsgate.provider=hmac");

    assertThat(run("check-config", file.toString())).isEqualTo(Main.EXIT_CONFIG);

    assertThat(err()).contains("unknown key wsgate.orgins; did you mean wsgate.origins?");
  }

  @Test
  void explainOrigin_allowed_namesThePattern(@TempDir Path dir) throws Exception {
    assertThat(run("explain-origin", hmacConfig(dir).toString(), "https://a.example.com:443"))
        .isZero();

    assertThat(out())
        .contains("tenant default: ALLOWED https://a.example.com by pattern https://*.example.com");
  }

  @Test
  void explainOrigin_rejected_saysWhyEachPatternFails(@TempDir Path dir) throws Exception {
    Path file = hmacConfig(dir);

    assertThat(run("explain-origin", file.toString(), "https://evil-example.com")).isEqualTo(1);
    assertThat(out())
        .contains("tenant default: REJECTED (origin 'https://evil-example.com' is not allowed)")
        .contains("https://app.example.com: host evil-example.com is not app.example.com")
        .contains(
            "https://*.example.com: evil-example.com only ends like example.com but is not a"
                + " subdomain of it");

    out.reset();
    assertThat(run("explain-origin", file.toString(), "http://example.com")).isEqualTo(1);
    assertThat(out())
        .contains(
            "https://*.example.com: scheme http is not https; port 80 is not 443;"
                + " *.example.com matches subdomains only, never example.com itself");
  }

  @Test
  void checkConfig_entriesInOtherSpellings_printsThemAsBrowsersSendThem(@TempDir Path dir)
      throws Exception {
    Path file =
        config(
            dir,
            "wsgate.origins=http://127.1:3000, http://[0:0::1]:*, https://app.example.com",
            "wsgate.provider=hmac",
            "wsgate.provider.hmac.secret=${env:HMAC_SECRET}");

    assertThat(run("check-config", file.toString())).isZero();

    assertThat(out())
        .contains(
            "  origins    http://127.0.0.1:3000, http://[::1]:*, https://app.example.com"
                + " (no Origin: refused)")
        .contains(
            "  rewritten  'http://127.1:3000' as http://127.0.0.1:3000 (the form browsers send)")
        .contains("  rewritten  'http://[0:0::1]:*' as http://[::1]:* (the form browsers send)")
        .doesNotContain("rewritten  'https://app.example.com'");
  }

  @Test
  void checkConfig_trailingDotEntry_saysWhatIsWrongAndWhatToWrite(@TempDir Path dir)
      throws Exception {
    Path file =
        config(
            dir,
            "wsgate.origins=https://app.example.com.",
            "wsgate.provider=hmac",
            "wsgate.provider.hmac.secret=${env:HMAC_SECRET}");

    assertThat(run("check-config", file.toString())).isEqualTo(Main.EXIT_CONFIG);

    assertThat(err())
        .contains(
            "wsgate.origins invalid origin pattern 'https://app.example.com.': a trailing dot")
        .contains("write 'https://app.example.com'")
        .doesNotContain("punycode");
  }

  @Test
  void explainOrigin_otherSpellings_showsBothSidesAsBrowsersSendThem(@TempDir Path dir)
      throws Exception {
    Path file =
        config(
            dir,
            "wsgate.origins=http://127.1:3000",
            "wsgate.provider=hmac",
            "wsgate.provider.hmac.secret=${env:HMAC_SECRET}");

    assertThat(run("explain-origin", file.toString(), "http://0x7f.0.0.1:3000/app")).isZero();
    assertThat(out())
        .contains(
            "origin 'http://0x7f.0.0.1:3000/app' is sent by browsers as http://127.0.0.1:3000")
        .contains(
            "tenant default: ALLOWED http://127.0.0.1:3000 by pattern http://127.0.0.1:3000"
                + " (written http://127.1:3000)");

    out.reset();
    assertThat(run("explain-origin", file.toString(), "http://127.2:3000")).isEqualTo(1);
    assertThat(out())
        .contains("origin 'http://127.2:3000' is sent by browsers as http://127.0.0.2:3000")
        .contains(
            "  http://127.0.0.1:3000 (written http://127.1:3000): host 127.0.0.2 is not 127.0.0.1");

    out.reset();
    assertThat(run("explain-origin", file.toString(), "http://1.2.3.4.5:3000")).isEqualTo(1);
    assertThat(out())
        .contains("origin 'http://1.2.3.4.5:3000' is not an http(s) origin that browsers send");
  }

  @Test
  void unknownCommand_isAUsageError() {
    assertThat(run("frobnicate")).isEqualTo(Main.EXIT_USAGE);
  }
}
