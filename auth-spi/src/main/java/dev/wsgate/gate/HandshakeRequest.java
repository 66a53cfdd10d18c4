package dev.wsgate.gate;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the gate sees of an upgrade request: the request target's path and raw (still
 * percent-encoded) query, the headers, and the remote address. Built by the server adapter from its
 * framework's request object. Immutable and thread-safe.
 *
 * @param path the path of the request target, such as {@code /ws}
 * @param rawQuery the query without {@code ?}, still percent-encoded; empty when there is none
 * @param headers the request headers
 * @param remoteAddress the client address as the server sees it (after trusted-proxy handling)
 */
public record HandshakeRequest(
    String path, String rawQuery, Headers headers, String remoteAddress) {

  /** Validates that no component is null. */
  public HandshakeRequest {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(rawQuery, "rawQuery");
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
  }

  /**
   * Splits a request target ({@code /ws?token=abc}) into path and raw query.
   *
   * @param requestTarget the target from the request line; null is treated as {@code /}
   */
  public static HandshakeRequest of(
      @Nullable String requestTarget, Headers headers, String remoteAddress) {
    String target = requestTarget == null || requestTarget.isEmpty() ? "/" : requestTarget;
    int hash = target.indexOf('#');
    if (hash >= 0) {
      target = target.substring(0, hash);
    }
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : target.substring(q + 1);
    return new HandshakeRequest(path, query, headers, remoteAddress);
  }

  /** Names the path and header names only: the query and header values may carry tokens. */
  @Override
  public String toString() {
    return "HandshakeRequest[path="
        + path
        + ", query="
        + (rawQuery.isEmpty() ? "" : "[REDACTED]")
        + ", headers="
        + headers
        + ", remote="
        + remoteAddress
        + "]";
  }
}
