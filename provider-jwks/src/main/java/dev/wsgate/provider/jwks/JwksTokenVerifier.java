package dev.wsgate.provider.jwks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.wsgate.internal.keys.Verifications;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.lang.System.Logger.Level;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Verifies RS/PS/ES-signed JWTs against the keys of one JWKS endpoint. Thread-safe; one instance
 * serves every handshake of a tenant. No network I/O per call while a key set is cached: keys are
 * fetched on the key set's daemon thread, stopped by {@link #close()}. {@link #verifyAsync} waits
 * for a fetch without holding a thread; the verification itself only computes, so it runs on the
 * thread that has the keys.
 */
public final class JwksTokenVerifier implements TokenVerifier {
  private static final System.Logger LOG = System.getLogger(JwksTokenVerifier.class.getName());

  private final SignatureCheck signatures;
  private final ClaimsCheck claims;
  private final JwksKeys keys;

  JwksTokenVerifier(JwksSettings settings, JwksKeys keys) {
    this.keys = keys;
    this.signatures = new SignatureCheck(settings.algorithms(), keys);
    this.claims = new ClaimsCheck(settings.issuer(), settings.audience(), settings.clockSkew());
  }

  /** A verifier that starts fetching its key set in the background right away. */
  static JwksTokenVerifier start(JwksSettings settings, Clock clock, String tenant) {
    warnAboutWeakSettings(settings, tenant);
    return new JwksTokenVerifier(settings, JwksKeys.start(settings, clock, tenant));
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    SignatureCheck.Signed signed = parse(token);
    return finish(signed, Verifications.await(keys.candidates(signed.header())), context);
  }

  @Override
  public CompletionStage<VerifiedToken> verifyAsync(
      String token, VerificationContext context, Executor executor) {
    SignatureCheck.Signed signed;
    try {
      signed = parse(token);
    } catch (AuthenticationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return Verifications.then(
        keys.candidates(signed.header()), found -> finish(signed, found, context));
  }

  private SignatureCheck.Signed parse(String token) throws AuthenticationException {
    try {
      return signatures.parse(token);
    } catch (ParseException e) {
      throw classify(e);
    }
  }

  private VerifiedToken finish(
      SignatureCheck.Signed signed, List<JWK> candidates, VerificationContext context)
      throws AuthenticationException {
    JWTClaimsSet set;
    try {
      Map<String, Object> json = signatures.verify(signed, candidates).toJSONObject();
      if (json == null) {
        throw new AuthenticationException(Failure.MALFORMED_TOKEN, "token payload is not JSON");
      }
      set = JWTClaimsSet.parse(json);
    } catch (ParseException | JOSEException e) {
      throw classify(e);
    }
    claims.check(set, context.now());
    return VerifiedToken.builder(JwksVerifierProvider.ID, set.getSubject())
        .issuer(set.getIssuer())
        .expiresAt(set.getExpirationTime().toInstant())
        .audience(set.getAudience())
        .scopes(scopes(set))
        .tenant(context.tenant())
        .claims(set.toJSONObject())
        .build();
  }

  private static void warnAboutWeakSettings(JwksSettings s, String tenant) {
    String host = String.valueOf(s.endpoint().getHost());
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    if ("http".equalsIgnoreCase(s.endpoint().getScheme()) && !loopback) {
      LOG.log(
          Level.WARNING,
          "tenant {0}: signing keys are fetched over plain http from {1}; use https",
          tenant,
          s.endpoint());
    }
    if (s.audience().isEmpty()) {
      LOG.log(
          Level.WARNING,
          "tenant {0}: no audience set, so tokens the issuer made for any of its APIs are accepted",
          tenant);
    }
  }

  /** The one translation of library exceptions into failures; messages are safe for clients. */
  static AuthenticationException classify(Exception e) {
    if (e instanceof AuthenticationException) {
      return (AuthenticationException) e;
    }
    if (e instanceof ParseException) {
      // no cause: a parser's message may quote parts of the token
      return new AuthenticationException(Failure.MALFORMED_TOKEN, "token is not a well-formed JWT");
    }
    if (e instanceof JOSEException) {
      return new AuthenticationException(Failure.INVALID_SIGNATURE, "token signature is invalid");
    }
    return new AuthenticationException(Failure.INTERNAL_ERROR, "internal error", e);
  }

  /**
   * {@code scope} and {@code scp} (space-separated or lists), {@code permissions}, {@code roles}.
   */
  private static Set<String> scopes(JWTClaimsSet set) {
    Set<String> out = new LinkedHashSet<>();
    for (String name : List.of("scope", "scp", "permissions", "roles")) {
      Object v = set.getClaim(name);
      if (v instanceof String) {
        for (String s : ((String) v).trim().split("\\s+")) {
          if (!s.isEmpty()) {
            out.add(s);
          }
        }
      } else if (v instanceof Collection) {
        for (Object o : new ArrayList<>((Collection<?>) v)) {
          if (o instanceof String) {
            out.add((String) o);
          }
        }
      }
    }
    return out;
  }

  @Override
  public boolean isReady() {
    return keys.isReady();
  }

  @Override
  public void close() {
    keys.close();
  }
}
