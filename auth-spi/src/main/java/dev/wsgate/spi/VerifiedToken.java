package dev.wsgate.spi;

import dev.wsgate.internal.ClaimMap;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The identity a verified token proves. Immutable and safe to share between threads; attached to
 * the connection for its whole life.
 *
 * <p>Built by a provider with {@link #builder(String, String)}. The raw claims are kept as an
 * unmodifiable map for applications that need more than the typed fields.
 */
public final class VerifiedToken {
  private final String providerId;
  private final String subject;
  private final String issuer;

  /**
   * The expiry as its epoch seconds and nanoseconds, {@code expiryNanos} -1 for a token that never
   * expires: no {@code Instant} held for the life of each connection.
   */
  private final long expirySeconds;

  private final int expiryNanos;

  private final List<String> audience;
  private final Set<String> scopes;
  private final String tenant;
  private final Map<String, Object> claims;

  private VerifiedToken(Builder b) {
    this.providerId = b.providerId;
    this.subject = b.subject;
    this.issuer = b.issuer;
    this.expirySeconds = b.expiresAt == null ? 0 : b.expiresAt.getEpochSecond();
    this.expiryNanos = b.expiresAt == null ? -1 : b.expiresAt.getNano();
    this.audience = List.copyOf(b.audience);
    this.scopes = Set.copyOf(b.scopes);
    this.tenant = b.tenant;
    // Builder.claims made this map unmodifiable: no second copy
    this.claims = b.claims;
  }

  /**
   * Starts a token for a provider id and a subject.
   *
   * @throws IllegalArgumentException when either is blank
   */
  public static Builder builder(String providerId, String subject) {
    return new Builder(providerId, subject);
  }

  /** The id of the provider that verified the token. */
  public String providerId() {
    return providerId;
  }

  /** The subject ({@code sub}): the user or client the token was issued to. Never blank. */
  public String subject() {
    return subject;
  }

  /** The issuer ({@code iss}); empty when the token has none. */
  public String issuer() {
    return issuer;
  }

  /** When the token expires; empty only for tokens that never expire (e.g. static API keys). */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiry());
  }

  private @Nullable Instant expiry() {
    return expiryNanos < 0 ? null : Instant.ofEpochSecond(expirySeconds, expiryNanos);
  }

  /** The audiences ({@code aud}); empty when the token has none. */
  public List<String> audience() {
    return audience;
  }

  /** Scopes or roles granted by the token; empty when it has none. */
  public Set<String> scopes() {
    return scopes;
  }

  /** The wsgate tenant whose verifier accepted the token; empty until the gate attaches it. */
  public String tenant() {
    return tenant;
  }

  /** The token id ({@code jti}) when the token has one. */
  public Optional<String> tokenId() {
    Object jti = claims.get("jti");
    return jti instanceof String ? Optional.of((String) jti) : Optional.empty();
  }

  /**
   * Every claim of the token, unmodifiable. Values are JSON types: String, Number, Boolean, List,
   * Map.
   */
  public Map<String, Object> claims() {
    return claims;
  }

  /** A copy of this token attributed to {@code tenantId}. */
  public VerifiedToken withTenant(String tenantId) {
    if (tenant.equals(tenantId)) {
      return this;
    }
    return toBuilder().tenant(tenantId).build();
  }

  private Builder toBuilder() {
    return new Builder(providerId, subject)
        .issuer(issuer)
        .expiresAt(expiry())
        .audience(audience)
        .scopes(scopes)
        .tenant(tenant)
        .claims(claims);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof VerifiedToken)) {
      return false;
    }
    VerifiedToken that = (VerifiedToken) o;
    return providerId.equals(that.providerId)
        && subject.equals(that.subject)
        && issuer.equals(that.issuer)
        && expirySeconds == that.expirySeconds
        && expiryNanos == that.expiryNanos
        && audience.equals(that.audience)
        && scopes.equals(that.scopes)
        && tenant.equals(that.tenant)
        && claims.equals(that.claims);
  }

  @Override
  public int hashCode() {
    return Objects.hash(providerId, subject, issuer, expiry(), audience, scopes, tenant, claims);
  }

  /** Names the subject, issuer, expiry and tenant; never the claims, which may be sensitive. */
  @Override
  public String toString() {
    return "VerifiedToken[provider="
        + providerId
        + ", subject="
        + subject
        + ", issuer="
        + issuer
        + ", expiresAt="
        + expiry()
        + ", tenant="
        + tenant
        + "]";
  }

  /** Builds a {@link VerifiedToken}. Not thread-safe; use once. */
  public static final class Builder {
    private final String providerId;
    private final String subject;
    private String issuer = "";
    private Instant expiresAt;
    private List<String> audience = List.of();
    private Set<String> scopes = Set.of();
    private String tenant = "";
    private Map<String, Object> claims = Map.of();

    private Builder(String providerId, String subject) {
      this.providerId = requireText(providerId, "providerId");
      this.subject = requireText(subject, "subject");
    }

    /** The issuer; null or empty for none. */
    public Builder issuer(@Nullable String issuer) {
      this.issuer = issuer == null ? "" : issuer;
      return this;
    }

    /** The expiry; null for a token that never expires. */
    public Builder expiresAt(@Nullable Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** The audiences. */
    public Builder audience(Collection<String> audience) {
      this.audience = List.copyOf(audience);
      return this;
    }

    /** The scopes or roles. */
    public Builder scopes(Collection<String> scopes) {
      this.scopes = new LinkedHashSet<>(scopes);
      return this;
    }

    /** The wsgate tenant (usually {@link VerificationContext#tenant()}). */
    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    /** The raw claims, in their iteration order; null values are dropped. */
    public Builder claims(Map<String, ?> claims) {
      this.claims = ClaimMap.copyOf(claims);
      return this;
    }

    /** The token. */
    public VerifiedToken build() {
      return new VerifiedToken(this);
    }

    private static String requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }
  }
}
