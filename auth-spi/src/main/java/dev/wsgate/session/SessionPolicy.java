package dev.wsgate.session;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link SessionRegistry} does with open connections. Every default lives here.
 *
 * @param closeOnExpiry whether a connection is closed with 4002 when its token expires ({@code
 *     wsgate.session.on-expiry=close}); when false only the end of life closes it
 * @param expiryJitter how far before {@code exp} expiry closes are spread ({@code
 *     wsgate.session.expiry-jitter})
 * @param maxLifetime the longest a connection lives from its upgrade, across refreshes and whatever
 *     its token's {@code exp} ({@code wsgate.session.max-lifetime})
 * @param refresh whether clients may send a fresh token in band ({@code wsgate.session.refresh})
 * @param revocationInterval how often open connections are checked against the gate's revocation
 *     checks ({@code wsgate.session.revocation-interval})
 */
public record SessionPolicy(
    boolean closeOnExpiry,
    Duration expiryJitter,
    Duration maxLifetime,
    boolean refresh,
    Duration revocationInterval) {

  /** Default {@code wsgate.session.expiry-jitter}. */
  public static final Duration DEFAULT_EXPIRY_JITTER = Duration.ofSeconds(10);

  /** Default {@code wsgate.session.max-lifetime}. */
  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);

  /** Default {@code wsgate.session.revocation-interval}. */
  public static final Duration DEFAULT_REVOCATION_INTERVAL = Duration.ofSeconds(30);

  /** Validates the components. */
  public SessionPolicy {
    Objects.requireNonNull(expiryJitter, "expiryJitter");
    Objects.requireNonNull(maxLifetime, "maxLifetime");
    Objects.requireNonNull(revocationInterval, "revocationInterval");
    if (expiryJitter.isNegative()
        || maxLifetime.isNegative()
        || maxLifetime.isZero()
        || revocationInterval.isNegative()
        || revocationInterval.isZero()) {
      throw new IllegalArgumentException(
          "expiryJitter must not be negative, maxLifetime and revocationInterval must be positive");
    }
  }

  /** Close on expiry, refresh off, and the defaults above. */
  public static SessionPolicy defaults() {
    return new SessionPolicy(
        true, DEFAULT_EXPIRY_JITTER, DEFAULT_MAX_LIFETIME, false, DEFAULT_REVOCATION_INTERVAL);
  }

  /** This policy with in-band refresh on or off. */
  public SessionPolicy withRefresh(boolean on) {
    return new SessionPolicy(closeOnExpiry, expiryJitter, maxLifetime, on, revocationInterval);
  }
}
