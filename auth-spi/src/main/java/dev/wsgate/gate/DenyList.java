package dev.wsgate.gate;

import dev.wsgate.cluster.Denial;
import dev.wsgate.spi.RevocationCheck;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The built-in in-memory {@link RevocationCheck}: denies subjects and token ids ({@code jti}) of
 * one tenant, each until a given instant (a revoked token id only needs to be remembered until the
 * token expires). Subjects and token ids are the identity provider's, and each tenant has its own:
 * {@code mallory} of tenant {@code acme} is not {@code mallory} of tenant {@code globex}, so every
 * denial names its tenant and is matched against the {@link VerifiedToken#tenant()} the gate
 * attached. Per process, unless a {@link dev.wsgate.cluster.ClusterState} shares it: then every
 * denial made here is handed to the {@linkplain #onDeny listener} that publishes it, and other
 * instances' denials arrive through {@link #merge}, so that lookups stay local.
 *
 * <p>Thread-safe; lookups are two hash-map reads.
 */
public final class DenyList implements RevocationCheck {
  private final Map<Key, Instant> subjects = new ConcurrentHashMap<>();
  private final Map<Key, Instant> tokenIds = new ConcurrentHashMap<>();
  private volatile Consumer<Denial> listener = denial -> {};

  /** A subject or token id within its tenant. */
  private record Key(String tenant, String value) {}

  /**
   * Denies every token of {@code subject} in {@code tenant} until {@code until}.
   *
   * @throws IllegalArgumentException when the tenant or the subject is blank
   */
  public void denySubject(String tenant, String subject, Instant until) {
    subjects.put(key(tenant, subject), Objects.requireNonNull(until, "until"));
    listener.accept(new Denial(Denial.Kind.SUBJECT, tenant, subject, until));
  }

  /**
   * Denies the token of {@code tenant} whose {@code jti} is {@code tokenId} until {@code until}.
   *
   * @throws IllegalArgumentException when the tenant or the token id is blank
   */
  public void denyTokenId(String tenant, String tokenId, Instant until) {
    tokenIds.put(key(tenant, tokenId), Objects.requireNonNull(until, "until"));
    listener.accept(new Denial(Denial.Kind.TOKEN_ID, tenant, tokenId, until));
  }

  /**
   * Sets who hears of every denial made with {@link #denySubject} or {@link #denyTokenId} (not of
   * those {@linkplain #merge merged}): the cluster engine that publishes them. It is called on the
   * denying thread and must not block or throw.
   */
  public void onDeny(Consumer<Denial> listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Applies a denial made elsewhere (by another instance), without telling the listener. Of two
   * denials of one subject or token id the later {@code until} holds.
   *
   * @return whether the deny list changed
   */
  public boolean merge(Denial denial) {
    Map<Key, Instant> map = denial.kind() == Denial.Kind.SUBJECT ? subjects : tokenIds;
    Key k = new Key(denial.tenant(), denial.value());
    Instant before = map.get(k);
    Instant after = map.merge(k, denial.until(), (a, b) -> a.isAfter(b) ? a : b);
    return !after.equals(before);
  }

  /** The denials that still hold at {@code now}, for a cluster engine's resync. */
  public List<Denial> active(Instant now) {
    List<Denial> out = new ArrayList<>();
    subjects.forEach(
        (k, until) -> {
          if (now.isBefore(until)) {
            out.add(new Denial(Denial.Kind.SUBJECT, k.tenant(), k.value(), until));
          }
        });
    tokenIds.forEach(
        (k, until) -> {
          if (now.isBefore(until)) {
            out.add(new Denial(Denial.Kind.TOKEN_ID, k.tenant(), k.value(), until));
          }
        });
    return out;
  }

  /**
   * Lifts the denial of {@code subject} in {@code tenant} on this instance only: in a cluster, a
   * shared denial holds until its {@code until}.
   */
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
