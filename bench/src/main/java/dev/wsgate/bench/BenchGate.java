package dev.wsgate.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.wsgate.gate.CachingTokenVerifier;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.Headers;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.TokenVerifier;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * What every gate benchmark sets up the same way: one tenant, its gate, a browser-like upgrade, the
 * tokens and the raw-nimbus baseline.
 */
final class BenchGate {
  static final String ISSUER = "https://issuer.example.com";
  static final String AUDIENCE = "my-api";
  static final String ORIGIN = "http://localhost:3000";
  static final Duration SKEW = Duration.ofSeconds(30);

  private BenchGate() {}

  /** A single-tenant gate: origin {@link #ORIGIN}, the token in the query, {@code verifier}. */
  static HandshakeGate gate(TokenVerifier verifier) {
    return HandshakeGate.builder()
        .tenant(
            new TenantPolicy(
                "default",
                OriginPolicy.of(List.of(ORIGIN), false),
                List.of(TokenExtractors.query("token")),
                verifier,
                List.of(),
                TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
                SKEW))
        .build();
  }

  /** The default verified-token cache in front of {@code verifier}. */
  static TokenVerifier cached(TokenVerifier verifier) {
    return CachingTokenVerifier.wrap(
        verifier,
        CachingTokenVerifier.DEFAULT_MAX_ENTRIES,
        CachingTokenVerifier.DEFAULT_MAX_AGE,
        SKEW);
  }

  /** The upgrade request a browser sends, with {@code token} in the query. */
  static HandshakeRequest request(String token) {
    return HandshakeRequest.of(
        "/ws?token=" + token,
        Headers.builder()
            .add("Host", "localhost:8080")
            .add("Origin", ORIGIN)
            .add("Upgrade", "websocket")
            .add("Connection", "Upgrade")
            .add("Sec-WebSocket-Version", "13")
            .add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
            .build(),
        "127.0.0.1");
  }

  /** A token for {@code user-1} from {@link #ISSUER} to {@link #AUDIENCE}, valid for two hours. */
  static String sign(JWSHeader header, JWSSigner signer, Instant now) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            header,
            new JWTClaimsSet.Builder()
                .subject("user-1")
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(2))))
                .build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  /**
   * What a hand-rolled Java server does: nimbus directly, with the same checks as the providers
   * (algorithm, signature, exp, iss, aud).
   */
  static JWTClaimsSet rawNimbus(String token, JWSAlgorithm alg, JWSVerifier verifier)
      throws ParseException, JOSEException {
    SignedJWT jwt = SignedJWT.parse(token);
    if (!alg.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
      throw new IllegalStateException("bad signature");
    }
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    if (claims.getExpirationTime() == null
        || !claims.getExpirationTime().after(new Date())
        || !ISSUER.equals(claims.getIssuer())
        || !claims.getAudience().contains(AUDIENCE)) {
      throw new IllegalStateException("bad claims");
    }
    return claims;
  }
}
