package dev.wsgate.provider.firebase;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * An {@link HttpURLConnection} handed to firebase-admin's {@code NetHttpTransport}, delegating to
 * the real connection while closing three gaps of the SDK:
 *
 * <ul>
 *   <li>timeouts: the SDK fetches certificates with the HTTP client's 20 s defaults whatever is
 *       configured; here no timeout is ever longer than wsgate's;
 *   <li>key ids: a certificate response is read (at most {@link #MAX_CERTIFICATE_BYTES}) and its
 *       key ids recorded in {@link KnownKeys} before the SDK parses the same bytes;
 *   <li>cache time: the SDK refetches when fewer than 300 s of {@code max-age} are left, so a
 *       {@code max-age} of 300 s or less would cost a fetch per handshake; it is raised to {@link
 *       #MIN_CERTIFICATE_MAX_AGE_SECONDS}.
 * </ul>
 *
 * Only the methods {@code NetHttpRequest} and {@code NetHttpResponse} call are delegated.
 */
final class GuardedConnection extends HttpURLConnection {
  static final int MAX_CERTIFICATE_BYTES = 64 * 1024;

  /** The SDK's 300 s refresh margin plus a minute of caching. */
  static final long MIN_CERTIFICATE_MAX_AGE_SECONDS = 360;

  private static final Pattern MAX_AGE = Pattern.compile("max-age\\s*=\\s*(\\d+)");

  private final HttpURLConnection real;
  private final int connectMillis;
  private final int readMillis;
  private final KnownKeys keys; // null unless this connection fetches certificates
  private byte[] certificates; // the checked body of a certificate response

  GuardedConnection(HttpURLConnection real, int connectMillis, int readMillis, KnownKeys keys) {
    super(real.getURL());
    this.real = real;
    this.connectMillis = connectMillis;
    this.readMillis = readMillis;
    this.keys = keys;
    real.setConnectTimeout(connectMillis);
    real.setReadTimeout(readMillis);
  }

  @Override
  public void setConnectTimeout(int millis) {
    real.setConnectTimeout(millis <= 0 ? connectMillis : Math.min(millis, connectMillis));
  }

  @Override
  public void setReadTimeout(int millis) {
    real.setReadTimeout(millis <= 0 ? readMillis : Math.min(millis, readMillis));
  }

  @Override
  public void connect() throws IOException {
    guarded(() -> real.connect());
  }

  /**
   * For a certificate response, reads and checks the whole body here, before the SDK sees the
   * headers: the SDK sets its cache expiry from the headers before it parses the body, so a body
   * that fails afterwards would leave it holding no certificates for the whole {@code max-age}.
   * Failing here makes the SDK's fetch fail as a whole, and it fetches again on the next call.
   */
  @Override
  public int getResponseCode() throws IOException {
    int code = guarded(real::getResponseCode);
    if (keys != null) {
      if (code != HTTP_OK) {
        keys.clear();
      } else if (certificates == null) {
        certificates = guarded(this::readCertificates);
      }
    }
    return code;
  }

  private byte[] readCertificates() throws IOException {
    byte[] body = readBounded(real.getInputStream());
    boolean gzip = "gzip".equalsIgnoreCase(real.getContentEncoding());
    keys.accept(gzip ? readBounded(new GZIPInputStream(new ByteArrayInputStream(body))) : body);
    return body;
  }

  @Override
  public InputStream getInputStream() throws IOException {
    if (keys == null) {
      return real.getInputStream();
    }
    if (certificates == null && getResponseCode() != HTTP_OK) {
      return real.getInputStream(); // throws the status error, as the real connection does
    }
    return new ByteArrayInputStream(certificates);
  }

  @Override
  public InputStream getErrorStream() {
    return real.getErrorStream();
  }

  @Override
  public Map<String, List<String>> getHeaderFields() {
    Map<String, List<String>> headers = real.getHeaderFields();
    if (keys == null) {
      return headers;
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    boolean seen = false;
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase("Cache-Control")) {
        copy.put(e.getKey(), List.of(flooredCacheControl(e.getValue())));
        seen = true;
      } else {
        copy.put(e.getKey(), e.getValue());
      }
    }
    if (!seen) {
      copy.put("Cache-Control", List.of(flooredCacheControl(List.of())));
    }
    return copy;
  }

  @Override
  public String getHeaderField(String name) {
    if (keys != null && "cache-control".equalsIgnoreCase(name)) {
      List<String> values = new ArrayList<>();
      String v = real.getHeaderField(name);
      if (v != null) {
        values.add(v);
      }
      return flooredCacheControl(values);
    }
    return real.getHeaderField(name);
  }

  static String flooredCacheControl(List<String> values) {
    long maxAge = -1;
    for (String v : values) {
      Matcher m = MAX_AGE.matcher(v.toLowerCase(Locale.ROOT));
      if (m.find()) {
        try {
          maxAge = Long.parseLong(m.group(1));
        } catch (NumberFormatException tooLarge) {
          maxAge = Long.MAX_VALUE;
        }
      }
    }
    return "max-age=" + Math.max(maxAge, MIN_CERTIFICATE_MAX_AGE_SECONDS);
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) != -1) {
        out.write(buf, 0, n);
        if (out.size() > MAX_CERTIFICATE_BYTES) {
          throw new IOException(
              "certificate response is larger than " + MAX_CERTIFICATE_BYTES + " bytes");
        }
      }
      return out.toByteArray();
    }
  }

  private interface Io<T> {
    T run() throws IOException;
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private <T> T guarded(Io<T> call) throws IOException {
    try {
      return call.run();
    } catch (IOException | RuntimeException e) {
      if (keys != null) {
        keys.clear();
      }
      throw e;
    }
  }

  private void guarded(IoAction call) throws IOException {
    guarded(
        () -> {
          call.run();
          return null;
        });
  }

  // plain delegation below

  @Override
  public void disconnect() {
    real.disconnect();
  }

  @Override
  public boolean usingProxy() {
    return real.usingProxy();
  }

  @Override
  public void setRequestMethod(String method) throws java.net.ProtocolException {
    real.setRequestMethod(method);
  }

  @Override
  public String getRequestMethod() {
    return real.getRequestMethod();
  }

  @Override
  public void setRequestProperty(String key, String value) {
    real.setRequestProperty(key, value);
  }

  @Override
  public void addRequestProperty(String key, String value) {
    real.addRequestProperty(key, value);
  }

  @Override
  public String getRequestProperty(String key) {
    return real.getRequestProperty(key);
  }

  @Override
  public void setDoOutput(boolean doOutput) {
    real.setDoOutput(doOutput);
  }

  @Override
  public void setFixedLengthStreamingMode(int length) {
    real.setFixedLengthStreamingMode(length);
  }

  @Override
  public void setFixedLengthStreamingMode(long length) {
    real.setFixedLengthStreamingMode(length);
  }

  @Override
  public void setChunkedStreamingMode(int chunkLength) {
    real.setChunkedStreamingMode(chunkLength);
  }

  @Override
  public void setInstanceFollowRedirects(boolean follow) {
    real.setInstanceFollowRedirects(follow);
  }

  @Override
  public OutputStream getOutputStream() throws IOException {
    return guarded(real::getOutputStream);
  }

  @Override
  public String getResponseMessage() throws IOException {
    return guarded(real::getResponseMessage);
  }

  @Override
  public String getHeaderField(int n) {
    return real.getHeaderField(n);
  }

  @Override
  public String getHeaderFieldKey(int n) {
    return real.getHeaderFieldKey(n);
  }

  @Override
  public String getContentEncoding() {
    return real.getContentEncoding();
  }
}
