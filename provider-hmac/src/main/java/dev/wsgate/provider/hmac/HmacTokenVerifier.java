package dev.wsgate.provider.hmac;

import dev.wsgate.internal.JsonObjects;
import dev.wsgate.internal.TimeWindow;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies HS256/384/512 JWTs against the configured secret. Thread-safe, no I/O, no background
 * threads.
 *
 * <p>Checks in order: signature ({@link HmacSignature}), then {@code exp} (required), {@code nbf},
 * {@code iat} (not in the future), {@code iss}, {@code aud}, the required claims and {@code sub}.
 * Time comes from the context, with the configured clock skew.
 */
final class HmacTokenVerifier implements TokenVerifier {
  private static final List<String> SCOPE_CLAIMS = List.of("scope", "scp");

  private final HmacSettings settings;
  private final HmacSignature signature;

  /** The audience of a token whose only audience is the required one. */
  private final List<String> onlyAudience;

  HmacTokenVerifier(HmacSettings settings) {
    this.settings = settings;
    this.onlyAudience = List.of(settings.audience());
    this.signature =
        new HmacSignature(
            settings.secret().reveal().getBytes(StandardCharsets.UTF_8), settings.algorithms());
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    HmacClaims claims = claims(signature.verify(token));
    TimeWindow.check(
        claims.expiresAt(),
        claims.notBefore(),
        claims.issuedAt(),
        context.now(),
        settings.clockSkew());
    if (settings.requiredIssuer().isPresent()
        && !settings.requiredIssuer().get().equals(claims.issuer())) {
      throw new AuthenticationException(Failure.WRONG_ISSUER, "the token issuer is not accepted");
    }
    if (settings.requiredAudience().isPresent()
        && !claims.audience().contains(settings.requiredAudience().get())) {
      throw new AuthenticationException(
          Failure.WRONG_AUDIENCE, "the token audience does not include this service");
    }
    for (String name : settings.requiredClaims()) {
      if (claims.all().get(name) == null) {
        throw new AuthenticationException(
            Failure.MALFORMED_TOKEN, "the token lacks the required claim '" + name + "'");
      }
    }
    String subject = claims.subject();
    if (subject == null || subject.isBlank()) {
      throw new AuthenticationException(Failure.MALFORMED_TOKEN, "the token has no subject");
    }
    // the issuer and a lone audience equal the settings' (checked above): the token holds the
    // settings' strings, not copies of its own that would stay with every open connection
    String issuer = claims.issuer();
    if (settings.requiredIssuer().isPresent()) {
      issuer = settings.issuer();
      claims.all().put("iss", issuer);
    }
    List<String> audience = claims.audience();
    if (settings.requiredAudience().isPresent() && audience.size() == 1) {
      audience = onlyAudience;
      claims.all().put("aud", settings.audience());
    }
    return VerifiedToken.builder(HmacVerifierProvider.ID, subject)
        .issuer(issuer)
        .expiresAt(claims.expiresAt())
        .audience(audience)
        .scopes(scopes(claims.all()))
        .tenant(context.tenant())
        .claims(claims.all())
        .build();
  }

  /** The payload parsed once (nimbus's JSON rules: duplicate keys, nesting limit) and typed. */
  private static HmacClaims claims(String payload) throws AuthenticationException {
    HmacClaims claims;
    try {
      claims = HmacClaims.parse(JsonObjects.parse(payload));
    } catch (JsonObjects.MalformedJson | RuntimeException e) {
      claims = null;
    }
    if (claims == null) {
      // A registered claim of the wrong type (exp as a string, aud as a number) lands here too.
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "the token claims are not a valid JWT claims set");
    }
    return claims;
  }

  /** Scopes from an OAuth {@code scope} string or a {@code scp} string or list. */
  private static Set<String> scopes(Map<String, Object> claims) {
    Set<String> scopes = new LinkedHashSet<>();
    for (String name : SCOPE_CLAIMS) {
      Object value = claims.get(name);
      if (value instanceof String s) {
        Arrays.stream(s.split(" ")).filter(x -> !x.isBlank()).forEach(scopes::add);
      } else if (value instanceof List<?> list) {
        list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(scopes::add);
      }
    }
    return scopes;
  }

  @Override
  public boolean mayBlock() {
    return false;
  }

  @Override
  public String toString() {
    return "HmacTokenVerifier[" + settings + "]";
  }
}
