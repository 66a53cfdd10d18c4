package dev.wsgate.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.gate.TicketGrant;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class GrantCodecTest {
  @Test
  void encodeThenDecode_keepsTheTokenOriginAndExpiry() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("jti", "t-1");
    claims.put("exp", 1_900_000_000L);
    claims.put("ratio", 0.5);
    claims.put("admin", true);
    claims.put("roles", List.of("a", "b\"quoted\\"));
    claims.put("nested", Map.of("k", List.of(1L, "x\n")));
    VerifiedToken token =
        VerifiedToken.builder("hmac", "alice")
            .issuer("https://issuer.example")
            .expiresAt(Instant.parse("2030-01-01T00:00:00Z"))
            .audience(List.of("api"))
            .scopes(List.of("read"))
            .tenant("acme")
            .claims(claims)
            .build();
    TicketGrant grant =
        new TicketGrant(token, "https://app.example.com", Instant.parse("2026-12-07T12:00:30Z"));

    TicketGrant back = GrantCodec.decode(GrantCodec.encode(grant));

    assertThat(back).isEqualTo(grant);
    assertThat(back.token().claims().get("exp")).isEqualTo(1_900_000_000L);
    assertThat(back.token().tokenId()).contains("t-1");
  }

  @Test
  void decode_somethingElse_throws() {
    assertThatThrownBy(() -> GrantCodec.decode("{\"origin\":1}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GrantCodec.decode("not json"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
