package dev.wsgate.examples.chat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The example's stand-in for a login: {@code GET /dev-token?name=alice} returns an HS256 token for
 * {@code alice}, valid for {@link #LIFETIME}. A real application issues the token after its own
 * sign-in (or takes one from its identity provider: swap {@code hmac} for {@code jwks}); never
 * hand out tokens for any name like this.
 */
@RestController
final class DevTokens {
  static final String AUDIENCE = "chat";
  static final Duration LIFETIME = Duration.ofMinutes(10);

  private final String secret;

  /** @param secret the gate's shared secret ({@code wsgate.provider.hmac.secret}) */
  DevTokens(String secret) {
    this.secret = secret;
  }

  /** 32 random bytes, base64url: a secret for one run. */
  static String randomSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @GetMapping("/dev-token")
  Map<String, String> token(@RequestParam String name) throws JOSEException {
    if (!name.matches("[A-Za-z0-9_-]{1,32}")) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "name: 1-32 letters or digits");
    }
    return Map.of("token", mint(name, Instant.now().plus(LIFETIME)));
  }

  String mint(String subject, Instant expiresAt) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject(subject)
                .audience(AUDIENCE)
                .issueTime(new Date())
                .expirationTime(Date.from(expiresAt))
                .build());
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }
}
