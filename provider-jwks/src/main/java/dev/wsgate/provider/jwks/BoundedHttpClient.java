package dev.wsgate.provider.jwks;

import com.auth0.jwk.JwksHttpClient;
import com.auth0.jwk.JwksHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The HTTP client jwks-rsa fetches through. Its own client reads the whole body into memory with no
 * size limit and no overall deadline, and has no timeouts unless set; this one refuses a body over
 * {@code max-response-bytes}, gives a whole response {@code connect-timeout + read-timeout} (a
 * server that trickles bytes cannot hold a fetch open), follows no redirects and accepts only 200.
 */
final class BoundedHttpClient implements JwksHttpClient {
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxBytes;

  BoundedHttpClient(Duration connectTimeout, Duration readTimeout, int maxBytes) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.maxBytes = maxBytes;
  }

  @Override
  public JwksHttpResponse fetch(URL url) throws IOException {
    long deadline = System.nanoTime() + connectTimeout.plus(readTimeout).toNanos();
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    try {
      c.setConnectTimeout(millis(connectTimeout));
      c.setReadTimeout(millis(readTimeout));
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setRequestProperty("Accept", "application/json");
      // a key set is fetched every few minutes: a kept-alive socket would only idle
      c.setRequestProperty("Connection", "close");
      int status = c.getResponseCode();
      if (status != HttpURLConnection.HTTP_OK) {
        throw new IOException("HTTP " + status + " from " + url);
      }
      long declared = c.getContentLengthLong();
      if (declared > maxBytes) {
        throw tooLarge(url);
      }
      try (InputStream in = c.getInputStream()) {
        return new JwksHttpResponse(read(in, url, deadline), c.getHeaderFields());
      }
    } finally {
      c.disconnect();
    }
  }

  private String read(InputStream in, URL url, long deadline) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) != -1) {
      if (body.size() + n > maxBytes) {
        throw tooLarge(url);
      }
      body.write(buffer, 0, n);
      if (System.nanoTime() - deadline > 0) {
        throw new SocketTimeoutException(
            "response from " + url + " not complete within " + connectTimeout.plus(readTimeout));
      }
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  private IOException tooLarge(URL url) {
    return new ResponseTooLargeException(
        "response from " + url + " is larger than max-response-bytes (" + maxBytes + ")");
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  /** A key server answered with more than {@code max-response-bytes}. */
  static final class ResponseTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    ResponseTooLargeException(String message) {
      super(message);
    }
  }
}
