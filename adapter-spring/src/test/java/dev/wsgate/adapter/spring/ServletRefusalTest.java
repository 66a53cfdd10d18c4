package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.Refusal;
import dev.wsgate.testkit.RawHttp;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal the servlet stack can be made to answer is the gate's {@link Refusal} as it stands:
 * the status, every header with its value, the body, and the connection closed. Tomcat writes no
 * reason phrase in any status line (it has not since Tomcat 9), so the status line is {@code
 * HTTP/1.1 401 } where the other adapters write {@code HTTP/1.1 401 Unauthorized}.
 */
final class ServletRefusalTest {
  static Stream<RefusalCase> cases() {
    return RefusalCase.all("/echo");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusal_badRequest_isTheGatesRefusal(RefusalCase c) throws Exception {
    Refusal expected = c.expected();
    RawHttp.Response answer = c.raw().send(ServletApp.port(ServletApp.shared()));

    assertThat(expected.failure()).isEqualTo(c.failure());
    assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 " + expected.status() + " ");
    for (Refusal.Header h : expected.headers()) {
      assertThat(answer.header(h.name())).as(h.name()).isEqualTo(h.value());
    }
    assertThat(answer.body()).isEqualTo(new String(expected.body(), "UTF-8"));
    assertThat(answer.closed()).isTrue();
  }
}
