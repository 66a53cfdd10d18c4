package dev.wsgate.adapter.spring;

import dev.wsgate.gate.Refusal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Mono;

/** Writes the answer that replaces {@code 101 Switching Protocols} on WebFlux. */
final class ReactiveRefusals {
  private ReactiveRefusals() {}

  /**
   * Writes {@code refusal} as it stands: its status, its headers in order ({@code Connection:
   * close}, on which Reactor Netty closes the connection; the bearer challenge on 401; {@code
   * Retry-After} on 429) and its one-line plain-text body.
   */
  static Mono<Void> write(ServerHttpResponse response, Refusal refusal) {
    response.setStatusCode(HttpStatusCode.valueOf(refusal.status()));
    HttpHeaders headers = response.getHeaders();
    headers.clear();
    for (Refusal.Header h : refusal.headers()) {
      headers.set(h.name(), h.value());
    }
    return response.writeWith(Mono.just(response.bufferFactory().wrap(refusal.body())));
  }
}
