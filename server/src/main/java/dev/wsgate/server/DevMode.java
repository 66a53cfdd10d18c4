package dev.wsgate.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Dev mode, used when no configuration is given: the {@code hmac} provider (found through the
 * registry like any other) with a fresh random 256-bit secret that is never printed, origins {@code
 * http://localhost:*} only, and a dev token valid for one hour.
 */
final class DevMode {
  static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
  static final String SUBJECT = "dev-user";

  private final String secret;

  private DevMode(String secret) {
    this.secret = secret;
  }

  static DevMode create(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return new DevMode(Base64.getUrlEncoder().withoutPadding().encodeToString(key));
  }

  Map<String, String> properties(int port) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("wsgate.listen.host", "localhost");
    p.put("wsgate.listen.port", Integer.toString(port));
    p.put("wsgate.path", ServerConfig.DEFAULT_PATH);
    p.put("wsgate.origins", "http://localhost:*");
    p.put("wsgate.provider", "hmac");
    p.put("wsgate.provider.hmac.secret", secret);
    return p;
  }

  /** An HS256 token for {@link #SUBJECT}, issued at {@code now}, valid one hour. */
  String mintToken(Instant now) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject(SUBJECT)
            .issuer("wsgate-dev")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the dev token (" + e.getClass().getName() + ")");
    }
    return jwt.serialize();
  }

  @Override
  public String toString() {
    return "DevMode[secret=****]";
  }
}
