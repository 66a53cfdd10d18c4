package dev.wsgate.gate;

import dev.wsgate.spi.RevocationCheck;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The built-in in-memory {@link RevocationCheck}: denies subjects and token ids ({@code jti}) of
 * one tenant, each until a given instant (a revoked token id only needs to be remembered until the
 * token expires). Subjects and token ids are the identity provider's, and each tenant has its own:
 * {@code mallory} of tenant {@code acme} is not {@code mallory} of tenant {@code globex}, so every
 * denial names its tenant and is matched against the {@link VerifiedToken#tenant()} the gate
 * attached. Per process: a cluster needs a shared store behind its own {@link RevocationCheck}.
 *
 * <p>Thread-safe; lookups are two hash-map reads.
 */
public final class DenyList implements RevocationCheck {
  private final Map<Key, Instant> subjects = new ConcurrentHashMap<>();
  private final Map<Key, Instant> tokenIds = new ConcurrentHashMap<>();

  /** A subject or token id within its tenant. */
  private record Key(String tenant, String value) {}

  /**
   * Denies every token of {@code subject} in {@code tenant} until {@code until}.
   *
   * @throws IllegalArgumentException when the tenant or the subject is blank
   */
  public void denySubject(String tenant, String subject, Instant until) {
    subjects.put(key(tenant, subject), Objects.requireNonNull(until, "until"));
  }

  /**
   * Denies the token of {@code tenant} whose {@code jti} is {@code tokenId} until {@code until}.
   *
   * @throws IllegalArgumentException when the tenant or the token id is blank
   */
  public void denyTokenId(String tenant, String tokenId, Instant until) {
    tokenIds.put(key(tenant, tokenId), Objects.requireNonNull(until, "until"));
  }

  /** Lifts the denial of {@code subject} in {@code tenant}. */
  public void allowSubject(String tenant, String subject) {
    subjects.remove(key(tenant, subject));
  }

  @Override
  public boolean isRevoked(VerifiedToken token, Instant now) {
    String tenant = token.tenant();
    return active(subjects, new Key(tenant, token.subject()), now)
        || token.tokenId().map(id -> active(tokenIds, new Key(tenant, id), now)).orElse(false);
  }

  /** Forgets denials that have run out; the server calls it from its periodic sweep. */
  public void purge(Instant now) {
    subjects.values().removeIf(until -> !now.isBefore(until));
    tokenIds.values().removeIf(until -> !now.isBefore(until));
  }

  private static boolean active(Map<Key, Instant> denied, Key key, Instant now) {
    Instant until = denied.get(key);
    return until != null && now.isBefore(until);
  }

  private static Key key(String tenant, String value) {
    if (tenant == null || tenant.isBlank()) {
      throw new IllegalArgumentException("a denial must name its tenant");
    }
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a denied subject or token id must not be blank");
    }
    return new Key(tenant, value);
  }

  @Override
  public String toString() {
    return "DenyList[subjects=" + subjects.size() + ", tokenIds=" + tokenIds.size() + "]";
  }
}
