package dev.wsgate.adapter.spring;

import java.util.Map;
import java.util.function.Function;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.HandshakeInfo;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A WebFlux session as the application sees it: the same session, except that {@link #receive()}
 * hands refresh frames to {@link WsgateSessions} instead of the application.
 */
final class RefreshFilteringSession implements WebSocketSession {
  private final WebSocketSession delegate;
  private final SpringSessionChannel channel;
  private final WsgateSessions sessions;

  RefreshFilteringSession(
      WebSocketSession delegate, SpringSessionChannel channel, WsgateSessions sessions) {
    this.delegate = delegate;
    this.channel = channel;
    this.sessions = sessions;
  }

  @Override
  public Flux<WebSocketMessage> receive() {
    return delegate.receive().filter(this::forApplication);
  }

  /** A refresh frame left out is released by the filter's discard hook, as Reactor Netty's. */
  private boolean forApplication(WebSocketMessage message) {
    return message.getType() != WebSocketMessage.Type.TEXT
        || !sessions.handledInBand(channel, message.getPayloadAsText());
  }

  @Override
  public String getId() {
    return delegate.getId();
  }

  @Override
  public HandshakeInfo getHandshakeInfo() {
    return delegate.getHandshakeInfo();
  }

  @Override
  public DataBufferFactory bufferFactory() {
    return delegate.bufferFactory();
  }

  @Override
  public Map<String, Object> getAttributes() {
    return delegate.getAttributes();
  }

  @Override
  public Mono<Void> send(Publisher<WebSocketMessage> messages) {
    return delegate.send(messages);
  }

  @Override
  public boolean isOpen() {
    return delegate.isOpen();
  }

  @Override
  public Mono<Void> close(CloseStatus status) {
    return delegate.close(status);
  }

  @Override
  public Mono<CloseStatus> closeStatus() {
    return delegate.closeStatus();
  }

  @Override
  public WebSocketMessage textMessage(String payload) {
    return delegate.textMessage(payload);
  }

  @Override
  public WebSocketMessage binaryMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
    return delegate.binaryMessage(payloadFactory);
  }

  @Override
  public WebSocketMessage pingMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
    return delegate.pingMessage(payloadFactory);
  }

  @Override
  public WebSocketMessage pongMessage(Function<DataBufferFactory, DataBuffer> payloadFactory) {
    return delegate.pongMessage(payloadFactory);
  }
}
