package dev.wsgate.gate;

import java.util.Optional;

/**
 * Marks a tenant that authenticates by first message ({@link TokenExtractors#message()}): the
 * upgrade carries no token, so this extractor never finds one; the gate lets a request without a
 * token through as {@link Decision.AwaitingAuthentication}.
 */
final class MessageExtractor implements TokenExtractor {
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
    return "message(first frame)";
  }
}
