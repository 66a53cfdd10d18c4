package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.HandshakeRequests;
import dev.wsgate.testkit.RecordingTokenVerifier;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Properties of {@link HandshakeGate#evaluate}: it answers every request with a decision, and
 * headers it does not read cannot change an acceptance. Kept apart from {@link HandshakeGateTest}
 * because jqwik, not Jupiter, runs these.
 */
final class HandshakeGatePropertyTest {
  private static final String APP = "https://app.example.com";
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2ln";
  private static final Set<String> READ_BY_GATE =
      Set.of("origin", "cookie", "authorization", "sec-websocket-protocol", "host");

  private final HandshakeGate gate =
      HandshakeGate.builder()
          .tenant(
              new TenantPolicy(
                  "default",
                  OriginPolicy.of(List.of(APP, "https://*.example.net"), true),
                  List.of(
                      TokenExtractors.query("token"),
                      TokenExtractors.cookie("wsgate_token"),
                      TokenExtractors.subprotocol("bearer."),
                      TokenExtractors.header()),
                  RecordingTokenVerifier.accepting(),
                  List.of("app.v1"),
                  256,
                  Duration.ofSeconds(30)))
          .build();

  @Property(tries = 400)
  void evaluate_arbitraryRequest_returnsDecisionAndNeverThrows(
      @ForAll("targets") String target,
      @ForAll("headerLists") List<Tuple2<String, String>> headers) {
    Decision d = gate.evaluate(HandshakeRequest.of(target, headers(headers), "203.0.113.7"));
    assertThat(d).isNotNull();
    if (d instanceof Decision.Rejected r) {
      assertThat(r.safeMessage()).isNotBlank().doesNotContain(TOKEN);
    }
  }

  @Property(tries = 300)
  void evaluate_acceptedRequestWithUnrelatedHeaders_staysAccepted(
      @ForAll("acceptedRequests") HandshakeRequest request,
      @ForAll("unrelatedHeaders") List<Tuple2<String, String>> extra) {
    Decision before = gate.evaluate(request);
    assertThat(before).isInstanceOf(Decision.Accepted.class);

    Headers more = request.headers();
    for (Tuple2<String, String> h : extra) {
      more = more.with(h.get1(), h.get2());
    }
    Decision after =
        gate.evaluate(
            new HandshakeRequest(
                request.path(), request.rawQuery(), more, request.remoteAddress()));

    assertThat(after).isInstanceOf(Decision.Accepted.class);
    Decision.Accepted a = (Decision.Accepted) after;
    Decision.Accepted b = (Decision.Accepted) before;
    assertThat(a.token().subject()).isEqualTo(b.token().subject());
    assertThat(a.tenant()).isEqualTo(b.tenant());
    assertThat(a.subprotocol()).isEqualTo(b.subprotocol());
    assertThat(a.tokenFingerprint()).isEqualTo(b.tokenFingerprint());
  }

  @Provide
  Arbitrary<String> targets() {
    Arbitrary<String> queryItem =
        Arbitraries.oneOf(
            anyText(40),
            anyText(40).map(v -> "token=" + v),
            Arbitraries.strings().withChars("%0123456789abcdefABCDEFgz+=&").ofMaxLength(20),
            Arbitraries.just("token=" + TOKEN),
            Arbitraries.strings()
                .withChars('a')
                .ofMinLength(250)
                .ofMaxLength(300)
                .map(v -> "token=" + v));
    Arbitrary<String> query = queryItem.list().ofMaxSize(5).map(items -> String.join("&", items));
    return Arbitraries.oneOf(
        anyText(80),
        query.map(q -> "/ws?" + q),
        Combinators.combine(anyText(20), query).as((p, q) -> p + "?" + q + "#" + p));
  }

  @Provide
  Arbitrary<List<Tuple2<String, String>>> headerLists() {
    Arbitrary<String> names =
        Arbitraries.oneOf(
            Arbitraries.of(
                "Origin",
                "origin",
                "Cookie",
                "Authorization",
                "Sec-WebSocket-Protocol",
                "Host",
                "X-Forwarded-For"),
            anyText(20));
    Arbitrary<String> values =
        Arbitraries.oneOf(
            anyText(120),
            Arbitraries.of(
                APP,
                "null",
                "https://a.example.net",
                "wsgate_token=" + TOKEN,
                "Bearer " + TOKEN,
                "app.v1, bearer." + TOKEN,
                "base64url.bearer.YWJj",
                "app.v1"),
            anyText(40).map(v -> "https://" + v),
            anyText(40).map(v -> "wsgate_token=\"" + v + "\"; a=b"),
            anyText(40).map(v -> "app.v1, base64url.bearer." + v),
            anyText(40).map(v -> "Bearer " + v));
    return Combinators.combine(names, values).as(Tuple::of).list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<HandshakeRequest> acceptedRequests() {
    return Arbitraries.of(
        HandshakeRequests.of("/ws?token=" + TOKEN, "Origin", APP),
        HandshakeRequests.of(
            "/ws", "Origin", "https://a.example.net", "Cookie", "wsgate_token=" + TOKEN),
        HandshakeRequests.of(
            "/ws", "Origin", APP, "Sec-WebSocket-Protocol", "app.v1, bearer." + TOKEN),
        HandshakeRequests.of("/ws", "Authorization", "Bearer " + TOKEN),
        HandshakeRequests.of(
            "/ws?token=" + TOKEN, "Origin", APP, "Sec-WebSocket-Protocol", "app.v1"));
  }

  @Provide
  Arbitrary<List<Tuple2<String, String>>> unrelatedHeaders() {
    Arbitrary<String> names =
        Arbitraries.oneOf(
                Arbitraries.of("User-Agent", "X-Forwarded-For", "Accept", "Sec-WebSocket-Key"),
                anyText(20))
            .filter(n -> !READ_BY_GATE.contains(n.toLowerCase(Locale.ROOT)));
    return Combinators.combine(names, anyText(120)).as(Tuple::of).list().ofMaxSize(6);
  }

  private static Arbitrary<String> anyText(int maxLength) {
    return Arbitraries.strings().all().ofMaxLength(maxLength);
  }

  private static Headers headers(List<Tuple2<String, String>> pairs) {
    Headers.Builder b = Headers.builder();
    pairs.forEach(p -> b.add(p.get1(), p.get2()));
    return b.build();
  }
}
