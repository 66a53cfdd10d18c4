package dev.wsgate.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class FailureTest {

  /**
   * The failure table (the design's "Failure taxonomy"), row by row, then the transport's refusals.
   */
  static Stream<Arguments> designTable() {
    return Stream.of(
        Arguments.of(Failure.MISSING_TOKEN, 401, 4001),
        Arguments.of(Failure.MALFORMED_TOKEN, 401, 4001),
        Arguments.of(Failure.INVALID_SIGNATURE, 401, 4001),
        Arguments.of(Failure.UNKNOWN_KEY, 401, 4001),
        Arguments.of(Failure.NOT_YET_VALID, 401, 4001),
        Arguments.of(Failure.WRONG_ISSUER, 401, 4001),
        Arguments.of(Failure.WRONG_AUDIENCE, 401, 4001),
        Arguments.of(Failure.UNSUPPORTED_ALGORITHM, 401, 4001),
        Arguments.of(Failure.REVOKED, 401, 4001),
        Arguments.of(Failure.TOKEN_INACTIVE, 401, 4001),
        Arguments.of(Failure.SUBJECT_MISMATCH, 401, 4001),
        Arguments.of(Failure.INVALID_TICKET, 401, 4001),
        Arguments.of(Failure.EXPIRED, 401, 4002),
        Arguments.of(Failure.ORIGIN_NOT_ALLOWED, 403, 4003),
        Arguments.of(Failure.INSUFFICIENT_SCOPE, 403, 4003),
        Arguments.of(Failure.AMBIGUOUS_TOKEN, 400, 1008),
        Arguments.of(Failure.BAD_REQUEST, 400, 1008),
        Arguments.of(Failure.TOKEN_TOO_LARGE, 431, 1009),
        Arguments.of(Failure.RATE_LIMITED, 429, 1013),
        Arguments.of(Failure.PROVIDER_UNAVAILABLE, 503, 1013),
        Arguments.of(Failure.TICKET_STORE_UNAVAILABLE, 503, 1013),
        Arguments.of(Failure.INTERNAL_ERROR, 500, 1011),
        Arguments.of(Failure.NOT_AN_UPGRADE, 400, 1002),
        Arguments.of(Failure.NO_ENDPOINT, 404, 1008),
        Arguments.of(Failure.REQUEST_TIMEOUT, 408, 1008),
        Arguments.of(Failure.UNSUPPORTED_VERSION, 426, 1002),
        Arguments.of(Failure.REQUEST_TOO_LARGE, 431, 1009));
  }

  @ParameterizedTest(name = "{0} -> {1} / {2}")
  @MethodSource("designTable")
  void failure_designTableRow_hasThatStatusAndCloseCode(
      Failure failure, int httpStatus, int closeCode) {
    assertThat(failure.httpStatus()).isEqualTo(httpStatus);
    assertThat(failure.closeCode()).isEqualTo(closeCode);
  }

  @Test
  void failure_designTable_coversEveryConstant() {
    Set<Failure> listed = designTable().map(a -> (Failure) a.get()[0]).collect(Collectors.toSet());
    assertThat(listed).isEqualTo(EnumSet.allOf(Failure.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("designTable")
  void isAuthenticationChallenge_exactlyFor401(Failure failure, int httpStatus, int closeCode) {
    assertThat(failure.isAuthenticationChallenge()).isEqualTo(httpStatus == 401);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("designTable")
  void httpReasonPhrase_matchesTheStatus(Failure failure, int httpStatus, int closeCode) {
    String expected =
        switch (httpStatus) {
          case 400 -> "Bad Request";
          case 401 -> "Unauthorized";
          case 403 -> "Forbidden";
          case 404 -> "Not Found";
          case 408 -> "Request Timeout";
          case 426 -> "Upgrade Required";
          case 429 -> "Too Many Requests";
          case 431 -> "Request Header Fields Too Large";
          case 500 -> "Internal Server Error";
          case 503 -> "Service Unavailable";
          default -> throw new AssertionError("status missing from the test: " + httpStatus);
        };
    assertThat(failure.httpReasonPhrase()).isEqualTo(expected);
  }

  @Test
  void metricLabel_isTheLowerCaseNameAndUnique() {
    assertThat(Failure.INVALID_SIGNATURE.metricLabel()).isEqualTo("invalid_signature");
    assertThat(Arrays.stream(Failure.values()).map(Failure::metricLabel))
        .allMatch(l -> l.matches("[a-z_]+"))
        .doesNotHaveDuplicates();
  }

  @Test
  void logReason_isShortFixedAndUnique() {
    assertThat(Arrays.stream(Failure.values()).map(Failure::logReason))
        .allMatch(r -> !r.isBlank() && r.length() <= 60)
        .doesNotHaveDuplicates();
  }
}
