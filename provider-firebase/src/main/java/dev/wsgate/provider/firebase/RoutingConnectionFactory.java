package dev.wsgate.provider.firebase;

import com.google.api.client.http.javanet.ConnectionFactory;
import com.google.api.client.http.javanet.NetHttpTransport;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.Locale;

/**
 * The connection factory of the {@link NetHttpTransport} given to firebase-admin through {@code
 * FirebaseOptions.setHttpTransport}: the SDK's own extension point. It sends the SDK's hard-coded
 * certificate URL to {@code keys-url} and Identity Toolkit calls to {@code api-url} (air-gapped
 * mirrors, tests), leaves every other URL alone, and wraps each connection in a {@link
 * GuardedConnection} that bounds its timeouts.
 */
final class RoutingConnectionFactory implements ConnectionFactory {
  private final URI keysUrl;
  private final URI apiUrl;
  private final int connectMillis;
  private final int readMillis;
  private final KnownKeys keys;

  private RoutingConnectionFactory(FirebaseSettings settings, KnownKeys keys) {
    this.keysUrl = settings.keysUrl();
    this.apiUrl = settings.apiUrl();
    this.connectMillis = (int) settings.connectTimeout().toMillis();
    this.readMillis = (int) settings.readTimeout().toMillis();
    this.keys = keys;
  }

  /** A transport for one FirebaseApp; certificate responses update {@code keys}. */
  static NetHttpTransport transport(FirebaseSettings settings, KnownKeys keys) {
    return new NetHttpTransport.Builder()
        .setConnectionFactory(new RoutingConnectionFactory(settings, keys))
        .build();
  }

  @Override
  public HttpURLConnection openConnection(URL url) throws IOException {
    boolean certificates = isGoogle(url, FirebaseSettings.GOOGLE_KEYS_URL, true);
    URL target;
    if (certificates) {
      target = keysUrl.toURL();
    } else if (isGoogle(url, FirebaseSettings.GOOGLE_API_URL, false)) {
      String base = apiUrl.toString().replaceAll("/+$", "");
      target = URI.create(base + url.getFile()).toURL();
    } else {
      target = url;
    }
    HttpURLConnection real = (HttpURLConnection) target.openConnection();
    return new GuardedConnection(real, connectMillis, readMillis, certificates ? keys : null);
  }

  private static boolean isGoogle(URL url, URI google, boolean samePath) {
    return "https".equals(url.getProtocol())
        && google.getHost().equals(url.getHost().toLowerCase(Locale.ROOT))
        && (url.getPort() == -1 || url.getPort() == 443)
        && (!samePath || google.getPath().equals(url.getPath()));
  }
}
