package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.spi.Failure;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class RefusalTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(Failure.class)
  void httpResponse_everyFailure_statusLineHeadersAndBodyAgree(Failure failure) {
    Refusal r = new Refusal(failure, "why", 7);
    String response = new String(r.httpResponse(), StandardCharsets.UTF_8);

    assertThat(response)
        .startsWith("HTTP/1.1 " + failure.httpStatus() + " " + failure.httpReasonPhrase() + "\r\n")
        .endsWith("\r\n\r\nwhy\n")
        .contains("Content-Length: 4\r\n", "Connection: close\r\n", "Cache-Control: no-store\r\n");
    assertThat(r.status()).isEqualTo(failure.httpStatus());
    assertThat(response.contains("WWW-Authenticate: Bearer error=\"invalid_token\"\r\n"))
        .isEqualTo(failure.httpStatus() == 401);
    assertThat(response.contains("Retry-After: 7\r\n")).isEqualTo(failure == Failure.RATE_LIMITED);
    assertThat(response.contains("Sec-WebSocket-Version: 13\r\n"))
        .isEqualTo(failure == Failure.UNSUPPORTED_VERSION);
  }

  @Test
  void reason_controlCharactersAndLength_oneShortLine() {
    Refusal r = Refusal.of(Failure.BAD_REQUEST, "a\r\nInjected: yes\t" + "x".repeat(500));

    assertThat(r.reason()).doesNotContain("\r", "\n", "\t").hasSize(200);
    assertThat(new String(r.httpResponse(), StandardCharsets.UTF_8)).doesNotContain("\r\nInjected");
  }

  @Test
  void reason_blank_theTablesReason() {
    assertThat(Refusal.of(Failure.EXPIRED, " ").reason()).isEqualTo(Failure.EXPIRED.logReason());
  }

  @Test
  void retryAfter_onlyFor429_andAtLeastOneSecond() {
    assertThat(new Refusal(Failure.RATE_LIMITED, "slow down", 0).retryAfterSeconds()).isEqualTo(1);
    assertThat(new Refusal(Failure.EXPIRED, "x", 30).retryAfterSeconds()).isZero();
  }

  @Test
  void contentLength_countsUtf8Bytes() {
    Refusal r = Refusal.of(Failure.ORIGIN_NOT_ALLOWED, "origin 'https://bücher.example' refused");
    assertThat(r.headers())
        .contains(new Refusal.Header("Content-Length", Integer.toString(r.body().length)));
    assertThat(r.body().length).isGreaterThan(r.reason().length() + 1);
  }

  @Test
  void httpResponse_asked_again_theSameBytes_inAnArrayOfItsOwn() {
    byte[] first = Refusal.of(Failure.EXPIRED, "token expired").httpResponse();
    byte[] copy = first.clone();
    first[0] = 'X';

    byte[] second = Refusal.of(Failure.EXPIRED, "token expired").httpResponse();
    assertThat(second).isEqualTo(copy).isNotSameAs(first);
    assertThat(Refusal.of(Failure.EXPIRED, "token expired!").httpResponse())
        .isNotEqualTo(copy)
        .hasSize(copy.length + 1);
  }

  @Test
  void httpResponse_manyReasons_eachItsOwnBytes() {
    for (int i = 0; i < 300; i++) {
      Refusal r = Refusal.of(Failure.INVALID_SIGNATURE, "reason " + i);
      assertThat(new String(r.httpResponse(), StandardCharsets.UTF_8))
          .endsWith("\r\n\r\nreason " + i + "\n");
    }
  }

  @Test
  void httpResponse_rateLimited_carriesItsOwnRetryAfter() {
    assertThat(
            new String(
                new Refusal(Failure.RATE_LIMITED, "slow", 3).httpResponse(),
                StandardCharsets.UTF_8))
        .contains("Retry-After: 3\r\n");
    assertThat(
            new String(
                new Refusal(Failure.RATE_LIMITED, "slow", 9).httpResponse(),
                StandardCharsets.UTF_8))
        .contains("Retry-After: 9\r\n");
  }
}
