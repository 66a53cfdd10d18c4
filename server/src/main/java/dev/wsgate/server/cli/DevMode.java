package dev.wsgate.server.cli;

import dev.wsgate.adapter.javawebsocket.ServerConfig;
import dev.wsgate.spi.ConfigurationException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Dev mode, used when no configuration is given: the {@code hmac} provider (found through the
 * registry like any other) with a fresh random 256-bit secret that is never printed, origins {@code
 * http://localhost:*} only, and a dev token valid for one hour.
 */
public final class DevMode {
  public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
  static final String SUBJECT = "dev-user";
  static final String SECRET_ENV = "WSGATE_DEV_SECRET";

  private final String secret;
  private final boolean fromEnv;

  private DevMode(String secret, boolean fromEnv) {
    this.secret = secret;
    this.fromEnv = fromEnv;
  }

  /** Where the secret came from, for the start-up lines (never the secret). */
  public String secretSource() {
    return fromEnv ? "the secret in " + SECRET_ENV : "a fresh random secret";
  }

  /**
   * Dev mode with the secret in {@code WSGATE_DEV_SECRET} (at least 32 characters), so that the
   * {@code token} command can mint tokens a dev-mode server accepts; empty when it is not set.
   *
   * @throws ConfigurationException when it is set but too short
   */
  public static Optional<DevMode> fromEnv(Map<String, String> env) {
    String s = env.get(SECRET_ENV);
    if (s == null || s.isBlank()) {
      return Optional.empty();
    }
    if (s.length() < 32) {
      throw new ConfigurationException(SECRET_ENV + " must be at least 32 characters");
    }
    return Optional.of(new DevMode(s, true));
  }

  public static DevMode create(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return new DevMode(Base64.getUrlEncoder().withoutPadding().encodeToString(key), false);
  }

  public Map<String, String> properties(int port) {
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
  public String mintToken(Instant now) {
    return HmacMinter.mint(
        secret,
        "HS256",
        SUBJECT,
        Optional.of("wsgate-dev"),
        Optional.empty(),
        Optional.empty(),
        now,
        now.plus(TOKEN_LIFETIME));
  }

  @Override
  public String toString() {
    return "DevMode[secret=****]";
  }
}
