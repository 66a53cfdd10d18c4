package dev.wsgate.provider.clerk;

import com.clerk.backend_api.helpers.security.VerifyToken;
import com.clerk.backend_api.helpers.security.models.TokenVerificationException;
import com.clerk.backend_api.helpers.security.models.VerifyTokenOptions;
import dev.wsgate.internal.keys.Verifications;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import io.jsonwebtoken.ClaimJwtException;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.KeyException;
import io.jsonwebtoken.security.SignatureException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Verifies Clerk session tokens: the header is checked first (only RS256 JWTs reach the SDK), the
 * SDK's {@code VerifyToken} checks the signature with the key from {@link ClerkKeys} (always passed
 * as a PEM, so the SDK never fetches anything nor touches its static key cache), then {@link
 * ClaimChecks} re-checks time, issuer, audience and authorized party with the server's clock.
 * Thread-safe. {@link #verifyAsync} waits for a key fetch without holding a thread; the rest only
 * computes and runs on the thread that has the key.
 */
final class ClerkTokenVerifier implements TokenVerifier {
  private static final System.Logger LOG = System.getLogger(ClerkTokenVerifier.class.getName());

  private final ClerkSettings settings;
  private final ClerkKeys keys;

  ClerkTokenVerifier(ClerkSettings settings, ClerkKeys keys) {
    this.settings = settings;
    this.keys = keys;
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    String kid = kid(token);
    return finish(token, Verifications.await(keys.pemFor(kid)), context);
  }

  @Override
  public CompletionStage<VerifiedToken> verifyAsync(
      String token, VerificationContext context, Executor executor) {
    String kid;
    try {
      kid = kid(token);
    } catch (AuthenticationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return Verifications.then(keys.pemFor(kid), pem -> finish(token, pem, context));
  }

  private String kid(String token) throws AuthenticationException {
    SessionTokenHeader header = SessionTokenHeader.parse(token);
    if (!settings.networkless() && header.kid().isEmpty()) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "token header has no kid; Clerk session tokens carry one");
    }
    return header.kid();
  }

  private VerifiedToken finish(String token, String pem, VerificationContext context)
      throws AuthenticationException {
    Map<String, Object> claims = ClerkIdentity.json(verifySignature(token, pem));
    ClaimChecks.time(claims, context.now(), settings.clockSkew());
    ClaimChecks.issuer(claims, settings.issuer());
    ClaimChecks.audience(claims, settings.audience());
    ClaimChecks.authorizedParty(claims, settings.authorizedParties(), context.origin());
    return ClerkIdentity.toVerifiedToken(claims, context);
  }

  private Map<?, ?> verifySignature(String token, String pem) throws AuthenticationException {
    VerifyTokenOptions.Builder options =
        VerifyTokenOptions.jwtKey(pem)
            .authorizedParties(settings.authorizedParties())
            .clockSkew(settings.clockSkew().toMillis(), TimeUnit.MILLISECONDS);
    if (!settings.audience().isEmpty()) {
      options.audience(settings.audience());
    }
    Object payload;
    try {
      payload = VerifyToken.verifyToken(token, options.build()).payload();
    } catch (TokenVerificationException | IOException | InterruptedException | RuntimeException e) {
      throw classify(e);
    }
    if (!(payload instanceof Map)) {
      throw new AuthenticationException(Failure.INTERNAL_ERROR);
    }
    return (Map<?, ?>) payload;
  }

  /** The one place where the SDK's and its JWT library's errors become a {@link Failure}. */
  static AuthenticationException classify(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new AuthenticationException(Failure.PROVIDER_UNAVAILABLE, "interrupted", e);
    }
    if (e instanceof IOException) {
      return new AuthenticationException(
          Failure.PROVIDER_UNAVAILABLE, Failure.PROVIDER_UNAVAILABLE.logReason(), e);
    }
    if (!(e instanceof TokenVerificationException)) {
      LOG.log(
          System.Logger.Level.WARNING,
          "clerk: the SDK threw {0} while verifying a token",
          e.getClass().getName());
      return new AuthenticationException(
          Failure.INTERNAL_ERROR, Failure.INTERNAL_ERROR.logReason(), e);
    }
    TokenVerificationException t = (TokenVerificationException) e;
    switch (t.reason()) {
      case TOKEN_EXPIRED:
        return failure(Failure.EXPIRED, "token expired; get a fresh session token", t);
      case TOKEN_NOT_ACTIVE_YET:
      case TOKEN_IAT_IN_THE_FUTURE:
        return failure(Failure.NOT_YET_VALID, "token is not valid yet", t);
      case TOKEN_INVALID_SIGNATURE:
        return failure(Failure.INVALID_SIGNATURE, "token signature is invalid", t);
      case TOKEN_INVALID_AUTHORIZED_PARTIES:
        return failure(
            Failure.WRONG_AUDIENCE, "token's authorized party (azp) is not allowed here", t);
      case TOKEN_INVALID_AUDIENCE:
        return failure(Failure.WRONG_AUDIENCE, "token audience is not accepted", t);
      case JWK_KID_MISMATCH:
        return failure(Failure.UNKNOWN_KEY, "token is signed with an unknown key", t);
      case JWK_FAILED_TO_LOAD:
      case JWK_REMOTE_INVALID:
      case JWK_FAILED_TO_RESOLVE:
      case FAILED_TO_PROCESS_RESPONSE:
        return failure(Failure.PROVIDER_UNAVAILABLE, "Clerk's keys cannot be loaded", t);
      case TOKEN_INVALID:
        return classifyInvalid(t);
      default: // JWK_LOCAL_INVALID, SECRET_KEY_MISSING: our configuration, checked at start-up
        return failure(Failure.INTERNAL_ERROR, Failure.INTERNAL_ERROR.logReason(), t);
    }
  }

  /** The SDK folds every JWT library error into TOKEN_INVALID; its cause says which. */
  private static AuthenticationException classifyInvalid(TokenVerificationException t) {
    Throwable cause = t.getCause();
    if (cause instanceof SignatureException) {
      return failure(Failure.INVALID_SIGNATURE, "token signature is invalid", t);
    }
    if (cause instanceof ClaimJwtException) { // aud required by `audience` and missing/wrong
      return failure(Failure.WRONG_AUDIENCE, "token audience is not accepted", t);
    }
    if (cause instanceof KeyException) { // the header's algorithm does not fit an RSA key
      return failure(Failure.UNSUPPORTED_ALGORITHM, "token algorithm is not accepted", t);
    }
    if (cause instanceof MalformedJwtException || cause instanceof UnsupportedJwtException) {
      return failure(Failure.MALFORMED_TOKEN, "token is malformed", t);
    }
    return failure(Failure.MALFORMED_TOKEN, "token could not be verified", t);
  }

  private static AuthenticationException failure(Failure failure, String message, Throwable cause) {
    return new AuthenticationException(failure, message, cause);
  }

  @Override
  public boolean isReady() {
    return keys.isReady();
  }

  @Override
  public void close() {
    keys.close();
  }

  @Override
  public String toString() {
    return "ClerkTokenVerifier[" + settings + "]";
  }
}
