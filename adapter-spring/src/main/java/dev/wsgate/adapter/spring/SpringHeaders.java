package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Headers;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;

/** The gate's view of Spring's request parts, shared by both stacks. */
final class SpringHeaders {
  static final String PROTOCOL = "Sec-WebSocket-Protocol";

  private SpringHeaders() {}

  /** Every header field line as received. */
  static Headers of(HttpHeaders spring) {
    Headers.Builder headers = Headers.builder();
    spring.forEach(
        (name, values) -> {
          for (String v : values) {
            headers.add(name, v);
          }
        });
    return headers.build();
  }

  /** The client address as the container reports it; empty when unknown. */
  static String address(InetSocketAddress remote) {
    return remote == null || remote.getAddress() == null
        ? ""
        : remote.getAddress().getHostAddress();
  }

  /** The {@code Sec-WebSocket-Protocol} lines the 101 may choose from: the gate's choice only. */
  static List<String> protocolOffer(Optional<String> selected) {
    return selected.map(List::of).orElse(List.of());
  }
}
