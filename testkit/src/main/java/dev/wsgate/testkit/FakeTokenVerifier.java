package dev.wsgate.testkit;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.Map;

/**
 * A working stand-in verifier for gate and server tests. Tokens are {@code fake.<subject>.<expiry
 * epoch seconds>}; a token {@code fail.<FAILURE>} is rejected with that failure, {@code throw}
 * makes the verifier throw a RuntimeException, {@code null} makes it return null. Thread-safe.
 */
public final class FakeTokenVerifier implements TokenVerifier {
  private final String providerId;

  /** A fake verifier reporting provider id {@code fake}. */
  public FakeTokenVerifier() {
    this("fake");
  }

  /** A fake verifier reporting {@code providerId}. */
  public FakeTokenVerifier(String providerId) {
    this.providerId = providerId;
  }

  /** A token for {@code subject} expiring at {@code expiresAt}. */
  public static String token(String subject, Instant expiresAt) {
    return "fake." + subject + "." + expiresAt.getEpochSecond();
  }

  /** A token the fake rejects with {@code failure}. */
  public static String failing(Failure failure) {
    return "fail." + failure.name();
  }

  @Override
  public VerifiedToken verify(String token, VerificationContext context)
      throws AuthenticationException {
    String[] parts = token.split("\\.", -1);
    if (token.equals("throw")) {
      throw new IllegalStateException("scripted failure");
    }
    if (token.equals("null")) {
      return null;
    }
    if (parts.length == 2 && parts[0].equals("fail")) {
      Failure f;
      try {
        f = Failure.valueOf(parts[1]);
      } catch (IllegalArgumentException e) {
        throw new AuthenticationException(Failure.MALFORMED_TOKEN);
      }
      throw new AuthenticationException(f);
    }
    if (parts.length != 3 || !parts[0].equals("fake") || parts[1].isEmpty()) {
      throw new AuthenticationException(Failure.MALFORMED_TOKEN, "not a fake token");
    }
    Instant exp;
    try {
      exp = Instant.ofEpochSecond(Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      throw new AuthenticationException(Failure.MALFORMED_TOKEN, "not a fake token");
    }
    if (!context.now().isBefore(exp)) {
      throw new AuthenticationException(Failure.EXPIRED, "token expired");
    }
    return VerifiedToken.builder(providerId, parts[1])
        .issuer("https://fake.test")
        .expiresAt(exp)
        .tenant(context.tenant())
        .claims(Map.of("sub", parts[1], "exp", exp.getEpochSecond()))
        .build();
  }
}
