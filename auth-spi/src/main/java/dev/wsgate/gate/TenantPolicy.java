package dev.wsgate.gate;

import dev.wsgate.spi.TokenVerifier;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the gate applies to the handshakes of one tenant. Immutable; the verifier it holds is
 * shared by every handshake of the tenant and so must be thread-safe.
 *
 * @param id the tenant id ({@code default} for a single-tenant server)
 * @param origins the origin allowlist
 * @param extractors where tokens are looked for, in order; the first that finds one wins
 * @param verifier the tenant's verifier
 * @param subprotocols the application subprotocols the server speaks, in preference order
 * @param maxTokenBytes the largest token accepted, checked before any parsing
 * @param clockSkew tolerance for the gate's own expiry re-check
 */
public record TenantPolicy(
    String id,
    OriginPolicy origins,
    List<TokenExtractor> extractors,
    TokenVerifier verifier,
    List<String> subprotocols,
    int maxTokenBytes,
    Duration clockSkew) {

  /** The default {@code max-token-bytes}. */
  public static final int DEFAULT_MAX_TOKEN_BYTES = 8192;

  /** Validates and copies the components. */
  public TenantPolicy {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(origins, "origins");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(clockSkew, "clockSkew");
    extractors = List.copyOf(extractors);
    subprotocols = List.copyOf(subprotocols);
    if (extractors.isEmpty()) {
      throw new IllegalArgumentException("tenant " + id + " needs at least one extractor");
    }
    if (maxTokenBytes < 16) {
      throw new IllegalArgumentException("max-token-bytes must be at least 16");
    }
    String prefix = subprotocolPrefix(extractors);
    for (String p : subprotocols) {
      // such a protocol would be taken for a token entry and could never be selected
      if (p.startsWith(prefix) || p.startsWith(Subprotocols.BASE64URL + prefix)) {
        throw new IllegalArgumentException(
            "subprotocol '"
                + p
                + "' of tenant "
                + id
                + " starts with the token prefix '"
                + prefix
                + "'; rename it or change wsgate.extractor.subprotocol.prefix");
      }
    }
  }

  /** Where this tenant's tickets are issued and redeemed; empty when tickets are off. */
  public Optional<Tickets> tickets() {
    for (TokenExtractor e : extractors) {
      if (e instanceof TicketExtractor) {
        return Optional.of(((TicketExtractor) e).tickets());
      }
    }
    return Optional.empty();
  }

  /**
   * How long a connection upgraded without a token may wait for its authentication frame; empty
   * when this tenant does not authenticate by first message.
   */
  public Optional<Duration> firstMessageTimeout() {
    for (TokenExtractor e : extractors) {
      if (e instanceof MessageExtractor) {
        return Optional.of(((MessageExtractor) e).timeout());
      }
    }
    return Optional.empty();
  }

  /** The prefix that marks token entries in {@code Sec-WebSocket-Protocol}. */
  String subprotocolPrefix() {
    return subprotocolPrefix(extractors);
  }

  private static String subprotocolPrefix(List<TokenExtractor> extractors) {
    for (TokenExtractor e : extractors) {
      if (e instanceof SubprotocolExtractor) {
        return ((SubprotocolExtractor) e).prefix();
      }
    }
    return Subprotocols.DEFAULT_PREFIX;
  }
}
