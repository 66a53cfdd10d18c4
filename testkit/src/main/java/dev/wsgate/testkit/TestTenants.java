package dev.wsgate.testkit;

import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.TokenVerifier;
import java.time.Duration;
import java.util.List;

/** Fixtures: tenant policies shaped as adapter tests use them. */
public final class TestTenants {
  private TestTenants() {}

  /**
   * A tenant {@code id} with {@code verifier}, {@code origin} as its only origin, the token in the
   * query ({@code token}), a cookie ({@code wsgate_token}), the subprotocol ({@code bearer.}) or
   * the {@code Authorization} header, the application protocol {@code app.v1}, and a clock skew of
   * 30 s.
   */
  public static TenantPolicy standard(
      String id, TokenVerifier verifier, int maxTokenBytes, String origin) {
    return standard(id, verifier, maxTokenBytes, origin, false);
  }

  /** {@link #standard(String, TokenVerifier, int, String)}, accepting a missing Origin or not. */
  public static TenantPolicy standard(
      String id, TokenVerifier verifier, int maxTokenBytes, String origin, boolean allowMissing) {
    return new TenantPolicy(
        id,
        OriginPolicy.of(List.of(origin), allowMissing),
        List.of(
            TokenExtractors.query("token"),
            TokenExtractors.cookie("wsgate_token"),
            TokenExtractors.subprotocol("bearer."),
            TokenExtractors.header()),
        verifier,
        List.of("app.v1"),
        maxTokenBytes,
        Duration.ofSeconds(30));
  }
}
