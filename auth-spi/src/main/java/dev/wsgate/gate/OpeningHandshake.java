package dev.wsgate.gate;

import dev.wsgate.spi.Failure;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The transport's checks of an RFC 6455 opening handshake, made by an adapter before the gate so
 * that a malformed upgrade costs no token verification and every adapter refuses it alike: a
 * request that is no upgrade is {@link Failure#NOT_AN_UPGRADE} (400), a wrong {@code
 * Sec-WebSocket-Version} {@link Failure#UNSUPPORTED_VERSION} (426). Stateless and thread-safe.
 */
public final class OpeningHandshake {
  private OpeningHandshake() {}

  /**
   * Whether a request asks for a WebSocket: {@code Upgrade: websocket} on HTTP/1.1, or an extended
   * {@code CONNECT} (RFC 8441) on HTTP/2 and HTTP/3. Anything a container could upgrade passes, so
   * that an adapter that gates these requests lets nothing reach an endpoint around the gate.
   */
  public static boolean isUpgradeAttempt(String method, Headers headers) {
    return "CONNECT".equalsIgnoreCase(method) || hasToken(headers.all("Upgrade"), "websocket");
  }

  /**
   * The transport's refusal of a request that is not a valid HTTP/1.1 opening handshake ({@code
   * GET}, {@code Upgrade: websocket}, {@code Connection: upgrade}, a {@code Sec-WebSocket-Key},
   * version 13), or empty when it is one. An extended {@code CONNECT} passes: the container checks
   * it.
   */
  public static Optional<Decision.Rejected> problem(String method, Headers headers) {
    if ("CONNECT".equalsIgnoreCase(method)) {
      return Optional.empty();
    }
    String key = headers.first("Sec-WebSocket-Key").orElse("");
    if (!"GET".equalsIgnoreCase(method)
        || key.isBlank()
        || !hasToken(headers.all("Upgrade"), "websocket")
        || !hasToken(headers.all("Connection"), "upgrade")) {
      return Optional.of(TransportRefusals.notAnUpgrade());
    }
    // every value counts: a second, different version line makes the request ambiguous
    String version = String.join(",", headers.all("Sec-WebSocket-Version"));
    if (!"13".equals(version.trim())) {
      return Optional.of(TransportRefusals.unsupportedVersion());
    }
    return Optional.empty();
  }

  /** Whether a comma-separated header holds {@code token} (or {@code token/version}). */
  private static boolean hasToken(List<String> values, String token) {
    for (String value : values) {
      for (String entry : value.split(",", -1)) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        if (e.equals(token) || e.startsWith(token + "/")) {
          return true;
        }
      }
    }
    return false;
  }
}
