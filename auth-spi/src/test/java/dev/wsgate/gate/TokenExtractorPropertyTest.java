package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/**
 * Properties of each built-in extractor: a token put where a client puts it comes back unchanged
 * whatever surrounds it, the same token twice is that token, two different ones are ambiguous, and
 * arbitrary input yields a token, nothing, or an {@link AuthenticationException}, never another
 * exception.
 */
final class TokenExtractorPropertyTest {
  private static final String COOKIE_OCTETS =
      "!#$%&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  private static final String TCHARS =
      "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final String B64TOKEN_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";

  private final TokenExtractor query = TokenExtractors.query("token");
  private final TokenExtractor cookie = TokenExtractors.cookie("wsgate_token");
  private final TokenExtractor subprotocol = TokenExtractors.subprotocol("bearer.");
  private final TokenExtractor header = TokenExtractors.header();

  private static HandshakeRequest request(String target, String... nameValues) {
    Headers.Builder b = Headers.builder();
    for (int i = 0; i < nameValues.length; i += 2) {
      b.add(nameValues[i], nameValues[i + 1]);
    }
    return HandshakeRequest.of(target, b.build(), "203.0.113.7");
  }

  private static Optional<String> extractOrAuthFailure(TokenExtractor e, HandshakeRequest r) {
    try {
      Optional<String> token = e.extract(r);
      token.ifPresent(t -> assertThat(t).isNotEmpty());
      return token;
    } catch (AuthenticationException expected) {
      assertThat(expected.failure()).isIn(Failure.BAD_REQUEST, Failure.AMBIGUOUS_TOKEN);
      return Optional.empty();
    }
  }

  // query

  @Property(tries = 300)
  void query_anyTokenFormEncoded_amongOtherParameters_comesBackUnchanged(
      @ForAll @StringLength(min = 1, max = 200) String token,
      @ForAll("otherParameters") List<String> others) {
    List<String> items = new ArrayList<>(others);
    items.add("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    Collections.shuffle(items);

    Optional<String> found = extractOrAuthFailure(query, request("/ws?" + String.join("&", items)));

    assertThat(found).contains(token);
  }

  @Property(tries = 200)
  void query_sameTokenTwice_isThatToken_differentTokensAreAmbiguous(
      @ForAll("b64Tokens") String a, @ForAll("b64Tokens") String b) throws Exception {
    String ea = URLEncoder.encode(a, StandardCharsets.UTF_8);
    assertThat(query.extract(request("/ws?token=" + ea + "&x=1&token=" + ea))).contains(a);
    Assume.that(!a.equals(b));
    String target = "/ws?token=" + ea + "&token=" + URLEncoder.encode(b, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> query.extract(request(target)))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.failure()).isEqualTo(Failure.AMBIGUOUS_TOKEN));
  }

  @Property(tries = 400)
  void query_arbitraryRawQuery_neverThrowsAnythingElse(@ForAll("rawQueries") String q) {
    extractOrAuthFailure(query, request("/ws?" + q));
  }

  // cookie

  @Property(tries = 300)
  void cookie_anyCookieOctetToken_amongOtherCookies_comesBackUnchanged(
      @ForAll("cookieValues") String token, @ForAll("otherCookies") List<String> others) {
    List<String> pairs = new ArrayList<>(others);
    pairs.add("wsgate_token=" + token);
    Collections.shuffle(pairs);

    Optional<String> found =
        extractOrAuthFailure(cookie, request("/ws", "Cookie", String.join("; ", pairs)));

    assertThat(found).contains(token);
  }

  @Property(tries = 400)
  void cookie_arbitraryHeader_neverThrowsAnythingElse(
      @ForAll @StringLength(max = 300) String value) {
    extractOrAuthFailure(
        cookie, request("/ws", "Cookie", value, "Cookie", "wsgate_token=" + value));
  }

  // subprotocol

  @Property(tries = 300)
  void subprotocol_tokenEntryNextToApplicationProtocols_comesBackUnchanged(
      @ForAll("tcharTokens") String token) {
    Optional<String> found =
        extractOrAuthFailure(
            subprotocol,
            request("/ws", "Sec-WebSocket-Protocol", "app.v1, bearer." + token + ", chat"));

    assertThat(found).contains(token);
  }

  @Property(tries = 300)
  void subprotocol_base64urlEntry_decodesToTheOriginalText(
      @ForAll @StringLength(min = 1, max = 200) String token) {
    Assume.that(StandardCharsets.UTF_8.newEncoder().canEncode(token));
    String encoded =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(token.getBytes(StandardCharsets.UTF_8));

    Optional<String> found =
        extractOrAuthFailure(
            subprotocol,
            request("/ws", "Sec-WebSocket-Protocol", "app.v1, base64url.bearer." + encoded));

    assertThat(found).contains(token);
  }

  @Property(tries = 400)
  void subprotocol_arbitraryHeader_neverThrowsAnythingElse(
      @ForAll @StringLength(max = 300) String value) {
    extractOrAuthFailure(subprotocol, request("/ws", "Sec-WebSocket-Protocol", value));
    extractOrAuthFailure(
        subprotocol, request("/ws", "Sec-WebSocket-Protocol", "app.v1, base64url.bearer." + value));
  }

  // Authorization header

  @Property(tries = 300)
  void header_bearerTokenInAnySchemeCase_comesBackUnchanged(
      @ForAll("b64Tokens") String token, @ForAll("bearerSpellings") String scheme) {
    Optional<String> found =
        extractOrAuthFailure(header, request("/ws", "Authorization", scheme + " " + token));

    assertThat(found).contains(token);
  }

  @Property(tries = 400)
  void header_arbitraryValue_neverThrowsAnythingElse(
      @ForAll @StringLength(max = 300) String value) {
    extractOrAuthFailure(header, request("/ws", "Authorization", value));
    extractOrAuthFailure(header, request("/ws", "Authorization", "Bearer " + value));
  }

  @Provide
  Arbitrary<List<String>> otherParameters() {
    Arbitrary<String> name =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .ofMinLength(1)
            .ofMaxLength(8)
            .filter(n -> !n.equals("token"));
    Arbitrary<String> value =
        Arbitraries.strings()
            .ofMaxLength(30)
            .map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8));
    return net.jqwik.api.Combinators.combine(name, value)
        .as((n, v) -> n + "=" + v)
        .list()
        .ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> rawQueries() {
    return Arbitraries.strings()
        .withChars("token=&%0123456789abcdefABCDEF+;#?/ \u00e9\u0000")
        .ofMaxLength(60);
  }

  @Provide
  Arbitrary<String> b64Tokens() {
    return Arbitraries.strings().withChars(B64TOKEN_CHARS).ofMinLength(1).ofMaxLength(120);
  }

  @Provide
  Arbitrary<String> tcharTokens() {
    return Arbitraries.strings().withChars(TCHARS).ofMinLength(1).ofMaxLength(120);
  }

  @Provide
  Arbitrary<String> cookieValues() {
    // cookie-octets; a value wrapped in quotes would be unquoted, so no leading '"' is generated
    return Arbitraries.strings().withChars(COOKIE_OCTETS).ofMinLength(1).ofMaxLength(120);
  }

  @Provide
  Arbitrary<List<String>> otherCookies() {
    Arbitrary<String> name =
        Arbitraries.strings()
            .withChars("abcdefghijklmnopqrstuvwxyz_-")
            .ofMinLength(1)
            .ofMaxLength(12)
            .filter(n -> !n.equals("wsgate_token"));
    return net.jqwik.api.Combinators.combine(name, cookieValues())
        .as((n, v) -> n + "=" + v)
        .list()
        .ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> bearerSpellings() {
    return Arbitraries.of("Bearer", "bearer", "BEARER", "bEaReR");
  }
}
