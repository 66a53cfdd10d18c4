package dev.wsgate.provider.firebase;

import com.google.api.client.auth.openidconnect.IdToken;
import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.gson.GsonFactory;
import com.google.firebase.ErrorCode;
import com.google.firebase.FirebaseApp;
import com.google.firebase.auth.AbstractFirebaseAuth;
import com.google.firebase.auth.AuthErrorCode;
import com.google.firebase.auth.FirebaseAuthException;
import com.google.firebase.auth.FirebaseToken;
import com.google.firebase.auth.internal.Utils;
import dev.wsgate.internal.InterruptibleTask;
import dev.wsgate.internal.TimeWindow;
import dev.wsgate.internal.keys.KeyScheduler;
import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.internal.keys.Verifications;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Verifies Firebase ID tokens with firebase-admin's {@code verifyIdToken} on this instance's own
 * {@link FirebaseApp}, then applies wsgate's stricter checks the SDK lacks: {@code exp}, {@code
 * iat} and {@code auth_time} against the request's time with {@code wsgate.clock-skew} (the SDK
 * uses the system clock and a fixed 300 s), {@code auth_time} present and not in the future, and a
 * {@code kid} that names a certificate Google currently publishes, under which the signature
 * verifies (the SDK tries every one).
 *
 * <p>Certificates come from wsgate's shared {@link KeySet} (fetched, cached, refetched for an
 * unknown {@code kid}), which also serves them to the SDK ({@link SdkCertificateFeed}): a token's
 * {@code kid} is looked up first, and {@link #verifyAsync} waits for a fetch without holding a
 * thread. The SDK's verification computes only, except with {@code check-revoked} (one Identity
 * Toolkit call per token, run on the caller's executor). Thread-safe.
 */
final class FirebaseTokenVerifier implements TokenVerifier {
  static final String ID = "firebase";
  private static final String ISSUER_PREFIX = "https://securetoken.google.com/";
  private static final JsonFactory JSON = GsonFactory.getDefaultInstance();
  private static final System.Logger LOG = System.getLogger(FirebaseTokenVerifier.class.getName());

  private final FirebaseSettings settings;
  private final FirebaseApp app;
  private final AbstractFirebaseAuth auth;
  private final KeySet<GoogleCertificates> keys;
  private final SdkCertificateFeed feed;
  private final KeyScheduler timer;
  private final String issuer;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param timer where a token waits for the SDK to take in certificates it has not read yet; the
   *     key set's, closed with it
   */
  FirebaseTokenVerifier(
      FirebaseSettings settings,
      FirebaseApp app,
      AbstractFirebaseAuth auth,
      KeySet<GoogleCertificates> keys,
      SdkCertificateFeed feed,
      KeyScheduler timer) {
    this.settings = settings;
    this.app = app;
    this.auth = auth;
    this.keys = keys;
    this.feed = feed;
    this.timer = timer;
    this.issuer = ISSUER_PREFIX + settings.projectId();
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    IdToken parsed = precheck(token, context);
    if (Utils.isEmulatorMode()) {
      return verifyWithSdk(token, parsed, null, context);
    }
    String kid = parsed.getHeader().getKeyId();
    GoogleCertificates certificates = Verifications.await(keys.forKid(kid));
    Duration wait = feed.untilSdkHolds(kid);
    if (!wait.isZero()) {
      try {
        Thread.sleep(wait.toMillis() + 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AuthenticationException(Failure.PROVIDER_UNAVAILABLE, "interrupted");
      }
    }
    return verifyWithSdk(token, parsed, certificates, context);
  }

  @Override
  public CompletionStage<VerifiedToken> verifyAsync(
      String token, VerificationContext context, Executor executor) {
    IdToken parsed;
    try {
      parsed = precheck(token, context);
    } catch (AuthenticationException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (Utils.isEmulatorMode()) {
      return InterruptibleTask.submit(() -> verify(token, context), executor);
    }
    String kid = parsed.getHeader().getKeyId();
    CompletableFuture<GoogleCertificates> ready =
        keys.forKid(kid).thenCompose(certificates -> sdkHolds(kid, certificates));
    return settings.checkRevoked()
        ? Verifications.thenOn(ready, c -> verifyWithSdk(token, parsed, c, context), executor)
        : Verifications.then(ready, c -> verifyWithSdk(token, parsed, c, context));
  }

  /** {@code certificates}, once the SDK's copy of them can hold {@code kid}. */
  private CompletableFuture<GoogleCertificates> sdkHolds(
      String kid, GoogleCertificates certificates) {
    Duration wait = feed.untilSdkHolds(kid);
    if (wait.isZero()) {
      return CompletableFuture.completedFuture(certificates);
    }
    CompletableFuture<GoogleCertificates> later = new CompletableFuture<>();
    try {
      timer.schedule(() -> later.complete(certificates), wait.plusMillis(1));
    } catch (RejectedExecutionException e) {
      later.completeExceptionally(
          new AuthenticationException(Failure.INTERNAL_ERROR, "verifier is closed"));
    }
    return later;
  }

  /**
   * Parses the token and checks, in the SDK's order, what needs no key, so that a token that cannot
   * pass costs no certificate fetch.
   */
  private IdToken precheck(String token, VerificationContext context)
      throws AuthenticationException {
    if (closed.get()) {
      throw new AuthenticationException(Failure.INTERNAL_ERROR, "verifier is closed");
    }
    if (Utils.isEmulatorMode() && !settings.allowEmulator()) {
      // set after start-up: the SDK would now accept unsigned tokens
      LOG.log(Level.ERROR, "FIREBASE_AUTH_EMULATOR_HOST appeared after start-up; rejecting");
      throw new AuthenticationException(Failure.INTERNAL_ERROR);
    }
    IdToken parsed = parse(token);
    if (!Utils.isEmulatorMode()) {
      Failure content = contentFailure(parsed, context);
      if (content != null) {
        throw new AuthenticationException(content);
      }
    }
    return parsed;
  }

  /**
   * firebase-admin's verification, then wsgate's checks.
   *
   * @param certificates the certificates held, with the token's {@code kid}; null in emulator mode
   */
  private VerifiedToken verifyWithSdk(
      String token, IdToken parsed, GoogleCertificates certificates, VerificationContext context)
      throws AuthenticationException {
    FirebaseToken verified;
    try {
      verified = auth.verifyIdToken(token, settings.checkRevoked());
    } catch (FirebaseAuthException e) {
      Failure failure = classify(e, parsed, context);
      LOG.log(Level.DEBUG, "firebase-admin rejected a token: {0} -> {1}", code(e), failure);
      throw new AuthenticationException(failure);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // null/empty token, or the app was deleted by close() during the call
      throw new AuthenticationException(Failure.INTERNAL_ERROR);
    }
    if (certificates != null && !signedByItsKid(parsed, certificates)) {
      // the SDK accepted a signature by some published key, not the one the kid names
      throw new AuthenticationException(Failure.INVALID_SIGNATURE);
    }
    checkTimes(parsed.getPayload(), context);
    if (settings.requiresTenant() && !settings.tenantId().equals(verified.getTenantId())) {
      throw new AuthenticationException(Failure.WRONG_AUDIENCE, "token tenant is not accepted");
    }
    return VerifiedToken.builder(ID, verified.getUid())
        .issuer(verified.getIssuer())
        .expiresAt(Instant.ofEpochSecond(parsed.getPayload().getExpirationTimeSeconds()))
        .audience(List.of(settings.projectId()))
        .tenant(context.tenant())
        .claims(Claims.plain(verified.getClaims()))
        .build();
  }

  /** Whether the signature verifies under the certificate the token's {@code kid} names. */
  private static boolean signedByItsKid(IdToken token, GoogleCertificates certificates) {
    PublicKey key = certificates.keys().get(token.getHeader().getKeyId());
    try {
      return key != null && token.verifySignature(key);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The one place where firebase-admin's failures become wsgate's. The SDK reports every content or
   * signature problem as {@code INVALID_ID_TOKEN}; which one it was is read from the token itself,
   * in the order the SDK checks.
   */
  Failure classify(FirebaseAuthException e, IdToken token, VerificationContext context) {
    AuthErrorCode code = e.getAuthErrorCode();
    if (code == null) {
      // a failed Identity Toolkit call (check-revoked)
      ErrorCode transport = e.getErrorCode();
      return transport == ErrorCode.UNAVAILABLE
              || transport == ErrorCode.DEADLINE_EXCEEDED
              || transport == ErrorCode.UNKNOWN
              || transport == ErrorCode.INTERNAL
              || transport == ErrorCode.RESOURCE_EXHAUSTED
          ? Failure.PROVIDER_UNAVAILABLE
          : Failure.INTERNAL_ERROR;
    }
    switch (code) {
      case EXPIRED_ID_TOKEN:
        return Failure.EXPIRED;
      case REVOKED_ID_TOKEN:
      case USER_DISABLED:
      case USER_NOT_FOUND:
        return Failure.REVOKED;
      case TENANT_ID_MISMATCH:
        return Failure.WRONG_AUDIENCE;
      case CERTIFICATE_FETCH_FAILED:
        return Failure.PROVIDER_UNAVAILABLE;
      case INVALID_ID_TOKEN:
        break;
      default:
        return Failure.INTERNAL_ERROR;
    }
    Failure content = contentFailure(token, context);
    if (content != null) {
      return content;
    }
    GoogleCertificates held = keys.held().orElse(null);
    return held == null || !held.keys().containsKey(token.getHeader().getKeyId())
        ? Failure.UNKNOWN_KEY
        : Failure.INVALID_SIGNATURE;
  }

  /**
   * What the SDK finds wrong in a token's header and claims, in its order, before it looks at a
   * key; null when nothing.
   */
  private Failure contentFailure(IdToken token, VerificationContext context) {
    IdToken.Header header = token.getHeader();
    IdToken.Payload payload = token.getPayload();
    String subject = payload.getSubject();
    Long issuedAt = payload.getIssuedAtTimeSeconds();
    if (header.getKeyId() == null || subject == null || subject.isEmpty()) {
      return Failure.MALFORMED_TOKEN;
    } else if (!"RS256".equals(header.getAlgorithm())) {
      return Failure.UNSUPPORTED_ALGORITHM;
    } else if (!List.of(settings.projectId()).equals(payload.getAudienceAsList())) {
      return Failure.WRONG_AUDIENCE;
    } else if (!issuer.equals(payload.getIssuer())) {
      return Failure.WRONG_ISSUER;
    } else if (subject.length() > 128) {
      return Failure.MALFORMED_TOKEN;
    } else if (issuedAt != null && after(issuedAt, context)) {
      return Failure.NOT_YET_VALID;
    }
    return null;
  }

  private void checkTimes(IdToken.Payload payload, VerificationContext context)
      throws AuthenticationException {
    Long exp = payload.getExpirationTimeSeconds();
    Long iat = payload.getIssuedAtTimeSeconds();
    Object authTime = payload.get("auth_time");
    if (exp == null || iat == null || !(authTime instanceof Number)) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "token lacks exp, iat or auth_time");
    }
    TimeWindow.check(
        Instant.ofEpochSecond(exp),
        null,
        Instant.ofEpochSecond(iat),
        context.now(),
        settings.clockSkew());
    // auth_time is Firebase's own: the same rule as iat, its own message
    if (after(((Number) authTime).longValue(), context)) {
      throw new AuthenticationException(
          Failure.NOT_YET_VALID, "token's authentication time is in the future");
    }
  }

  private boolean after(long epochSecond, VerificationContext context) {
    return Instant.ofEpochSecond(epochSecond).isAfter(context.now().plus(settings.clockSkew()));
  }

  private static IdToken parse(String token) throws AuthenticationException {
    try {
      IdToken parsed = IdToken.parse(JSON, token);
      if (parsed.getHeader() == null || parsed.getPayload() == null) {
        throw new AuthenticationException(Failure.MALFORMED_TOKEN);
      }
      return parsed;
    } catch (IOException | RuntimeException e) {
      throw new AuthenticationException(Failure.MALFORMED_TOKEN);
    }
  }

  private static String code(FirebaseAuthException e) {
    return e.getAuthErrorCode() != null
        ? e.getAuthErrorCode().name()
        : String.valueOf(e.getErrorCode());
  }

  @Override
  public boolean isReady() {
    return !closed.get()
        && ((settings.allowEmulator() && Utils.isEmulatorMode()) || keys.isReady());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      keys.close();
      app.delete();
    }
  }

  @Override
  public String toString() {
    return "FirebaseTokenVerifier[project=" + settings.projectId() + ", app=" + app.getName() + "]";
  }
}
