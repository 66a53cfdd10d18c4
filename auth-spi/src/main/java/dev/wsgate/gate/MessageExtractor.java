package dev.wsgate.gate;

import java.time.Duration;
import java.util.Optional;

/**
 * Marks a tenant that authenticates by first message ({@link TokenExtractors#message()}): the
 * upgrade carries no token, so this extractor never finds one; the gate lets a request without a
 * token through as {@link Decision.AwaitingAuthentication}.
 */
final class MessageExtractor implements TokenExtractor {
  private final Duration timeout;

  MessageExtractor(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the first message's timeout must be longer than 0");
    }
    this.timeout = timeout;
  }

  /** How long a connection may wait for its authentication frame. */
  Duration timeout() {
    return timeout;
  }

  @Override
  public String name() {
    return "message";
  }

  @Override
  public Optional<String> extract(HandshakeRequest request) {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "message(within " + timeout + ")";
  }
}
