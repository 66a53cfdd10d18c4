package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.Refusal;
import dev.wsgate.testkit.RawHttp;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal WebFlux on Reactor Netty can be made to answer is the gate's {@link Refusal} as it
 * stands: the status line, every header with its value, the body, and the connection closed.
 */
final class ReactiveRefusalTest {
  static Stream<RefusalCase> cases() {
    return RefusalCase.all("/echo");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void refusal_badRequest_isTheGatesRefusal(RefusalCase c) throws Exception {
    Refusal expected = c.expected();
    RawHttp.Response answer = c.raw().send(ReactiveApp.port());

    assertThat(expected.failure()).isEqualTo(c.failure());
    assertThat(answer.statusLine()).isEqualTo(expected.statusLine());
    for (Refusal.Header h : expected.headers()) {
      assertThat(answer.header(h.name())).as(h.name()).isEqualTo(h.value());
    }
    assertThat(answer.body()).isEqualTo(new String(expected.body(), "UTF-8"));
    assertThat(answer.closed()).isTrue();
  }
}
