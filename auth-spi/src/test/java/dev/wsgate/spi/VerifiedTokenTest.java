package dev.wsgate.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class VerifiedTokenTest {
  private static final Instant EXP = Instant.parse("2026-01-01T01:00:00Z");

  private static VerifiedToken token() {
    Map<String, Object> claims = new HashMap<>();
    claims.put("sub", "alice");
    claims.put("jti", "id-1");
    claims.put("email", "alice@example.com");
    claims.put("dropped", null);
    return VerifiedToken.builder("hmac", "alice")
        .issuer("https://issuer.test")
        .expiresAt(EXP)
        .audience(List.of("my-api"))
        .scopes(List.of("read", "write", "read"))
        .claims(claims)
        .build();
  }

  @Test
  void builder_setsEveryField() {
    VerifiedToken t = token();
    assertThat(t.providerId()).isEqualTo("hmac");
    assertThat(t.subject()).isEqualTo("alice");
    assertThat(t.issuer()).isEqualTo("https://issuer.test");
    assertThat(t.expiresAt()).hasValue(EXP);
    assertThat(t.audience()).containsExactly("my-api");
    assertThat(t.scopes()).isEqualTo(Set.of("read", "write"));
    assertThat(t.tokenId()).hasValue("id-1");
    assertThat(t.tenant()).isEmpty();
    assertThat(t.claims()).containsOnlyKeys("sub", "jti", "email");
  }

  @Test
  void expiresAt_keepsTheInstantToTheNanosecond_emptyForATokenThatNeverExpires() {
    Instant exact = Instant.parse("2026-01-01T01:00:00.123456789Z");
    VerifiedToken a = VerifiedToken.builder("hmac", "alice").expiresAt(exact).build();
    VerifiedToken never = VerifiedToken.builder("hmac", "alice").build();

    assertThat(a.expiresAt()).hasValue(exact);
    assertThat(never.expiresAt()).isEmpty();
    assertThat(a).isNotEqualTo(never);
    assertThat(a.withTenant("t").expiresAt()).hasValue(exact);
    assertThat(VerifiedToken.builder("hmac", "alice").expiresAt(exact).build())
        .isEqualTo(a)
        .hasSameHashCodeAs(a);
    assertThat(a.toString()).contains("expiresAt=2026-01-01T01:00:00.123456789Z");
    assertThat(never.toString()).contains("expiresAt=null");
  }

  @Test
  void claims_areUnmodifiable() {
    assertThatThrownBy(() -> token().claims().put("admin", true))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void builder_blankSubjectOrProvider_throws() {
    assertThatThrownBy(() -> VerifiedToken.builder("hmac", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subject must not be blank");
    assertThatThrownBy(() -> VerifiedToken.builder(null, "alice"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("providerId must not be blank");
  }

  @Test
  void withTenant_copiesWithTheTenantAndKeepsTheRest() {
    VerifiedToken t = token();
    VerifiedToken acme = t.withTenant("acme");
    assertThat(acme.tenant()).isEqualTo("acme");
    assertThat(acme.withTenant("acme")).isSameAs(acme);
    assertThat(acme).isNotEqualTo(t);
    assertThat(acme.withTenant("")).isEqualTo(t).hasSameHashCodeAs(t);
  }

  @Test
  void toString_omitsClaims() {
    assertThat(token().toString()).contains("alice").doesNotContain("alice@example.com");
  }
}
