package dev.wsgate.gate;

import static dev.wsgate.testkit.HandshakeRequests.withHeaders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class SubprotocolExtractorTest {
  private static final String PROTOCOL = "Sec-WebSocket-Protocol";
  private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";
  private static final String OPAQUE = "opaque+token/with=chars";

  private final TokenExtractor subprotocol = TokenExtractors.subprotocol("bearer.");

  private static String unpadded(String token) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(token.getBytes(StandardCharsets.UTF_8));
  }

  private static AuthenticationException failure(TokenExtractor extractor, String offer) {
    try {
      extractor.extract(withHeaders(PROTOCOL, offer));
    } catch (AuthenticationException e) {
      return e;
    }
    throw new AssertionError("expected a rejection of " + offer);
  }

  @Test
  void extract_bearerEntry_returnsJwt() throws AuthenticationException {
    assertThat(subprotocol.extract(withHeaders(PROTOCOL, "app.v1, bearer." + JWT))).hasValue(JWT);
  }

  @Test
  void extract_bearerEntryFirst_returnsJwt() throws AuthenticationException {
    assertThat(subprotocol.extract(withHeaders(PROTOCOL, "bearer." + JWT + ",app.v1")))
        .hasValue(JWT);
  }

  @Test
  void extract_entriesInSeveralHeaders_areAllRead() throws AuthenticationException {
    assertThat(subprotocol.extract(withHeaders(PROTOCOL, "app.v1", PROTOCOL, "bearer." + JWT)))
        .hasValue(JWT);
  }

  @Test
  void extract_base64urlEntry_returnsDecodedOpaqueToken() throws AuthenticationException {
    String offer = "app.v1, base64url.bearer." + unpadded(OPAQUE);
    assertThat(subprotocol.extract(withHeaders(PROTOCOL, offer))).hasValue(OPAQUE);
  }

  @Test
  void extract_customPrefix_readsOnlyIt() throws AuthenticationException {
    TokenExtractor custom = TokenExtractors.subprotocol("jwt.");
    assertThat(custom.extract(withHeaders(PROTOCOL, "app.v1, jwt.abc"))).hasValue("abc");
    assertThat(custom.extract(withHeaders(PROTOCOL, "app.v1, bearer.abc"))).isEmpty();
    assertThat(custom.extract(withHeaders(PROTOCOL, "base64url.jwt." + unpadded(OPAQUE))))
        .hasValue(OPAQUE);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"app.v1", "app.v1, chat", "Bearer.abc", "bearer", "bearer."})
  void extract_noTokenEntry_isEmpty(String offer) throws AuthenticationException {
    assertThat(subprotocol.extract(withHeaders(PROTOCOL, offer))).isEmpty();
  }

  @Test
  void extract_noHeader_isEmpty() throws AuthenticationException {
    assertThat(subprotocol.extract(withHeaders("Origin", "https://a.test"))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "padding | app.v1, base64url.bearer.b3BhcXVl== | padding",
        "single pad | base64url.bearer.b3BhcXVlLg= | padding",
        "standard plus | app.v1, base64url.bearer.ab+c | URL-safe alphabet",
        "standard slash | base64url.bearer.ab/c | URL-safe alphabet",
        "empty | app.v1, base64url.bearer. | empty",
        "invalid utf-8 | base64url.bearer._w | UTF-8",
        "impossible length | base64url.bearer.abcde | base64url"
      })
  void extract_badBase64urlEntry_isBadRequestSayingWhy(String why, String offer, String says) {
    AuthenticationException e = failure(subprotocol, offer);
    assertThat(e.failure()).isEqualTo(Failure.BAD_REQUEST);
    assertThat(e.getMessage()).contains(says);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bearer.a, bearer.b",
        "bearer.a, bearer.a",
        "app.v1, bearer.a, base64url.bearer.YQ",
        "base64url.bearer.YQ, base64url.bearer.Yg"
      })
  void extract_twoTokenEntries_isAmbiguous(String offer) {
    AuthenticationException e = failure(subprotocol, offer);
    assertThat(e.failure()).isEqualTo(Failure.AMBIGUOUS_TOKEN);
    assertThat(e.getMessage()).doesNotContain("bearer.a").doesNotContain("YQ");
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"app.v1, , bearer.a", "app v1, bearer.a", "bearer.a b", "bearer.a/b"})
  void extract_malformedOffer_isBadRequest(String offer) {
    AuthenticationException e = failure(subprotocol, offer);
    assertThat(e.failure()).isEqualTo(Failure.BAD_REQUEST);
    assertThat(e.getMessage()).isEqualTo("malformed Sec-WebSocket-Protocol header");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "base64url.bearer."})
  void subprotocol_badPrefix_throws(String prefix) {
    assertThatThrownBy(() -> TokenExtractors.subprotocol(prefix))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
