package dev.wsgate.provider.introspection;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.wsgate.spi.ProviderSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * WireMock playing an authorization server's introspection endpoint at {@link #PATH}: every token
 * is inactive unless {@link #active} registered it; {@link #down()} and {@link #hang()} make every
 * answer an outage or a wait until {@link #release()}.
 */
final class AuthorizationServer {
  static final String PATH = "/oauth2/introspect";
  static final String ISSUER = "https://as.example.com/";
  static final String CLIENT_ID = "wsgate-gate";
  static final String CLIENT_SECRET = "gate secret/with+form chars";

  /** How long a hanging answer waits: far longer than any test waits for it. */
  static final int HANG_MILLIS = 20_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  final WireMockExtension wiremock =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort())
          .resetOnEachTest(false)
          .build();

  private final List<StubMapping> outages = new ArrayList<>();

  /** Every token not registered is inactive (the lowest priority). */
  void start() {
    wiremock.stubFor(
        post(urlPathEqualTo(PATH)).atPriority(10).willReturn(okJson("{\"active\":false}")));
  }

  /** A fresh opaque token, as authorization servers make them. */
  static String newToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return "at_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Answers {@code answer} (a JSON object) for {@code token}. */
  void answer(String token, String answer) {
    wiremock.stubFor(
        post(urlPathEqualTo(PATH))
            .atPriority(1)
            .withRequestBody(containing("token=" + form(token) + "&"))
            .willReturn(okJson(answer)));
  }

  /** {@code token} is active for {@code subject} until {@code exp}. */
  void active(String token, String subject, Instant exp, String extraMembers) {
    answer(
        token,
        "{\"active\":true,\"sub\":\""
            + subject
            + "\",\"iss\":\""
            + ISSUER
            + "\",\"client_id\":\"web\",\"exp\":"
            + exp.getEpochSecond()
            + (extraMembers.isEmpty() ? "" : "," + extraMembers)
            + "}");
  }

  void down() {
    outages.add(
        wiremock.stubFor(
            post(urlPathEqualTo(PATH)).atPriority(0).willReturn(aResponse().withStatus(503))));
  }

  void hang() {
    outages.add(
        wiremock.stubFor(
            post(urlPathEqualTo(PATH))
                .atPriority(0)
                .willReturn(okJson("{\"active\":false}").withFixedDelay(HANG_MILLIS))));
  }

  void release() {
    outages.forEach(wiremock::removeStub);
    outages.clear();
  }

  String url() {
    return wiremock.url(PATH);
  }

  /** Settings for this server with {@code client_secret_basic}, plus {@code extra}. */
  ProviderSettings settings(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("url", url());
    values.put("client-id", CLIENT_ID);
    values.put("client-secret", CLIENT_SECRET);
    values.put("read-timeout", "2s");
    values.putAll(extra);
    return ProviderSettings.builder("wsgate.provider.introspection.").values(values).build();
  }

  static String form(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
