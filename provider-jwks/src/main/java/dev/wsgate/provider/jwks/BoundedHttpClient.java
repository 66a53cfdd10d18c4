package dev.wsgate.provider.jwks;

import com.auth0.jwk.JwksHttpClient;
import com.auth0.jwk.JwksHttpResponse;
import dev.wsgate.internal.keys.KeyServerHttp;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The HTTP client jwks-rsa fetches through: the shared bounded GET. jwks-rsa's own client reads the
 * whole body into memory with no size limit and no overall deadline, and has no timeouts unless
 * set; this one refuses a body over {@code max-response-bytes}, gives a whole response {@code
 * connect-timeout + read-timeout}, follows no redirects and accepts only 200.
 */
final class BoundedHttpClient implements JwksHttpClient {
  private final KeyServerHttp http;

  BoundedHttpClient(JwksSettings s) {
    this.http = new KeyServerHttp(s.connectTimeout(), s.readTimeout(), s.maxResponseBytes());
  }

  @Override
  public JwksHttpResponse fetch(URL url) throws IOException {
    KeyServerHttp.Response r;
    try {
      r = http.get(url.toURI(), Map.of());
    } catch (URISyntaxException e) {
      throw new IOException("not a URI: " + url, e);
    }
    return new JwksHttpResponse(new String(r.body(), StandardCharsets.UTF_8), r.headers());
  }
}
