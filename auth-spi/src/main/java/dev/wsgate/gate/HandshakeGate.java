package dev.wsgate.gate;

import dev.wsgate.internal.TimeWindow;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.RevocationCheck;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a WebSocket upgrade may proceed: tenant, origin, token extraction, verification,
 * in that order (see DESIGN.md, "The handshake gate"). Framework-neutral: an adapter builds a
 * {@link HandshakeRequest} from its request and writes the {@link Decision}: a 101, or the {@link
 * Refusal} of a {@link Decision.Rejected} as it stands.
 *
 * <p>One pass per request. {@link #begin} resolves the tenant, checks the origin, extracts and
 * size-checks the token and probes the verified-token cache once, on the calling thread, without
 * blocking; a verifier that never blocks is called there too. It returns the final decision, or a
 * {@link PendingVerification} when the tenant's verifier may block: the adapter completes that on
 * an executor of its own, and a verifier that waits for a key fetch holds no thread meanwhile
 * ({@link TokenVerifier#verifyAsync}). {@link #evaluate} is the same on the calling thread.
 *
 * <p>Thread-safe. Nothing here throws into the adapter: a verifier, resolver or extractor that
 * throws something other than {@link AuthenticationException}, or a verifier that returns null,
 * yields {@link Failure#INTERNAL_ERROR} and one log line.
 */
public final class HandshakeGate {
  private static final System.Logger LOG = System.getLogger(HandshakeGate.class.getName());

  /** The default {@link Builder#verifyTimeout}. */
  public static final Duration DEFAULT_VERIFY_TIMEOUT = Duration.ofSeconds(5);

  /** The default {@link Builder#maxPendingPerTenant}. */
  public static final int DEFAULT_MAX_PENDING_PER_TENANT = 10_000;

  private final Map<String, TenantPolicy> tenants;
  private final TenantResolver resolver;
  private final Clock clock;
  private final List<RevocationCheck> revocationChecks;
  private final FailureRateLimiter failureLimiter;
  private final Duration verifyTimeout;
  private final int maxPendingPerTenant;
  private final Map<String, Semaphore> pendingSlots;
  private final Map<String, Semaphore> threadShares;

  private HandshakeGate(Builder b) {
    this.tenants = Map.copyOf(b.tenants);
    this.resolver = b.resolver;
    this.clock = b.clock;
    this.revocationChecks = List.copyOf(b.revocationChecks);
    this.failureLimiter = b.failureLimiter;
    this.verifyTimeout = b.verifyTimeout;
    this.maxPendingPerTenant = b.maxPendingPerTenant;
    Map<String, Semaphore> slots = new HashMap<>();
    Map<String, Semaphore> shares = new HashMap<>();
    for (String id : tenants.keySet()) {
      slots.put(id, new Semaphore(b.maxPendingPerTenant));
      shares.put(id, new Semaphore(b.tenantThreadShare));
    }
    this.pendingSlots = Map.copyOf(slots);
    this.threadShares = Map.copyOf(shares);
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
   * Begins deciding one upgrade request: everything up to the verifier on the calling thread,
   * without blocking. Returns the final {@link Decision} when the request is refused before
   * verification, when the verified-token cache holds its token, or when the tenant's verifier
   * never blocks (it is called here); otherwise a {@link PendingVerification}. Never throws.
   */
  public Evaluation begin(HandshakeRequest request) {
    // no limiter, no look at the request here: a null request becomes INTERNAL_ERROR below
    Decision.Rejected limited = failureLimiter == null ? null : limited(request.remoteAddress());
    if (limited != null) {
      return limited;
    }
    Progress progress = new Progress();
    Prepared p;
    try {
      p = prepare(request, progress, false);
      if (p == null) {
        return new Decision.AwaitingAuthentication(
            progress.tenantId, progress.origin, progress.subprotocol);
      }
      if (p.tickets() != null) {
        Instant now = clock.instant();
        VerifiedToken granted = p.tickets().redeem(p.token(), p.tenant().id(), p.origin(), now);
        return conclude(p, granted, now, request.remoteAddress(), progress);
      }
    } catch (AuthenticationException e) {
      return counted(request.remoteAddress(), reject(e, progress));
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      // Exception, not RuntimeException: extractors and resolvers may throw checked ones sneakily
      return unexpected("handshake evaluation failed unexpectedly", e, progress);
    }
    return verifyOrDefer(p, request.remoteAddress(), progress);
  }

  /**
   * Begins deciding a ticket request ({@code POST {upgrade path}/ticket}, see {@link
   * TicketEndpoint}): the tenant, an {@code Origin} its policy allows (required, whatever {@code
   * allow-missing} says: tickets are for browsers), the token from {@code Authorization: Bearer} or
   * the tenant's cookie, and the tenant's verifier, with the failures and statuses of an upgrade. A
   * tenant without tickets gets {@link Failure#NO_ENDPOINT}. Never throws.
   */
  public Evaluation beginTicketRequest(HandshakeRequest request) {
    Decision.Rejected limited = limited(request.remoteAddress());
    if (limited != null) {
      return limited;
    }
    Progress progress = new Progress();
    Prepared p;
    try {
      p = prepare(request, progress, true);
    } catch (AuthenticationException e) {
      return counted(request.remoteAddress(), reject(e, progress));
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      return unexpected("ticket request evaluation failed unexpectedly", e, progress);
    }
    return verifyOrDefer(p, request.remoteAddress(), progress);
  }

  /**
   * Begins verifying the token of a connection's first frame (first-message authentication): the
   * connection was let through by {@link Decision.AwaitingAuthentication}, and this token gets the
   * checks of an upgrade's token (size, characters, verifier, expiry, revocation) with the
   * connection's tenant and origin. Failures count against {@code remoteAddress}. Never throws.
   *
   * @param token the frame's token; empty when the frame carried none
   */
  public Evaluation authenticate(
      Decision.AwaitingAuthentication upgrade, String token, String remoteAddress) {
    Progress progress = new Progress();
    progress.tenantId = upgrade.tenant();
    TenantPolicy tenant = tenants.get(upgrade.tenant());
    try {
      if (tenant == null) {
        throw new AuthenticationException(
            Failure.BAD_REQUEST, "the connection's tenant is not served here");
      }
      if (token.isEmpty()) {
        throw new AuthenticationException(Failure.MISSING_TOKEN, "authentication required");
      }
      checkToken(tenant, token, "the authentication frame");
      progress.token = token;
      return verifyOrDefer(
          new Prepared(tenant, upgrade.origin(), upgrade.subprotocol(), token, null, null),
          remoteAddress,
          progress);
    } catch (AuthenticationException e) {
      return counted(remoteAddress, reject(e, progress));
    }
  }

  /**
   * Begins verifying a token that an open connection sends to replace its current one (in-band
   * refresh): the same checks as an upgrade's token (size, characters, verifier, expiry,
   * revocation) with the tenant and origin of the connection, and the new token must name the same
   * subject and issuer ({@link Failure#SUBJECT_MISMATCH} otherwise). Failures do not count against
   * an address. Never throws.
   *
   * @param current the connection's verified identity, attributed to its tenant
   * @param origin the connection's normalized origin, or null when it had none
   */
  public Evaluation refresh(VerifiedToken current, @Nullable String origin, String token) {
    Progress progress = new Progress();
    progress.tenantId = current.tenant();
    TenantPolicy tenant = tenants.get(current.tenant());
    try {
      if (tenant == null) {
        throw new AuthenticationException(
            Failure.BAD_REQUEST, "the connection's tenant is not served here");
      }
      if (token.isEmpty()) {
        throw new AuthenticationException(Failure.BAD_REQUEST, "a refresh needs a token");
      }
      checkToken(tenant, token, "the refresh frame");
      progress.token = token;
      return verifyOrDefer(
          new Prepared(tenant, origin, Optional.empty(), token, current, null), null, progress);
    } catch (AuthenticationException e) {
      return reject(e, progress);
    }
  }

  /** The tenant a request resolves to, without looking further; empty when none. */
  Optional<TenantPolicy> resolve(HandshakeRequest request) {
    try {
      return resolver.resolve(request).map(tenants::get);
    } catch (Exception e) {
      return Optional.empty(); // a resolver that cannot tell (an issuer resolver without a token)
    }
  }

  /** Decides one upgrade request on the calling thread, waiting for the verifier if it must. */
  public Decision evaluate(HandshakeRequest request) {
    return settle(begin(request));
  }

  /** {@link #refresh} on the calling thread, waiting for the verifier if it must. */
  public Decision evaluateRefresh(VerifiedToken current, @Nullable String origin, String token) {
    return settle(refresh(current, origin, token));
  }

  private static Decision settle(Evaluation e) {
    if (e instanceof Decision) {
      return (Decision) e;
    }
    return ((PendingVerification) e).verify(Runnable::run).toCompletableFuture().join();
  }

  /** The refusal of an address over its failed-handshake budget; null when it may go on. */
  private Decision.@Nullable Rejected limited(String address) {
    if (failureLimiter == null) {
      return null;
    }
    Duration wait = failureLimiter.retryAfter(address);
    if (wait.isZero()) {
      return null;
    }
    return new Decision.Rejected(
        new Refusal(
            Failure.RATE_LIMITED,
            "too many failed handshakes from this address; retry after "
                + retryAfterSeconds(wait)
                + " s",
            retryAfterSeconds(wait)),
        "",
        "");
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

  /** How far the gate got, for a rejection: the tenant and the token once known. */
  static final class Progress {
    String tenantId = "";
    String token;
    @Nullable String origin;
    Optional<String> subprotocol = Optional.empty();

    String fingerprint() {
      return token == null ? "" : Redaction.fingerprint(token);
    }
  }

  /**
   * What the steps before verification found.
   *
   * @param previous the identity a refresh must keep; null for an upgrade
   * @param tickets where {@code token} was issued when it is a ticket; null for a token
   */
  record Prepared(
      TenantPolicy tenant,
      String origin,
      Optional<String> subprotocol,
      String token,
      VerifiedToken previous,
      @Nullable Tickets tickets) {
    VerificationContext context(Clock clock) {
      return VerificationContext.of(tenant.id(), origin, clock.instant());
    }
  }

  /**
   * Verifies on this thread what needs no wait (a cache hit, a verifier that never blocks), else
   * defers to a {@link PendingVerification}.
   *
   * @param address the client address failures count against; null for none
   */
  private Evaluation verifyOrDefer(Prepared p, String address, Progress progress) {
    VerificationContext context = p.context(clock);
    TokenVerifier configured = p.tenant().verifier();
    CachingTokenVerifier cache =
        configured instanceof CachingTokenVerifier ? (CachingTokenVerifier) configured : null;
    CachingTokenVerifier.Probe probe = null;
    TokenVerifier verifier = cache == null ? configured : cache.delegate();
    try {
      if (cache != null) {
        probe = cache.probe(p.token(), context);
        if (probe.hit() != null) {
          return conclude(p, probe.hit(), context.now(), address, progress);
        }
      }
      if (!verifier.mayBlock()) {
        VerifiedToken verified = guarded(p, () -> verifier.verify(p.token(), context));
        if (cache != null) {
          cache.store(probe, verified, context.now());
        }
        return conclude(p, verified, context.now(), address, progress);
      }
    } catch (AuthenticationException e) {
      return counted(address, reject(e, progress));
    }
    return new PendingVerification(this, p, context, verifier, cache, probe, address, progress);
  }

  /** A call into a verifier. */
  @FunctionalInterface
  private interface VerifierCall {
    VerifiedToken call() throws Exception;
  }

  /**
   * Calls a verifier on this thread: its {@link AuthenticationException} passes (without the token
   * in its message), anything else becomes INTERNAL_ERROR and a log line.
   */
  private VerifiedToken guarded(Prepared p, VerifierCall call) throws AuthenticationException {
    try {
      return call.call();
    } catch (AuthenticationException e) {
      throw withoutToken(e, p.token());
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      // Exception, not RuntimeException: a provider written in Kotlin or with Lombok's
      // @SneakyThrows can throw a checked exception that javac does not see
      throw verifierFailed(p.tenant().id(), e);
    }
  }

  /** The message goes to the client and the logs: a careless provider must not leak the token. */
  static AuthenticationException withoutToken(AuthenticationException e, String token) {
    return e.getMessage().contains(token) ? new AuthenticationException(e.failure()) : e;
  }

  static AuthenticationException verifierFailed(String tenant, Throwable e) {
    LOG.log(
        Level.ERROR,
        "verifier of tenant "
            + tenant
            + " threw "
            + e.getClass().getName()
            + " instead of an AuthenticationException");
    return new AuthenticationException(Failure.INTERNAL_ERROR);
  }

  /**
   * The decision for a verification's result: the gate's own checks on it (not null, not expired,
   * not revoked, the same subject and issuer for a refresh), then Accepted or Rejected, counted
   * against {@code address}.
   */
  Decision conclude(
      Prepared p, VerifiedToken verified, Instant now, String address, Progress progress) {
    try {
      if (verified == null) {
        LOG.log(Level.ERROR, "verifier of tenant " + p.tenant().id() + " returned null");
        throw new AuthenticationException(Failure.INTERNAL_ERROR);
      }
      Optional<Instant> exp = verified.expiresAt();
      if (exp.isPresent() && TimeWindow.expired(exp.get(), now, p.tenant().clockSkew())) {
        throw new AuthenticationException(Failure.EXPIRED, "token expired");
      }
      if (p.previous() != null
          && (!verified.subject().equals(p.previous().subject())
              || !verified.issuer().equals(p.previous().issuer()))) {
        throw new AuthenticationException(
            Failure.SUBJECT_MISMATCH,
            "a refresh must carry a token for the same subject and issuer");
      }
      if (isRevoked(verified.withTenant(p.tenant().id()), now)) {
        throw new AuthenticationException(Failure.REVOKED, "the token or its subject is revoked");
      }
    } catch (AuthenticationException e) {
      return counted(address, reject(e, progress));
    }
    String tenantId = p.tenant().id();
    return new Decision.Accepted(
        verified.withTenant(tenantId),
        tenantId,
        p.subprotocol(),
        progress.fingerprint(),
        Optional.ofNullable(p.origin()));
  }

  /** Counts a rejection against {@code address} when it suggests a client's mistake or attack. */
  Decision counted(String address, Decision.Rejected rejected) {
    if (failureLimiter != null && address != null && countsAgainstClient(rejected.failure())) {
      failureLimiter.recordFailure(address);
    }
    return rejected;
  }

  Decision.Rejected reject(AuthenticationException e, Progress progress) {
    return new Decision.Rejected(
        e.failure(), e.getMessage(), progress.tenantId, progress.fingerprint());
  }

  private Decision unexpected(String what, Throwable e, Progress progress) {
    LOG.log(Level.ERROR, what + " (tenant " + progress.tenantId + "): " + e.getClass().getName());
    return new Decision.Rejected(
        Failure.INTERNAL_ERROR,
        Failure.INTERNAL_ERROR.logReason(),
        progress.tenantId,
        progress.fingerprint());
  }

  /**
   * The longest a verification by a verifier that may block may take ({@link
   * Builder#verifyTimeout}); zero for no limit, and then an adapter may settle verifications on the
   * thread that decides the request.
   */
  public Duration verifyTimeout() {
    return verifyTimeout;
  }

  /**
   * How many verifications of {@code tenant} are pending now (started by {@link
   * PendingVerification#verify} and not yet ended); 0 for an unknown tenant. For metrics and tests.
   */
  public int pendingVerifications(String tenant) {
    Semaphore slots = pendingSlots.get(tenant);
    return slots == null ? 0 : maxPendingPerTenant - slots.availablePermits();
  }

  /** Pending verifications one tenant may still start. */
  Semaphore pendingSlots(String tenant) {
    return pendingSlots.get(tenant);
  }

  /** Verifier tasks one tenant may still run on an adapter's executor. */
  Semaphore threadShare(String tenant) {
    return threadShares.get(tenant);
  }

  /**
   * The steps before verification: tenant, origin, subprotocol, token extraction. Never blocks.
   *
   * @param ticketRequest a ticket request: origin required, the token from the header or cookie
   * @return what verification needs; null when the tenant authenticates by first message and the
   *     request carries no token (the origin and subprotocol are then in {@code progress})
   * @throws AuthenticationException with the failure that refuses the request
   */
  private @Nullable Prepared prepare(
      HandshakeRequest request, Progress progress, boolean ticketRequest) throws Exception {
    Optional<String> resolved = resolver.resolve(request);
    TenantPolicy tenant = resolved.map(tenants::get).orElse(null);
    if (tenant == null) {
      throw resolver.unresolved(request);
    }
    progress.tenantId = tenant.id();
    if (ticketRequest && tenant.tickets().isEmpty()) {
      throw new AuthenticationException(
          Failure.NO_ENDPOINT, "tickets are not enabled for this endpoint");
    }

    List<String> originHeaders = request.headers().all("Origin");
    String origin = null;
    if (originHeaders.size() > 1
        || (originHeaders.size() == 1 && originHeaders.get(0).indexOf(';') >= 0)) {
      throw new AuthenticationException(Failure.BAD_REQUEST, "more than one Origin header");
    }
    if (originHeaders.isEmpty()) {
      if (!tenant.origins().allowMissing() || ticketRequest) {
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

    Optional<String> subprotocol =
        ticketRequest
            ? Optional.empty()
            : selectSubprotocol(
                Subprotocols.parse(request.headers(), tenant.subprotocolPrefix()),
                tenant.subprotocols());

    Extracted extracted =
        extract(
            tenant, ticketRequest ? ticketRequestSources(tenant) : tenant.extractors(), request);
    if (extracted == null) {
      if (ticketRequest || tenant.firstMessageTimeout().isEmpty()) {
        throw new AuthenticationException(Failure.MISSING_TOKEN, "no token in the request");
      }
      if (origin == null) {
        throw new AuthenticationException(
            Failure.ORIGIN_NOT_ALLOWED, "the Origin header is missing");
      }
      progress.origin = origin;
      progress.subprotocol = subprotocol;
      return null;
    }
    progress.token = extracted.token;
    if (origin == null && extracted.browserCanSend) {
      throw new AuthenticationException(
          Failure.ORIGIN_NOT_ALLOWED,
          "the Origin header is missing; only an Authorization header token may omit it");
    }
    checkToken(tenant, extracted.token, null);
    return new Prepared(tenant, origin, subprotocol, extracted.token, null, extracted.tickets);
  }

  /** Where a ticket request's token may be: the Authorization header, or the tenant's cookie. */
  private static List<TokenExtractor> ticketRequestSources(TenantPolicy tenant) {
    List<TokenExtractor> sources = new ArrayList<>(2);
    sources.add(TokenExtractors.header());
    for (TokenExtractor e : tenant.extractors()) {
      if (e instanceof CookieExtractor) {
        sources.add(e);
      }
    }
    return sources;
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

  /**
   * @param tickets where the value was issued when a ticket extractor found it; null for a token
   */
  private record Extracted(String token, boolean browserCanSend, @Nullable Tickets tickets) {}

  /** The token of the first source that has one; null when none has. */
  private static @Nullable Extracted extract(
      TenantPolicy tenant, List<TokenExtractor> sources, HandshakeRequest request)
      throws AuthenticationException {
    Extracted first = null;
    for (TokenExtractor extractor : sources) {
      Optional<String> found = extractor.extract(request);
      if (found.isEmpty()) {
        continue;
      }
      String token = found.get();
      if (utf8Length(token) > tenant.maxTokenBytes()) {
        throw tooLarge(tenant, "token from " + extractor.name());
      }
      if (first == null) {
        first =
            new Extracted(
                token,
                extractor.browserCanSend(),
                extractor instanceof TicketExtractor
                    ? ((TicketExtractor) extractor).tickets()
                    : null);
      } else if (!first.token.equals(token)) {
        throw new AuthenticationException(
            Failure.AMBIGUOUS_TOKEN, "the request carries different tokens in two places");
      }
    }
    return first;
  }

  /**
   * The checks every token passes before a verifier sees it: at most the tenant's size, printable
   * ASCII only.
   *
   * @param source where it came from, for the size message; null when the extractor checked it
   */
  private static void checkToken(TenantPolicy tenant, String token, String source)
      throws AuthenticationException {
    if (source != null && utf8Length(token) > tenant.maxTokenBytes()) {
      throw tooLarge(tenant, "token from " + source);
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new AuthenticationException(
            Failure.MALFORMED_TOKEN, "token contains characters outside printable ASCII");
      }
    }
  }

  private static AuthenticationException tooLarge(TenantPolicy tenant, String what) {
    return new AuthenticationException(
        Failure.TOKEN_TOO_LARGE, what + " exceeds " + tenant.maxTokenBytes() + " bytes");
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

  /** Builds a {@link HandshakeGate}. Not thread-safe; each setter may be called once. */
  public static final class Builder {
    private final Map<String, TenantPolicy> tenants = new LinkedHashMap<>();
    private TenantResolver resolver;
    private Clock clock = Clock.systemUTC();
    private final List<RevocationCheck> revocationChecks = new ArrayList<>();
    private FailureRateLimiter failureLimiter;
    private Duration verifyTimeout = DEFAULT_VERIFY_TIMEOUT;
    private int maxPendingPerTenant = DEFAULT_MAX_PENDING_PER_TENANT;
    private int tenantThreadShare = Integer.MAX_VALUE;

    private Builder() {}

    /**
     * The longest a verification by a verifier that may block may take; past it the handshake gets
     * {@link Failure#PROVIDER_UNAVAILABLE} (503) and the verification is cancelled. {@link
     * #DEFAULT_VERIFY_TIMEOUT} by default; zero for no limit.
     */
    public Builder verifyTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("verifyTimeout must not be negative: " + timeout);
      }
      this.verifyTimeout = timeout;
      return this;
    }

    /**
     * The most verifications one tenant may have waiting at once (they hold memory, not threads);
     * past it a handshake gets 503 at once. {@link #DEFAULT_MAX_PENDING_PER_TENANT} by default.
     */
    public Builder maxPendingPerTenant(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxPendingPerTenant must be at least 1: " + max);
      }
      this.maxPendingPerTenant = max;
      return this;
    }

    /**
     * The most tasks one tenant's verifier may run at once on the executor an adapter gives {@link
     * PendingVerification#verify} (a verifier that blocks holds one of its threads per
     * verification); past it a handshake gets 503 at once, so that a tenant whose key server hangs
     * leaves the executor's other threads to the other tenants. Unbounded by default.
     */
    public Builder tenantThreadShare(int share) {
      if (share < 1) {
        throw new IllegalArgumentException("tenantThreadShare must be at least 1: " + share);
      }
      this.tenantThreadShare = share;
      return this;
    }

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
