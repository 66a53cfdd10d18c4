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
 * FirebaseOptions.setHttpTransport}: the SDK's own extension point. It answers the SDK's hard-coded
 * certificate URL from memory ({@link SdkCertificateFeed}: wsgate fetches {@code keys-url} itself),
 * sends Identity Toolkit calls to {@code api-url} (air-gapped mirrors, tests), leaves every other
 * URL alone, and wraps each network connection in a {@link GuardedConnection} that bounds its
 * timeouts.
 */
final class RoutingConnectionFactory implements ConnectionFactory {
  private final URI apiUrl;
  private final int connectMillis;
  private final int readMillis;
  private final SdkCertificateFeed certificates;

  private RoutingConnectionFactory(FirebaseSettings settings, SdkCertificateFeed certificates) {
    this.apiUrl = settings.apiUrl();
    this.connectMillis = (int) settings.connectTimeout().toMillis();
    this.readMillis = (int) settings.readTimeout().toMillis();
    this.certificates = certificates;
  }

  /** A transport for one FirebaseApp, served its certificates by {@code certificates}. */
  static NetHttpTransport transport(FirebaseSettings settings, SdkCertificateFeed certificates) {
    return new NetHttpTransport.Builder()
        .setConnectionFactory(new RoutingConnectionFactory(settings, certificates))
        .build();
  }

  @Override
  public HttpURLConnection openConnection(URL url) throws IOException {
    if (isGoogle(url, FirebaseSettings.GOOGLE_KEYS_URL, true)) {
      return certificates.open(url);
    }
    URL target = url;
    if (isGoogle(url, FirebaseSettings.GOOGLE_API_URL, false)) {
      String base = apiUrl.toString().replaceAll("/+$", "");
      target = URI.create(base + url.getFile()).toURL();
    }
    HttpURLConnection real = (HttpURLConnection) target.openConnection();
    return new GuardedConnection(real, connectMillis, readMillis);
  }

  private static boolean isGoogle(URL url, URI google, boolean samePath) {
    return "https".equals(url.getProtocol())
        && google.getHost().equals(url.getHost().toLowerCase(Locale.ROOT))
        && (url.getPort() == -1 || url.getPort() == 443)
        && (!samePath || google.getPath().equals(url.getPath()));
  }
}
