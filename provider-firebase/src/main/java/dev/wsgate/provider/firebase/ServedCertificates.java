package dev.wsgate.provider.firebase;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer firebase-admin's {@code NetHttpTransport} gets for Google's certificate URL, made in
 * memory by {@link SdkCertificateFeed}: 200 with the certificates wsgate holds, or 503 when it
 * holds none. Implements what {@code NetHttpRequest} and {@code NetHttpResponse} call.
 */
final class ServedCertificates extends HttpURLConnection {
  private static final byte[] NONE =
      "no certificates held; retry later".getBytes(StandardCharsets.UTF_8);

  private final GoogleCertificates served; // null: none held
  private final byte[] body; // null: none held
  private final SdkCertificateFeed feed;
  private final List<String[]> headers = new ArrayList<>();

  ServedCertificates(URL url, Optional<GoogleCertificates> held, SdkCertificateFeed feed) {
    super(url);
    this.served = held.orElse(null);
    this.body = served == null ? null : served.body();
    this.feed = feed;
    headers.add(new String[] {null, "HTTP/1.1 " + code() + " " + message()});
    headers.add(new String[] {"Content-Type", "application/json; charset=UTF-8"});
    if (body != null) {
      headers.add(
          new String[] {
            "Cache-Control", "public, max-age=" + SdkCertificateFeed.SERVED_MAX_AGE_SECONDS
          });
    }
  }

  private int code() {
    return body != null ? HTTP_OK : HTTP_UNAVAILABLE;
  }

  private String message() {
    return body != null ? "OK" : "Service Unavailable";
  }

  @Override
  public void connect() {
    connected = true;
  }

  @Override
  public int getResponseCode() {
    return code();
  }

  @Override
  public String getResponseMessage() {
    return message();
  }

  @Override
  public InputStream getInputStream() throws IOException {
    if (body == null) {
      throw new IOException("HTTP 503: no certificates held");
    }
    feed.read(served);
    return new ByteArrayInputStream(body);
  }

  @Override
  public InputStream getErrorStream() {
    return body == null ? new ByteArrayInputStream(NONE) : null;
  }

  @Override
  public String getHeaderField(int n) {
    return n < headers.size() ? headers.get(n)[1] : null;
  }

  @Override
  public String getHeaderFieldKey(int n) {
    return n < headers.size() ? headers.get(n)[0] : null;
  }

  @Override
  public String getHeaderField(String name) {
    for (String[] h : headers) {
      if (h[0] != null && h[0].equalsIgnoreCase(name)) {
        return h[1];
      }
    }
    return null;
  }

  @Override
  public Map<String, List<String>> getHeaderFields() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String[] h : headers) {
      out.put(h[0], List.of(h[1]));
    }
    return out;
  }

  @Override
  public void disconnect() {}

  @Override
  public boolean usingProxy() {
    return false;
  }
}
