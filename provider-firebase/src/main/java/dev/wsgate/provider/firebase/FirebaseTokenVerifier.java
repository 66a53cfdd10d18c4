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
import dev.wsgate.internal.TimeWindow;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Verifies Firebase ID tokens with firebase-admin's {@code verifyIdToken} on this instance's own
 * {@link FirebaseApp}, then applies wsgate's stricter checks the SDK lacks: {@code exp}, {@code
 * iat} and {@code auth_time} against the request's time with {@code wsgate.clock-skew} (the SDK
 * uses the system clock and a fixed 300 s), {@code auth_time} present and not in the future, and a
 * {@code kid} that names a certificate Google currently publishes (the SDK tries every one).
 * Thread-safe; network I/O only when the SDK's certificate cache expires, or per call with {@code
 * check-revoked}.
 */
final class FirebaseTokenVerifier implements TokenVerifier {
  static final String ID = "firebase";
  private static final String ISSUER_PREFIX = "https://securetoken.google.com/";
  private static final JsonFactory JSON = GsonFactory.getDefaultInstance();
  private static final System.Logger LOG = System.getLogger(FirebaseTokenVerifier.class.getName());

  private final FirebaseSettings settings;
  private final FirebaseApp app;
  private final AbstractFirebaseAuth auth;
  private final KnownKeys keys;
  private final String issuer;
  private final AtomicBoolean closed = new AtomicBoolean();

  FirebaseTokenVerifier(
      FirebaseSettings settings, FirebaseApp app, AbstractFirebaseAuth auth, KnownKeys keys) {
    this.settings = settings;
    this.app = app;
    this.auth = auth;
    this.keys = keys;
    this.issuer = ISSUER_PREFIX + settings.projectId();
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    if (closed.get()) {
      throw new AuthenticationException(Failure.INTERNAL_ERROR, "verifier is closed");
    }
    boolean emulator = Utils.isEmulatorMode();
    if (emulator && !settings.allowEmulator()) {
      // set after start-up: the SDK would now accept unsigned tokens
      LOG.log(Level.ERROR, "FIREBASE_AUTH_EMULATOR_HOST appeared after start-up; rejecting");
      throw new AuthenticationException(Failure.INTERNAL_ERROR);
    }
    IdToken parsed = parse(token);
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
    if (!emulator && !keys.contains(parsed.getHeader().getKeyId())) {
      throw new AuthenticationException(Failure.UNKNOWN_KEY);
    }
    if (!emulator && !keys.signedByItsKid(parsed)) {
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
    } else if (!keys.contains(header.getKeyId())) {
      return Failure.UNKNOWN_KEY;
    }
    return Failure.INVALID_SIGNATURE;
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
    return !closed.get() && (!keys.isEmpty() || settings.allowEmulator());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      app.delete();
    }
  }

  @Override
  public String toString() {
    return "FirebaseTokenVerifier[project=" + settings.projectId() + ", app=" + app.getName() + "]";
  }
}
