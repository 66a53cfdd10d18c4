package dev.wsgate.provider.jwks;

import com.auth0.jwk.JwksHttpClient;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;

/**
 * OpenID Connect Discovery: reads {@code jwks_uri} from the issuer's configuration document. The
 * document's {@code issuer} must equal the configured issuer exactly (Discovery 1.0 §4.3), or a
 * document served for another issuer could redirect us to keys we must not trust. Runs on the first
 * key fetch, not at start-up, so a server starts while its identity provider is down.
 */
final class OidcDiscovery {
  private final String issuer;
  private final JwksHttpClient http;

  OidcDiscovery(String issuer, JwksHttpClient http) {
    this.issuer = issuer;
    this.http = http;
  }

  /** The {@code jwks_uri} named by the document at {@code configurationUrl}. */
  URL jwksUri(URL configurationUrl) throws IOException {
    Map<String, Object> doc;
    String docIssuer;
    URI jwks;
    try {
      doc = JSONObjectUtils.parse(http.fetch(configurationUrl).getBody());
      docIssuer = JSONObjectUtils.getString(doc, "issuer");
      jwks = JSONObjectUtils.getURI(doc, "jwks_uri");
    } catch (ParseException e) {
      throw new IOException(
          "malformed OpenID configuration at " + configurationUrl + ": " + e.getMessage());
    }
    if (!issuer.equals(docIssuer)) {
      throw new IOException(
          "OpenID configuration at "
              + configurationUrl
              + " is for issuer '"
              + docIssuer
              + "', not the configured '"
              + issuer
              + "'");
    }
    if (jwks == null || jwks.getHost() == null) {
      throw new IOException("OpenID configuration at " + configurationUrl + " has no jwks_uri");
    }
    String scheme = String.valueOf(jwks.getScheme()).toLowerCase(Locale.ROOT);
    boolean secureIssuer = configurationUrl.getProtocol().equalsIgnoreCase("https");
    if (!scheme.equals("https") && !(scheme.equals("http") && !secureIssuer)) {
      throw new IOException(
          "OpenID configuration at "
              + configurationUrl
              + " names a jwks_uri that is not https: "
              + jwks);
    }
    return jwks.toURL();
  }
}
