package dev.wsgate.gate;

import dev.wsgate.spi.RevocationCheck;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in in-memory {@link RevocationCheck}: denies token ids ({@code jti}) and subjects, each
 * until a given instant (a revoked token id only needs to be remembered until the token expires).
 * Per process: a cluster needs a shared store behind its own {@link RevocationCheck}.
 *
 * <p>Thread-safe; lookups are two hash-map reads.
 */
public final class DenyList implements RevocationCheck {
  private final Map<String, Instant> subjects = new ConcurrentHashMap<>();
  private final Map<String, Instant> tokenIds = new ConcurrentHashMap<>();

  /** Denies every token of {@code subject} until {@code until}. */
  public void denySubject(String subject, Instant until) {
    subjects.put(key(subject), Objects.requireNonNull(until, "until"));
  }

  /** Denies the token whose {@code jti} is {@code tokenId} until {@code until}. */
  public void denyTokenId(String tokenId, Instant until) {
    tokenIds.put(key(tokenId), Objects.requireNonNull(until, "until"));
  }

  /** Lifts a subject's denial. */
  public void allowSubject(String subject) {
    subjects.remove(key(subject));
  }

  @Override
  public boolean isRevoked(VerifiedToken token, Instant now) {
    return active(subjects, token.subject(), now)
        || token.tokenId().map(id -> active(tokenIds, id, now)).orElse(false);
  }

  /** Forgets denials that have run out; the server calls it from its periodic sweep. */
  public void purge(Instant now) {
    subjects.values().removeIf(until -> !now.isBefore(until));
    tokenIds.values().removeIf(until -> !now.isBefore(until));
  }

  private static boolean active(Map<String, Instant> denied, String key, Instant now) {
    Instant until = denied.get(key);
    return until != null && now.isBefore(until);
  }

  private static String key(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a denied subject or token id must not be blank");
    }
    return value;
  }

  @Override
  public String toString() {
    return "DenyList[subjects=" + subjects.size() + ", tokenIds=" + tokenIds.size() + "]";
  }
}
