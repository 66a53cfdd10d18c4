package dev.wsgate.provider.firebase;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;

/**
 * An {@link HttpURLConnection} handed to firebase-admin's {@code NetHttpTransport} for Identity
 * Toolkit calls ({@code check-revoked}), delegating to the real connection while bounding its
 * timeouts: the SDK would use the HTTP client's 20 s defaults whatever is configured; here no
 * timeout is ever longer than wsgate's. (Certificates never reach the network through the SDK: see
 * {@link SdkCertificateFeed}.) Only the methods {@code NetHttpRequest} and {@code NetHttpResponse}
 * call are delegated.
 */
final class GuardedConnection extends HttpURLConnection {
  private final HttpURLConnection real;
  private final int connectMillis;
  private final int readMillis;

  GuardedConnection(HttpURLConnection real, int connectMillis, int readMillis) {
    super(real.getURL());
    this.real = real;
    this.connectMillis = connectMillis;
    this.readMillis = readMillis;
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
    real.connect();
  }

  @Override
  public int getResponseCode() throws IOException {
    return real.getResponseCode();
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return real.getInputStream();
  }

  @Override
  public InputStream getErrorStream() {
    return real.getErrorStream();
  }

  @Override
  public Map<String, List<String>> getHeaderFields() {
    return real.getHeaderFields();
  }

  @Override
  public String getHeaderField(String name) {
    return real.getHeaderField(name);
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
    return real.getOutputStream();
  }

  @Override
  public String getResponseMessage() throws IOException {
    return real.getResponseMessage();
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
