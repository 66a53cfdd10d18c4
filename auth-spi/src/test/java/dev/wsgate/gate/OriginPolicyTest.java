package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

final class OriginPolicyTest {
  private static final OriginPolicy POLICY =
      OriginPolicy.of(
          List.of("https://app.example.com", "https://*.example.net", "http://localhost:*"), false);

  /** How a hostile origin fails: parsed but not listed, or not a serialized origin at all. */
  enum Outcome {
    NOT_ALLOWED,
    MALFORMED
  }

  static Stream<Arguments> hostileOrigins() {
    return Stream.of(
        // suffix and look-alike domains against the exact entry and the wildcard
        Arguments.of("https://example.com.evil.com", Outcome.NOT_ALLOWED),
        Arguments.of("https://app.example.com.evil.com", Outcome.NOT_ALLOWED),
        Arguments.of("https://evil-example.net", Outcome.NOT_ALLOWED),
        Arguments.of("https://evilexample.net", Outcome.NOT_ALLOWED),
        Arguments.of("https://example.net.evil.com", Outcome.NOT_ALLOWED),
        Arguments.of("https://www.app.example.com", Outcome.NOT_ALLOWED),
        // the bare apex of a wildcard
        Arguments.of("https://example.net", Outcome.NOT_ALLOWED),
        Arguments.of("HTTPS://EXAMPLE.NET", Outcome.NOT_ALLOWED),
        Arguments.of("https://.example.net", Outcome.MALFORMED),
        // the opaque origin
        Arguments.of("null", Outcome.MALFORMED),
        Arguments.of("NULL", Outcome.MALFORMED),
        // user info tricks
        Arguments.of("https://user@app.example.com", Outcome.MALFORMED),
        Arguments.of("https://user:pass@app.example.com", Outcome.MALFORMED),
        Arguments.of("https://app.example.com@evil.com", Outcome.MALFORMED),
        Arguments.of("https://evil.com\\@app.example.com", Outcome.MALFORMED),
        // ports and schemes
        Arguments.of("https://app.example.com:8443", Outcome.NOT_ALLOWED),
        Arguments.of("http://app.example.com", Outcome.NOT_ALLOWED),
        Arguments.of("http://app.example.com:443", Outcome.NOT_ALLOWED),
        Arguments.of("https://localhost:3000", Outcome.NOT_ALLOWED),
        Arguments.of("https://app.example.com:0443", Outcome.MALFORMED),
        Arguments.of("https://app.example.com:0", Outcome.MALFORMED),
        Arguments.of("https://app.example.com:65536", Outcome.MALFORMED),
        Arguments.of("https://app.example.com:", Outcome.MALFORMED),
        Arguments.of("https://app.example.com:+443", Outcome.MALFORMED),
        Arguments.of("https://app.example.com:443:443", Outcome.MALFORMED),
        Arguments.of("wss://app.example.com", Outcome.MALFORMED),
        Arguments.of("ws://app.example.com", Outcome.MALFORMED),
        Arguments.of("file://", Outcome.MALFORMED),
        Arguments.of("chrome-extension://abcdefghijklmnop", Outcome.MALFORMED),
        Arguments.of("javascript:alert(1)", Outcome.MALFORMED),
        Arguments.of("https:app.example.com", Outcome.MALFORMED),
        Arguments.of("//app.example.com", Outcome.MALFORMED),
        Arguments.of("https://", Outcome.MALFORMED),
        Arguments.of("", Outcome.MALFORMED),
        // trailing dots
        Arguments.of("https://app.example.com.", Outcome.MALFORMED),
        Arguments.of("https://a.example.net.", Outcome.MALFORMED),
        // punycode and unicode
        Arguments.of("https://xn--pp-8cd.example.com", Outcome.NOT_ALLOWED),
        Arguments.of("https://\u0430pp.example.com", Outcome.MALFORMED),
        Arguments.of("https://\u212A.example.net", Outcome.MALFORMED),
        Arguments.of("https://app.ex\u0430mple.com", Outcome.MALFORMED),
        // white space and control characters
        Arguments.of(" https://app.example.com", Outcome.MALFORMED),
        Arguments.of("https://app.example.com ", Outcome.MALFORMED),
        Arguments.of("https://app.example.com\t", Outcome.MALFORMED),
        Arguments.of("https://app.example.com\r\nX-Evil: 1", Outcome.MALFORMED),
        Arguments.of("https://app.example.com\u0000", Outcome.MALFORMED),
        // paths, queries, fragments
        Arguments.of("https://app.example.com/", Outcome.MALFORMED),
        Arguments.of("https://app.example.com/path", Outcome.MALFORMED),
        Arguments.of("https://app.example.com?x=1", Outcome.MALFORMED),
        Arguments.of("https://app.example.com#x", Outcome.MALFORMED),
        Arguments.of("https://evil.com?.example.net", Outcome.MALFORMED),
        Arguments.of("https://evil.com#.example.net", Outcome.MALFORMED),
        // IPv6 and other loopback spellings against http://localhost:*
        Arguments.of("http://[::1]:3000", Outcome.NOT_ALLOWED),
        Arguments.of("http://127.0.0.1:3000", Outcome.NOT_ALLOWED),
        Arguments.of("http://localhost.evil.com:3000", Outcome.NOT_ALLOWED),
        Arguments.of("http://[::1", Outcome.MALFORMED),
        Arguments.of("http://[fe80::1%25eth0]:3000", Outcome.MALFORMED),
        // percent-encoding
        Arguments.of("https://app%2eexample.com", Outcome.MALFORMED),
        Arguments.of("https://app.example.com%00", Outcome.MALFORMED),
        // wildcards sent as origins, bad labels
        Arguments.of("https://*.example.net", Outcome.MALFORMED),
        Arguments.of("https://-a.example.net", Outcome.MALFORMED),
        // two origins joined by a server (Java-WebSocket joins repeated headers with "; ")
        Arguments.of("https://app.example.com; https://evil.com", Outcome.MALFORMED),
        Arguments.of("https://evil.com; https://app.example.com", Outcome.MALFORMED),
        Arguments.of("https://app.example.com, https://evil.com", Outcome.MALFORMED),
        Arguments.of("https://app.example.com https://evil.com", Outcome.MALFORMED));
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @MethodSource("hostileOrigins")
  void check_hostileOrigin_isRejected(String origin, Outcome outcome) {
    OriginPolicy.Match match = POLICY.check(origin);
    assertThat(match.allowed()).isFalse();
    assertThat(match.pattern()).isEmpty();
    assertThat(match.reason()).isNotBlank();
    if (outcome == Outcome.MALFORMED) {
      assertThat(match.normalized()).isEmpty();
    } else {
      assertThat(match.normalized()).isNotEmpty();
      assertThat(match.reason()).isEqualTo("origin '" + match.normalized() + "' is not allowed");
    }
  }

  @Test
  void hostileOrigins_atLeastThirty() {
    assertThat(hostileOrigins().count()).isGreaterThanOrEqualTo(30);
  }

  @Test
  void check_nullOrigin_saysWhy() {
    assertThat(POLICY.check("null").reason()).contains("'null' origin");
  }

  @ParameterizedTest(name = "{0} -> {1} by {2}")
  @CsvSource({
    "https://app.example.com, https://app.example.com, https://app.example.com",
    "HTTPS://APP.EXAMPLE.COM, https://app.example.com, https://app.example.com",
    "https://App.Example.Com:443, https://app.example.com, https://app.example.com",
    "https://a.example.net, https://a.example.net, https://*.example.net",
    "https://a.b.example.net, https://a.b.example.net, https://*.example.net",
    "https://A.EXAMPLE.NET, https://a.example.net, https://*.example.net",
    "https://a.example.net:443, https://a.example.net, https://*.example.net",
    "http://localhost:3000, http://localhost:3000, http://localhost:*",
    "http://localhost:65535, http://localhost:65535, http://localhost:*",
    "http://localhost, http://localhost, http://localhost:*",
    "http://LOCALHOST:8080, http://localhost:8080, http://localhost:*"
  })
  void check_allowedOrigin_isNormalisedAndNamesPattern(
      String origin, String normalized, String pattern) {
    OriginPolicy.Match match = POLICY.check(origin);
    assertThat(match.allowed()).isTrue();
    assertThat(match.normalized()).isEqualTo(normalized);
    assertThat(match.pattern()).hasValue(pattern);
  }

  @ParameterizedTest
  @CsvSource({
    "https://a.com:443, https://a.com",
    "https://a.com, https://a.com:443",
    "http://a.com:80, http://a.com",
    "HTTP://A.COM, http://a.com:80"
  })
  void check_defaultPort_isTheSameOrigin(String pattern, String origin) {
    assertThat(OriginPolicy.of(List.of(pattern), false).check(origin).allowed()).isTrue();
  }

  @Test
  void check_wildcardWithPort_matchesOnlyThatPort() {
    OriginPolicy policy = OriginPolicy.of(List.of("https://*.example.com:8443"), false);
    assertThat(policy.check("https://a.example.com:8443").allowed()).isTrue();
    assertThat(policy.check("https://a.example.com").allowed()).isFalse();
    assertThat(policy.check("https://example.com:8443").allowed()).isFalse();
  }

  @Test
  void check_wildcardWithAnyPort_matchesEveryPortOfSubdomainsOnly() {
    OriginPolicy policy = OriginPolicy.of(List.of("https://*.example.com:*"), false);
    assertThat(policy.check("https://a.example.com:8443").allowed()).isTrue();
    assertThat(policy.check("https://a.example.com").allowed()).isTrue();
    assertThat(policy.check("https://example.com:8443").allowed()).isFalse();
    assertThat(policy.check("http://a.example.com:8443").allowed()).isFalse();
  }

  @Test
  void check_ipv6Pattern_matchesItsLiteral() {
    OriginPolicy policy = OriginPolicy.of(List.of("http://[::1]:*"), false);
    assertThat(policy.check("http://[::1]:3000").allowed()).isTrue();
    assertThat(policy.check("http://[::2]:3000").allowed()).isFalse();
  }

  @Test
  void check_anyOrigin_allowsValidOriginsButNeverNull() {
    OriginPolicy any = OriginPolicy.of(List.of("*"), false);
    assertThat(any.allowsAnyOrigin()).isTrue();
    assertThat(any.check("https://anything.test").allowed()).isTrue();
    assertThat(any.check("null").allowed()).isFalse();
    assertThat(any.check("https://a.test/path").allowed()).isFalse();
  }

  @Test
  void patterns_areNormalised_exactOriginsExcludeWildcards() {
    OriginPolicy policy =
        OriginPolicy.of(
            List.of(" HTTPS://App.Example.com:443 ", "https://*.Example.net", "http://localhost:*"),
            true);
    assertThat(policy.patterns())
        .containsExactly("https://app.example.com", "https://*.example.net", "http://localhost:*");
    assertThat(policy.exactOrigins()).containsExactly("https://app.example.com");
    assertThat(policy.allowMissing()).isTrue();
    assertThat(POLICY.allowMissing()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://*example.com",
        "https://a.*.example.com",
        "https://*.com",
        "https://**.example.com",
        "https://example.com/",
        "https://example.com/app",
        "https://example.com?x=1",
        "https://example.com#top",
        "https://user@example.com",
        "ws://example.com",
        "wss://example.com",
        "ftp://example.com",
        "chrome-extension://abcdef",
        "example.com",
        "null",
        "",
        "https://example.com:99999",
        "https://example.com:x",
        "https://example.com:0443",
        "https://example.com.",
        "https://ex ample.com",
        "https://\u212Aiosk.example.com"
      })
  void of_invalidPattern_failsAtStartUpNamingIt(String pattern) {
    assertThatThrownBy(() -> OriginPolicy.of(List.of(pattern), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid origin pattern '" + pattern.trim() + "'");
  }

  @Test
  void of_starMixedWithOthers_failsAtStartUp() {
    assertThatThrownBy(() -> OriginPolicy.of(List.of("*", "https://app.example.com"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'*' allows every origin and must not be mixed");
  }

  @Test
  void of_severalInvalidPatterns_reportsEveryOne() {
    assertThatThrownBy(
            () ->
                OriginPolicy.of(
                    List.of("https://*example.com", "https://ok.example.com", "ws://x.test"),
                    false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'https://*example.com'")
        .hasMessageContaining("'ws://x.test'")
        .hasMessageNotContaining("'https://ok.example.com'");
  }

  @Test
  void toString_listsPatterns() {
    assertThat(POLICY)
        .hasToString(
            "OriginPolicy[https://app.example.com, https://*.example.net, http://localhost:*]");
  }

  @Test
  void check_manyDistinctOrigins_rememberedUpToTheBound_sameAnswers() {
    OriginPolicy policy = OriginPolicy.of(List.of("https://*.example.com"), false);
    for (int i = 0; i < 3 * OriginPolicy.MEMO_SIZE; i++) {
      String allowed = "https://a" + i + ".example.com";
      String other = "https://a" + i + ".evil.example";
      assertThat(policy.check(allowed).allowed()).isTrue();
      assertThat(policy.check(allowed)).isEqualTo(policy.check(allowed));
      assertThat(policy.check(other).allowed()).isFalse();
      assertThat(policy.check(other + ":443").normalized()).isEqualTo(other);
    }
    assertThat(policy.memoSize()).isEqualTo(OriginPolicy.MEMO_SIZE);
    assertThat(policy.check("null").allowed()).isFalse();
    assertThat(policy.check("HTTPS://A1.EXAMPLE.COM").normalized())
        .isEqualTo("https://a1.example.com");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://[0:0:0:0:0:0:0:1], http://[::1]",
    "http://[2001:0db8::1], http://[2001:db8::1]",
    "http://[2001:DB8::1]:443, http://[2001:db8::1]:443",
    "http://[::127.0.0.1], http://[::7f00:1]",
    "http://[1:0::], http://[1::]",
    "http://[1:0:0:2:0:0:0:3], http://[1:0:0:2::3]",
    "http://127.1, http://127.0.0.1",
    "http://127.0.0.1., http://127.0.0.1",
    "http://0x7f.1:8080, http://127.0.0.1:8080",
    "http://0177.0.0.1, http://127.0.0.1",
    "http://2130706433, http://127.0.0.1",
    "http://192.168.257, http://192.168.1.1",
    "http://192.0x00A80001, http://192.168.0.1",
    "http://4294967295, http://255.255.255.255",
    "http://0xffffffff, http://255.255.255.255",
    "https://0x.0x.0, https://0.0.0.0",
    "http://127.1:*, http://127.0.0.1:*",
    "HTTPS://App.Example.COM:443, https://app.example.com"
  })
  void of_entryInAnotherSpelling_isHeldAsBrowsersSendIt(String typed, String form) {
    OriginPolicy policy = OriginPolicy.of(List.of(typed), false);

    assertThat(policy.patterns()).containsExactly(form);
    assertThat(policy.rewrites())
        .containsExactly(org.assertj.core.api.Assertions.entry(typed, form));
    String origin = form.endsWith(":*") ? form.replace(":*", ":3000") : form;
    assertThat(policy.check(origin).allowed()).isTrue();
  }

  @Test
  void of_entriesAlreadyInBrowserForm_areNotRewritten() {
    OriginPolicy policy =
        OriginPolicy.of(
            List.of("http://127.0.0.1:3000", "http://[::1]:*", "https://*.example.com"), false);
    assertThat(policy.rewrites()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://1.2.3.4.5 | a host whose last label is a number is an IPv4 address to browsers",
        "http://192.168.0.257 | 192.168.0.257 is not a valid one",
        "http://foo.09 | a host whose last label is a number is an IPv4 address",
        "http://4294967296 | is not a valid one, so browsers refuse it",
        "http://[::1%25eth0] | (they take no zone id)",
        "http://[1:2:3:4:5:6:7:8:9] | is not an IPv6 address that browsers accept",
        "http://::1 | an IPv6 address is written in brackets",
        "https://example.com. | a trailing dot makes another origin",
        "https://*.example.com. | write 'https://*.example.com'",
        "https://ex%61mple.com | percent-encoding in a host is decoded by browsers",
        "https://app.example.com/ | a browser reads it as 'https://app.example.com': write that",
        "https://user@app.example.com | an origin has no user info",
        "http://localhost:03000 | the port has leading zeros",
        "http://localhost: | the port is empty",
        "https://xn--pokxncvks.example | is not valid Punycode",
        "https://*.127.0.0.1 | a wildcard needs a domain name under it, not an IP address",
        "https://*.[::1] | a wildcard needs a domain name under it, not an IP address"
      })
  void of_entryBrowsersReadOtherwise_isRefusedSayingWhy(String typed, String why) {
    assertThatThrownBy(() -> OriginPolicy.of(List.of(typed), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid origin pattern '" + typed + "'")
        .hasMessageContaining(why)
        .hasMessageNotContaining("use punycode");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "https://EXAMPLE.com. | https://example.com. | write 'https://example.com'",
        "https://ex%61mple.com | https://example.com | write that",
        "http://%31%32%37.1 | http://127.0.0.1 | write that",
        "https://B\u00FCcher.example | https://xn--bcher-kva.example | write that",
        "http://localhost:03000 | http://localhost:3000 | write that",
        "http://127.1/app | http://127.0.0.1 | write that"
      })
  void of_refusedEntry_showsTheFormBrowsersSend(String typed, String form, String advice) {
    assertThatThrownBy(() -> OriginPolicy.of(List.of(typed), false))
        .hasMessageContaining("a browser reads it as '" + form + "'")
        .hasMessageContaining(advice);
  }

  @Test
  void of_trailingDotAndPercentEncoding_sayWhatIsWrongWithThem() {
    assertThatThrownBy(() -> OriginPolicy.of(List.of("https://app.example.com."), false))
        .hasMessage(
            "invalid origin pattern 'https://app.example.com.': a trailing dot makes another"
                + " origin than the same name without it, one that browsers send only from pages"
                + " opened with the dot and that wsgate never accepts; write"
                + " 'https://app.example.com'");
    assertThatThrownBy(() -> OriginPolicy.of(List.of("https://app%2Eexample.com"), false))
        .hasMessage(
            "invalid origin pattern 'https://app%2Eexample.com': percent-encoding in a host is"
                + " decoded by browsers; a browser reads it as 'https://app.example.com': write"
                + " that");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"http://127.1", "http://0x7f.0.0.1", "http://[0::1]", "http://[::0.0.0.1]"})
  void check_originNotInBrowserForm_isMalformed(String origin) {
    OriginPolicy policy =
        OriginPolicy.of(List.of("http://127.0.0.1", "http://[::1]", "http://[::ffff:1]"), false);
    OriginPolicy.Match match = policy.check(origin);
    assertThat(match.allowed()).isFalse();
    assertThat(match.normalized()).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "http://127.1/app?x=1, http://127.0.0.1",
    "https://APP.example.com:443/path, https://app.example.com",
    "https://example.com., https://example.com.",
    "https://user:pw@a.example.com:8443/#x, https://a.example.com:8443",
    "' http://[0:0::1]:80 ', http://[::1]"
  })
  void browserOrigin_url_isTheOriginABrowserSends(String url, String origin) {
    assertThat(OriginPolicy.browserOrigin(url)).contains(origin);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com",
        "http://1.2.3.4.5",
        "http://[::1",
        "https://*.example.com",
        "http://localhost:*",
        "example.com",
        "http://a b"
      })
  void browserOrigin_notAnHttpUrlBrowsersLoad_isEmpty(String url) {
    assertThat(OriginPolicy.browserOrigin(url)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://xn--bcher-kva.example",
        "https://xn--zca.example",
        "https://app.xn--6qqa088eba",
        "https://*.xn--n3h.example"
      })
  void of_validPunycodeLabels_areKeptAsWritten(String entry) {
    assertThat(OriginPolicy.of(List.of(entry), false).patterns()).containsExactly(entry);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://xn--.example", // empty
        "https://xn--a.example", // decodes to a control character
        "https://xn--abc-.example", // decodes to ASCII only
        "https://xn--BCHER-KVA.example.", // upper case is fine, the trailing dot is not
        "https://xn--pokxncvks.example" // decodes to compatibility characters browsers map
      })
  void of_punycodeBrowsersRefuseOrRewrite_isRefused(String entry) {
    assertThatThrownBy(() -> OriginPolicy.of(List.of(entry), false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
