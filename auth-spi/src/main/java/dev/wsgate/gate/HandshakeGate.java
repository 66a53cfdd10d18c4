package dev.wsgate.gate;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.RevocationCheck;
import dev.wsgate.spi.TimeWindow;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a WebSocket upgrade may proceed: tenant, origin, token extraction, verification,
 * in that order (see DESIGN.md, "The handshake gate"). Framework-neutral: a server adapter builds a
 * {@link HandshakeRequest} from its request and turns the {@link Decision} into a 101 or an HTTP
 * error response.
 *
 * <p>Thread-safe. {@link #evaluate} never throws: a verifier that throws something other than
 * {@link AuthenticationException}, or returns null, yields {@link Failure#INTERNAL_ERROR}. It
 * blocks only as long as the tenant's verifier does.
 */
public final class HandshakeGate {
  private static final System.Logger LOG = System.getLogger(HandshakeGate.class.getName());

  private final Map<String, TenantPolicy> tenants;
  private final TenantResolver resolver;
  private final Clock clock;
  private final List<RevocationCheck> revocationChecks;
  private final FailureRateLimiter failureLimiter;

  private HandshakeGate(Builder b) {
    this.tenants = Map.copyOf(b.tenants);
    this.resolver = b.resolver;
    this.clock = b.clock;
    this.revocationChecks = List.copyOf(b.revocationChecks);
    this.failureLimiter = b.failureLimiter;
  }

  /** Starts a gate. */
  public static Builder builder() {
    return new Builder();
  }

  /** The tenants by id. */
  public Map<String, TenantPolicy> tenants() {
    return tenants;
  }

  /**
   * The clock the gate gives verifiers; adapters time expiry closes of open connections with it, so
   * that a token is judged by one clock from handshake to close.
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The id of the tenant {@code request} belongs to, resolved as {@link #evaluate} resolves it,
   * without evaluating anything else; empty when no tenant matches. Servers use it to choose where
   * to run {@link #evaluate} (see the tenant's {@link dev.wsgate.spi.TokenVerifier#mayBlock()}).
   * Never blocks and never throws: a resolver that throws yields empty.
   */
  public Optional<String> tenantOf(HandshakeRequest request) {
    try {
      return resolver.resolve(request).filter(tenants::containsKey);
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      return Optional.empty();
    }
  }

  /**
   * Whether evaluating {@code request} may block: true when it would reach a verifier that may
   * block ({@link TokenVerifier#mayBlock()}) and no {@link CachingTokenVerifier} in front of it
   * holds the token. False when the request is refused before any verifier runs, when the tenant's
   * verifier never blocks, and for a cache hit. Runs the gate's own steps (tenant, origin,
   * extraction) without verifying and without counting anything against the client. Servers use it
   * to evaluate on the calling thread whatever cannot wait. Never throws.
   */
  public boolean mayBlock(HandshakeRequest request) {
    try {
      Prepared p = prepare(request, new Progress());
      TokenVerifier verifier = p.tenant().verifier();
      if (!verifier.mayBlock()) {
        return false;
      }
      return CachingTokenVerifier.cached(verifier, p.token(), p.context(clock)).isEmpty();
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      return false; // refused before any verifier runs; evaluate says why (and logs what it must)
    }
  }

  /** Evaluates one upgrade request. Never throws. */
  public Decision evaluate(HandshakeRequest request) {
    return evaluate(request, VerifierCall.DIRECT);
  }

  /**
   * Evaluates one upgrade request, calling the tenant's verifier through {@code call}; everything
   * else runs on the calling thread and never blocks. Never throws.
   */
  public Decision evaluate(HandshakeRequest request, VerifierCall call) {
    Objects.requireNonNull(call, "call");
    if (failureLimiter != null) {
      Duration wait = failureLimiter.retryAfter(request.remoteAddress());
      if (!wait.isZero()) {
        return reject(
            Failure.RATE_LIMITED,
            "too many failed handshakes from this address; retry after "
                + retryAfterSeconds(wait)
                + " s",
            "",
            "");
      }
    }
    Decision decision = decide(request, call);
    if (failureLimiter != null
        && decision instanceof Decision.Rejected r
        && countsAgainstClient(r.failure())) {
      failureLimiter.recordFailure(request.remoteAddress());
    }
    return decision;
  }

  /**
   * Whole seconds {@code remoteAddress} must wait before the gate looks at its handshakes again
   * (the {@code Retry-After} of a {@link Failure#RATE_LIMITED} refusal); 0 when it need not wait or
   * no limiter is configured.
   */
  public long retryAfterSeconds(String remoteAddress) {
    return failureLimiter == null ? 0 : retryAfterSeconds(failureLimiter.retryAfter(remoteAddress));
  }

  private static long retryAfterSeconds(Duration wait) {
    return wait.isZero() ? 0 : Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  /** Only guessing and garbage count: the rule is {@link FailureRateLimiter#counts}. */
  private static boolean countsAgainstClient(Failure failure) {
    return FailureRateLimiter.counts(failure);
  }

  /**
   * Whether an already verified token must no longer be honoured, by the configured {@link
   * RevocationCheck}s. The server calls it periodically for open connections; the gate calls it
   * after every verification. A check that throws counts as "revoked": the gate fails closed.
   */
  public boolean isRevoked(VerifiedToken token, Instant now) {
    for (RevocationCheck check : revocationChecks) {
      try {
        if (check.isRevoked(token, now)) {
          return true;
        }
      } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
        LOG.log(
            Level.ERROR,
            "revocation check " + check.getClass().getName() + " threw " + e.getClass().getName());
        return true;
      }
    }
    return false;
  }

  /** How far {@link #decide} got, for the rejection: the tenant and the token once known. */
  private static final class Progress {
    String tenantId = "";
    String token;

    String fingerprint() {
      return token == null ? "" : Redaction.fingerprint(token);
    }
  }

  /** What the steps before verification found. */
  private record Prepared(
      TenantPolicy tenant, String origin, Optional<String> subprotocol, String token) {
    VerificationContext context(Clock clock) {
      return VerificationContext.of(tenant.id(), origin, clock.instant());
    }
  }

  private Decision decide(HandshakeRequest request, VerifierCall call) {
    Progress progress = new Progress();
    try {
      Prepared p = prepare(request, progress);
      VerifiedToken token = verify(p.tenant(), p.token(), p.context(clock), call);
      String tenantId = p.tenant().id();
      return new Decision.Accepted(
          token.withTenant(tenantId), tenantId, p.subprotocol(), progress.fingerprint());
    } catch (AuthenticationException e) {
      return reject(e.failure(), e.getMessage(), progress.tenantId, progress.fingerprint());
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      // Exception, not RuntimeException: extractors and resolvers may throw checked ones sneakily
      LOG.log(
          Level.ERROR,
          "handshake evaluation failed unexpectedly (tenant "
              + progress.tenantId
              + "): "
              + e.getClass().getName());
      return reject(
          Failure.INTERNAL_ERROR,
          Failure.INTERNAL_ERROR.logReason(),
          progress.tenantId,
          progress.fingerprint());
    }
  }

  /**
   * The steps before verification: tenant, origin, subprotocol, token extraction. Never blocks.
   *
   * @throws AuthenticationException with the failure that refuses the request
   */
  private Prepared prepare(HandshakeRequest request, Progress progress) throws Exception {
    Optional<String> resolved = resolver.resolve(request);
    TenantPolicy tenant = resolved.map(tenants::get).orElse(null);
    if (tenant == null) {
      throw resolver.unresolved(request);
    }
    progress.tenantId = tenant.id();

    List<String> originHeaders = request.headers().all("Origin");
    String origin = null;
    if (originHeaders.size() > 1
        || (originHeaders.size() == 1 && originHeaders.get(0).indexOf(';') >= 0)) {
      throw new AuthenticationException(Failure.BAD_REQUEST, "more than one Origin header");
    }
    if (originHeaders.isEmpty()) {
      if (!tenant.origins().allowMissing()) {
        throw new AuthenticationException(
            Failure.ORIGIN_NOT_ALLOWED, "the Origin header is missing");
      }
    } else {
      OriginPolicy.Match match = tenant.origins().check(originHeaders.get(0));
      if (!match.allowed()) {
        throw new AuthenticationException(Failure.ORIGIN_NOT_ALLOWED, match.reason());
      }
      origin = match.normalized();
    }

    Subprotocols offer = Subprotocols.parse(request.headers(), tenant.subprotocolPrefix());
    Optional<String> subprotocol = selectSubprotocol(offer, tenant.subprotocols());

    Extracted extracted = extract(tenant, request);
    progress.token = extracted.token;
    if (origin == null && extracted.browserCanSend) {
      throw new AuthenticationException(
          Failure.ORIGIN_NOT_ALLOWED,
          "the Origin header is missing; only an Authorization header token may omit it");
    }
    return new Prepared(tenant, origin, subprotocol, extracted.token);
  }

  private static Optional<String> selectSubprotocol(Subprotocols offer, List<String> supported)
      throws AuthenticationException {
    if (offer.isEmpty()) {
      return Optional.empty();
    }
    if (offer.applicationProtocols().isEmpty()) {
      throw new AuthenticationException(
          Failure.BAD_REQUEST,
          "offer an application subprotocol (such as "
              + (supported.isEmpty() ? "app.v1" : supported.get(0))
              + ") next to the token: a browser fails a connection that does not echo one");
    }
    for (String p : offer.applicationProtocols()) {
      if (supported.contains(p)) {
        return Optional.of(p);
      }
    }
    throw new AuthenticationException(
        Failure.BAD_REQUEST,
        "none of the offered subprotocols is supported; supported: " + supported);
  }

  private record Extracted(String token, boolean browserCanSend) {}

  private static Extracted extract(TenantPolicy tenant, HandshakeRequest request)
      throws AuthenticationException {
    Extracted first = null;
    for (TokenExtractor extractor : tenant.extractors()) {
      Optional<String> found = extractor.extract(request);
      if (found.isEmpty()) {
        continue;
      }
      String token = found.get();
      if (utf8Length(token) > tenant.maxTokenBytes()) {
        throw new AuthenticationException(
            Failure.TOKEN_TOO_LARGE,
            "token from " + extractor.name() + " exceeds " + tenant.maxTokenBytes() + " bytes");
      }
      if (first == null) {
        first = new Extracted(token, extractor.browserCanSend());
      } else if (!first.token.equals(token)) {
        throw new AuthenticationException(
            Failure.AMBIGUOUS_TOKEN, "the request carries different tokens in two places");
      }
    }
    if (first == null) {
      throw new AuthenticationException(Failure.MISSING_TOKEN, "no token in the request");
    }
    for (int i = 0; i < first.token.length(); i++) {
      char c = first.token.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new AuthenticationException(
            Failure.MALFORMED_TOKEN, "token contains characters outside printable ASCII");
      }
    }
    return first;
  }

  /** The UTF-8 length of {@code s}, without encoding it when it is ASCII (every valid token). */
  private static int utf8Length(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return s.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    return s.length();
  }

  private VerifiedToken verify(
      TenantPolicy tenant, String token, VerificationContext context, VerifierCall call)
      throws AuthenticationException {
    Instant now = context.now();
    VerifiedToken verified;
    try {
      verified = call.verify(tenant.verifier(), token, context);
    } catch (AuthenticationException e) {
      if (e.getMessage().contains(token)) {
        // the message goes to the client and the logs: a careless provider must not leak the token
        throw new AuthenticationException(e.failure());
      }
      throw e;
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      // Exception, not RuntimeException: a provider written in Kotlin or with Lombok's
      // @SneakyThrows can throw a checked exception that javac does not see
      LOG.log(
          Level.ERROR,
          "verifier of tenant "
              + tenant.id()
              + " threw "
              + e.getClass().getName()
              + " instead of an AuthenticationException");
      throw new AuthenticationException(Failure.INTERNAL_ERROR);
    }
    if (verified == null) {
      LOG.log(Level.ERROR, "verifier of tenant " + tenant.id() + " returned null");
      throw new AuthenticationException(Failure.INTERNAL_ERROR);
    }
    Optional<Instant> exp = verified.expiresAt();
    if (exp.isPresent() && TimeWindow.expired(exp.get(), now, tenant.clockSkew())) {
      throw new AuthenticationException(Failure.EXPIRED, "token expired");
    }
    if (isRevoked(verified.withTenant(tenant.id()), now)) {
      throw new AuthenticationException(Failure.REVOKED, "the token or its subject is revoked");
    }
    return verified;
  }

  private static Decision.Rejected reject(
      Failure failure, String message, String tenant, String fingerprint) {
    return new Decision.Rejected(failure, message, tenant, fingerprint);
  }

  /** Builds a {@link HandshakeGate}. Not thread-safe; each setter may be called once. */
  public static final class Builder {
    private final Map<String, TenantPolicy> tenants = new LinkedHashMap<>();
    private TenantResolver resolver;
    private Clock clock = Clock.systemUTC();
    private final List<RevocationCheck> revocationChecks = new ArrayList<>();
    private FailureRateLimiter failureLimiter;

    private Builder() {}

    /** Adds a revocation check consulted after every verification (see {@link #isRevoked}). */
    public Builder revocationCheck(RevocationCheck check) {
      revocationChecks.add(Objects.requireNonNull(check, "check"));
      return this;
    }

    /**
     * Limits failed handshakes per remote address: an address over its budget gets {@link
     * Failure#RATE_LIMITED} before anything else is looked at. None by default.
     */
    public Builder failureLimiter(FailureRateLimiter limiter) {
      if (this.failureLimiter != null) {
        throw new IllegalStateException(
            String.format("failureLimiter is already set to %s", this.failureLimiter));
      }
      this.failureLimiter = Objects.requireNonNull(limiter, "limiter");
      return this;
    }

    /** Adds a tenant; ids must be unique. */
    public Builder tenant(TenantPolicy tenant) {
      if (tenants.putIfAbsent(tenant.id(), tenant) != null) {
        throw new IllegalStateException(String.format("tenant %s is already set", tenant.id()));
      }
      return this;
    }

    /** How requests map to tenants; with one tenant, every request goes to it by default. */
    public Builder resolver(TenantResolver resolver) {
      if (this.resolver != null) {
        throw new IllegalStateException(
            String.format("resolver is already set to %s", this.resolver));
      }
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** The clock verifiers are given; the system UTC clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The gate. */
    public HandshakeGate build() {
      if (tenants.isEmpty()) {
        throw new IllegalStateException("a gate needs at least one tenant");
      }
      if (resolver == null) {
        if (tenants.size() > 1) {
          throw new IllegalStateException("several tenants need a resolver");
        }
        resolver = TenantResolver.single(tenants.keySet().iterator().next());
      }
      return new HandshakeGate(this);
    }
  }
}
