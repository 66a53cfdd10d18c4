package dev.wsgate.internal.keys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One GET to a key server, bounded: connect and read timeouts, the whole response within their sum
 * (a server that trickles bytes cannot hold a fetch open), a body of at most {@code maxBytes}
 * (declared or streamed), no redirects followed (a bearer secret must not follow one), status 200
 * only. {@link HttpURLConnection}, so no thread outlives a fetch. Thread-safe.
 */
public final class KeyServerHttp {
  private static final Pattern MAX_AGE = Pattern.compile("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d+)");

  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxBytes;

  public KeyServerHttp(Duration connectTimeout, Duration readTimeout, int maxBytes) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.maxBytes = maxBytes;
  }

  /**
   * The body and headers of {@code GET uri}, with {@code Accept: application/json} and {@code
   * headers} added.
   *
   * @throws IOException for a network error, a timeout, a status other than 200, or a body over the
   *     limit; the message names the URL, never a header value
   */
  public Response get(URI uri, Map<String, String> headers) throws IOException {
    long deadline = System.nanoTime() + connectTimeout.plus(readTimeout).toNanos();
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    try {
      c.setConnectTimeout(millis(connectTimeout));
      c.setReadTimeout(millis(readTimeout));
      c.setInstanceFollowRedirects(false);
      c.setUseCaches(false);
      c.setRequestProperty("Accept", "application/json");
      // keys are fetched every few minutes at most: a kept-alive socket would only idle
      c.setRequestProperty("Connection", "close");
      headers.forEach(c::setRequestProperty);
      int status = c.getResponseCode();
      if (status != HttpURLConnection.HTTP_OK) {
        throw new IOException("HTTP " + status + " from " + uri);
      }
      if (c.getContentLengthLong() > maxBytes) {
        throw tooLarge(uri);
      }
      try (InputStream in = c.getInputStream()) {
        return new Response(read(in, uri, deadline), c.getHeaderFields());
      }
    } finally {
      c.disconnect();
    }
  }

  private byte[] read(InputStream in, URI uri, long deadline) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) != -1) {
      if (body.size() + n > maxBytes) {
        throw tooLarge(uri);
      }
      body.write(buffer, 0, n);
      if (System.nanoTime() - deadline > 0) {
        throw new SocketTimeoutException(
            "response from " + uri + " not complete within " + connectTimeout.plus(readTimeout));
      }
    }
    return body.toByteArray();
  }

  private IOException tooLarge(URI uri) {
    return new TooLargeException(
        "response from " + uri + " is larger than the limit of " + maxBytes + " bytes");
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }

  /**
   * A response of status 200.
   *
   * @param body the whole body
   * @param headers as {@link HttpURLConnection#getHeaderFields()} gives them
   */
  public record Response(byte[] body, Map<String, List<String>> headers) {

    /** The {@code Cache-Control: max-age} of the response, if it has one. */
    public Optional<Duration> maxAge() {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey() != null && e.getKey().equalsIgnoreCase("Cache-Control")) {
          for (String v : e.getValue()) {
            Matcher m = MAX_AGE.matcher(v.toLowerCase(Locale.ROOT));
            if (m.find()) {
              String digits = m.group(1);
              return Optional.of(
                  digits.length() > 9
                      ? Duration.ofSeconds(999_999_999)
                      : Duration.ofSeconds(Long.parseLong(digits)));
            }
          }
        }
      }
      return Optional.empty();
    }
  }

  /** A key server answered with more than the limit. */
  public static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }
}
