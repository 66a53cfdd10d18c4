package dev.wsgate.provider.firebase;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.wsgate.spi.ProviderSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WireMock standing in for Google: the certificate endpoint in Google's {@code {kid: PEM}} format
 * with {@code Cache-Control: max-age}, and Identity Toolkit for {@code check-revoked}.
 */
final class GoogleStub implements AutoCloseable {
  /** Keys made once per JVM: keytool takes about a second each. */
  static final class Keys {
    static final TestKey A = TestKey.generate("kid-a");
    static final TestKey B = TestKey.generate("kid-b");
    static final TestKey OTHER = TestKey.generate("kid-other");

    private Keys() {}
  }

  static final String PREFIX = "wsgate.provider.firebase.";

  final WireMockServer server;

  GoogleStub() {
    server = new WireMockServer(options().dynamicPort());
    server.start();
  }

  /** Serves {@code keys} at {@code path} with {@code max-age} seconds of caching. */
  GoogleStub serveKeys(String path, long maxAge, TestKey... keys) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (TestKey k : keys) {
      body.put(k.kid, k.certificatePem());
    }
    server.stubFor(
        get(urlEqualTo(path))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=UTF-8")
                    .withHeader("Cache-Control", "public, max-age=" + maxAge + ", must-revalidate")
                    .withBody(IdTokens.json(body))));
    return this;
  }

  String url(String path) {
    return server.baseUrl() + path;
  }

  int fetches(String path) {
    return server.findAll(getRequestedFor(urlEqualTo(path))).size();
  }

  /** Settings for {@code project} with its keys at {@code keysPath}, plus {@code extra}. */
  ProviderSettings settings(String project, String keysPath, Map<String, String> extra) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("project-id", project);
    values.put("keys-url", url(keysPath));
    values.putAll(extra);
    return ProviderSettings.builder(PREFIX).values(values).build();
  }

  @Override
  public void close() {
    server.stop();
  }
}
