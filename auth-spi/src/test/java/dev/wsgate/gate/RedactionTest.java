package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

final class RedactionTest {
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJl";

  @Test
  void fingerprint_isFirstEightHexOfSha256() throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8));
    assertThat(Redaction.fingerprint(TOKEN))
        .isEqualTo(HexFormat.of().formatHex(digest).substring(0, 8));
  }

  @Test
  void fingerprint_knownVector_matches() {
    // SHA-256("abc") = ba7816bf 8f01cfea ... (FIPS 180-2, appendix B.1)
    assertThat(Redaction.fingerprint("abc")).isEqualTo("ba7816bf");
  }

  @Test
  void fingerprint_emptyOrNull_isEmpty() {
    assertThat(Redaction.fingerprint("")).isEmpty();
    assertThat(Redaction.fingerprint(null)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/ws?token=TOKEN | /ws?token=[REDACTED]",
        "/ws?token=TOKEN&v=1 | /ws?token=[REDACTED]&v=[REDACTED]",
        "/ws?access_token=TOKEN | /ws?access_token=[REDACTED]",
        "/ws?v=1&token=TOKEN&token=TOKEN | /ws?v=[REDACTED]&token=[REDACTED]&token=[REDACTED]",
        "/ws?TOKEN | /ws?[REDACTED]",
        "/ws?debug&token=TOKEN | /ws?[REDACTED]&token=[REDACTED]",
        "/ws?token=TOKEN#TOKEN | /ws?token=[REDACTED]",
        "/ws#TOKEN | /ws",
        "/ws | /ws",
        "/ws? | /ws?",
        "/ws?&token=TOKEN | /ws?&token=[REDACTED]",
        "/ws?a=1&&token=TOKEN& | /ws?a=[REDACTED]&&token=[REDACTED]&",
        "/ws?token=a=TOKEN | /ws?token=[REDACTED]",
        "/ws?=TOKEN | /ws?=[REDACTED]"
      })
  void requestTarget_tokenAnywhereInQuery_isRemoved(String target, String redacted) {
    String logged = Redaction.requestTarget(target.replace("TOKEN", TOKEN));
    assertThat(logged).isEqualTo(redacted).doesNotContain(TOKEN);
  }

  @Test
  void requestTarget_null_isEmpty() {
    assertThat(Redaction.requestTarget(null)).isEmpty();
  }

  @Test
  void requestTarget_controlCharactersInPath_cannotForgeLogLines() {
    assertThat(Redaction.requestTarget("/ws\r\nINFO forged?token=x"))
        .isEqualTo("/ws??INFO forged?token=[REDACTED]");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Authorization",
        "authorization",
        "Proxy-Authorization",
        "Cookie",
        "COOKIE",
        "Sec-WebSocket-Protocol"
      })
  void headerValue_credentialHeader_isRedacted(String name) {
    assertThat(Redaction.headerValue(name, "Bearer " + TOKEN)).isEqualTo(Redaction.REDACTED);
  }

  @Test
  void headerValue_otherHeader_isKeptPrintable() {
    assertThat(Redaction.headerValue("Origin", "https://app.example.com"))
        .isEqualTo("https://app.example.com");
    assertThat(Redaction.headerValue("User-Agent", "a\nb\u0000c")).isEqualTo("a?b?c");
    assertThat(Redaction.headerValue("X-Empty", null)).isEmpty();
  }

  @Test
  void printable_longValue_isCappedAt256Characters() {
    assertThat(Redaction.printable("x".repeat(1000))).isEqualTo("x".repeat(256) + "…");
    assertThat(Redaction.printable("x".repeat(256))).isEqualTo("x".repeat(256));
  }
}
