package dev.wsgate.testkit;

import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;

/** Fixtures: upgrade requests for {@code /ws} from {@code 203.0.113.7}. */
public final class HandshakeRequests {
  private HandshakeRequests() {}

  /** A request whose raw query is {@code rawQuery} and which has no headers. */
  public static HandshakeRequest withQuery(String rawQuery) {
    return new HandshakeRequest("/ws", rawQuery, Headers.empty(), "203.0.113.7");
  }

  /** A request without a query carrying {@code name, value, name, value…} headers. */
  public static HandshakeRequest withHeaders(String... namesAndValues) {
    return of("/ws", namesAndValues);
  }

  /** A request for {@code target} carrying {@code name, value, name, value…} headers. */
  public static HandshakeRequest of(String target, String... namesAndValues) {
    return HandshakeRequest.of(target, headers(namesAndValues), "203.0.113.7");
  }

  /** Headers from {@code name, value, name, value…}. */
  public static Headers headers(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    Headers.Builder b = Headers.builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      b.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return b.build();
  }
}
