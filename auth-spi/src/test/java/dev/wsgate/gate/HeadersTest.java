package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.testkit.HandshakeRequests;
import org.junit.jupiter.api.Test;

final class HeadersTest {

  @Test
  void all_namesCompareCaseInsensitively_valuesKeepOrder() {
    Headers h = HandshakeRequests.headers("Cookie", "a=1", "COOKIE", "b=2", "cookie", "c=3");
    assertThat(h.all("cOoKiE")).containsExactly("a=1", "b=2", "c=3");
    assertThat(h.first("Cookie")).hasValue("a=1");
    assertThat(h.names()).containsExactly("Cookie");
  }

  @Test
  void all_absent_isEmpty() {
    assertThat(Headers.empty().all("Origin")).isEmpty();
    assertThat(Headers.empty().first("Origin")).isEmpty();
  }

  @Test
  void builder_nullNameOrValue_isIgnored() {
    Headers h = Headers.builder().add(null, "x").add("Origin", null).build();
    assertThat(h.names()).isEmpty();
  }

  @Test
  void with_returnsCopyWithValueAppended() {
    Headers h = HandshakeRequests.headers("Origin", "https://a.test");
    Headers more = h.with("origin", "https://b.test");
    assertThat(more.all("Origin")).containsExactly("https://a.test", "https://b.test");
    assertThat(h.all("Origin")).containsExactly("https://a.test");
  }

  @Test
  void toString_namesOnly() {
    Headers h = HandshakeRequests.headers("Authorization", "Bearer secret-token");
    assertThat(h).hasToString("Headers[Authorization]");
  }
}
