package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
import dev.wsgate.gate.OpeningHandshake;
import dev.wsgate.gate.Refusal;
import dev.wsgate.spi.Failure;
import dev.wsgate.testkit.FakeTokenVerifier;
import dev.wsgate.testkit.MutableClock;
import dev.wsgate.testkit.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One bad upgrade request and the refusal every adapter must answer it with: the {@link Refusal}
 * the gate (or, for the transport's checks, {@link OpeningHandshake}) makes of the same request.
 */
record RefusalCase(
    String name, String method, String target, List<String[]> headers, Failure failure) {
  private static final String[] UPGRADE = {
    "Upgrade",
    "websocket",
    "Connection",
    "Upgrade",
    "Sec-WebSocket-Key",
    "dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version",
    "13"
  };

  @Override
  public String toString() {
    return name;
  }

  /** Every failure the test applications can be made to answer. */
  static Stream<RefusalCase> all(String path) {
    String ok = path + "?token=" + TestGate.token("alice");
    return Stream.of(
        of("missing token", path, Failure.MISSING_TOKEN, "Origin", TestGate.ORIGIN),
        of(
            "invalid signature",
            path + "?token=" + FakeTokenVerifier.failing(Failure.INVALID_SIGNATURE),
            Failure.INVALID_SIGNATURE,
            "Origin",
            TestGate.ORIGIN),
        of(
            "expired",
            path + "?token=" + FakeTokenVerifier.token("alice", TestGate.NOW.minusSeconds(60)),
            Failure.EXPIRED,
            "Origin",
            TestGate.ORIGIN),
        of(
            "insufficient scope",
            path + "?token=" + FakeTokenVerifier.failing(Failure.INSUFFICIENT_SCOPE),
            Failure.INSUFFICIENT_SCOPE,
            "Origin",
            TestGate.ORIGIN),
        of(
            "provider unavailable",
            path + "?token=" + FakeTokenVerifier.failing(Failure.PROVIDER_UNAVAILABLE),
            Failure.PROVIDER_UNAVAILABLE,
            "Origin",
            TestGate.ORIGIN),
        of(
            "verifier throws",
            path + "?token=throw",
            Failure.INTERNAL_ERROR,
            "Origin",
            TestGate.ORIGIN),
        of("other origin", ok, Failure.ORIGIN_NOT_ALLOWED, "Origin", "https://evil.example.net"),
        of("null origin", ok, Failure.ORIGIN_NOT_ALLOWED, "Origin", "null"),
        of("no origin", ok, Failure.ORIGIN_NOT_ALLOWED),
        of(
            "two origins",
            ok,
            Failure.BAD_REQUEST,
            "Origin",
            TestGate.ORIGIN,
            "Origin",
            "https://evil.example.net"),
        of(
            "bearer-only subprotocol",
            path,
            Failure.BAD_REQUEST,
            "Origin",
            TestGate.ORIGIN,
            "Sec-WebSocket-Protocol",
            "bearer." + TestGate.token("alice")),
        of(
            "two different tokens",
            ok,
            Failure.AMBIGUOUS_TOKEN,
            "Origin",
            TestGate.ORIGIN,
            "Cookie",
            "wsgate_token=" + TestGate.token("bob")),
        of(
            "token too large",
            path + "?token=" + "a".repeat(9000),
            Failure.TOKEN_TOO_LARGE,
            "Origin",
            TestGate.ORIGIN),
        new RefusalCase(
            "not GET", "POST", ok, withUpgrade("Origin", TestGate.ORIGIN), Failure.NOT_AN_UPGRADE),
        new RefusalCase(
            "no key",
            "GET",
            ok,
            withUpgrade("Origin", TestGate.ORIGIN).stream()
                .filter(h -> !h[0].equals("Sec-WebSocket-Key"))
                .toList(),
            Failure.NOT_AN_UPGRADE),
        new RefusalCase(
            "version 8",
            "GET",
            ok,
            withUpgrade("Origin", TestGate.ORIGIN).stream()
                .map(h -> h[0].equals("Sec-WebSocket-Version") ? new String[] {h[0], "8"} : h)
                .toList(),
            Failure.UNSUPPORTED_VERSION));
  }

  private static RefusalCase of(String name, String target, Failure failure, String... headers) {
    return new RefusalCase(name, "GET", target, withUpgrade(headers), failure);
  }

  private static List<String[]> withUpgrade(String... extra) {
    List<String[]> all = new ArrayList<>();
    for (int i = 0; i < UPGRADE.length; i += 2) {
      all.add(new String[] {UPGRADE[i], UPGRADE[i + 1]});
    }
    for (int i = 0; i < extra.length; i += 2) {
      all.add(new String[] {extra[i], extra[i + 1]});
    }
    return all;
  }

  /** The request on a socket. */
  RawHttp raw() {
    RawHttp r = RawHttp.to(target).method(method);
    for (String h :
        new String[] {"Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"}) {
      r.without(h);
    }
    for (String[] h : headers) {
      r.add(h[0], h[1]);
    }
    return r;
  }

  /** What the gate, or the transport's checks, make of the same request. */
  Refusal expected() {
    Headers.Builder b = Headers.builder().add("Host", "127.0.0.1");
    for (String[] h : headers) {
      b.add(h[0], h[1]);
    }
    Headers hs = b.build();
    Decision d =
        OpeningHandshake.problem(method, hs)
            .<Decision>map(r -> r)
            .orElseGet(
                () ->
                    TestGate.gate(new MutableClock(TestGate.NOW))
                        .evaluate(HandshakeRequest.of(target, hs, "127.0.0.1")));
    return ((Decision.Rejected) d).refusal();
  }
}
