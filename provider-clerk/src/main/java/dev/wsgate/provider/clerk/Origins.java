package dev.wsgate.provider.clerk;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Compares origins the way a browser serializes them: lower-case scheme and host, the scheme's
 * default port dropped. Clerk's {@code azp} claim is the browser's {@code Origin}, so both sides of
 * every comparison go through {@link #normalise(String)}.
 */
final class Origins {
  private Origins() {}

  /**
   * {@code HTTPS://App.Example.com:443} → {@code https://app.example.com}; empty when the value is
   * not a bare http(s) origin (a path, query, fragment, user info or wildcard makes it invalid).
   */
  static Optional<String> normalise(String value) {
    if (value == null || value.isBlank() || value.contains("*")) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean bare =
        (uri.getRawPath() == null || uri.getRawPath().isEmpty())
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null
            && uri.getRawUserInfo() == null;
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare) {
      return Optional.empty();
    }
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + port));
  }
}
