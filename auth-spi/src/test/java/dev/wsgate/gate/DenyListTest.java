package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class DenyListTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  private static VerifiedToken token(String subject, String jti) {
    VerifiedToken.Builder b = VerifiedToken.builder("test", subject);
    if (jti != null) {
      b.claims(Map.of("jti", jti));
    }
    return b.build();
  }

  @Test
  void isRevoked_deniedSubject_untilItsInstant() {
    DenyList list = new DenyList();
    list.denySubject("alice", T0.plusSeconds(60));
    assertThat(list.isRevoked(token("alice", null), T0)).isTrue();
    assertThat(list.isRevoked(token("alice", "j1"), T0.plusSeconds(59))).isTrue();
    assertThat(list.isRevoked(token("alice", null), T0.plusSeconds(60))).isFalse();
    assertThat(list.isRevoked(token("bob", null), T0)).isFalse();
  }

  @Test
  void isRevoked_deniedTokenId_onlyThatToken() {
    DenyList list = new DenyList();
    list.denyTokenId("j1", T0.plusSeconds(60));
    assertThat(list.isRevoked(token("alice", "j1"), T0)).isTrue();
    assertThat(list.isRevoked(token("alice", "j2"), T0)).isFalse();
    assertThat(list.isRevoked(token("alice", null), T0)).isFalse();
  }

  @Test
  void allowAndPurge_forgetDenials() {
    DenyList list = new DenyList();
    list.denySubject("alice", T0.plusSeconds(60));
    list.denyTokenId("j1", T0.plusSeconds(10));
    list.allowSubject("alice");
    assertThat(list.isRevoked(token("alice", null), T0)).isFalse();
    list.purge(T0.plusSeconds(10));
    assertThat(list.toString()).contains("subjects=0").contains("tokenIds=0");
  }

  @Test
  void deny_blankValue_throws() {
    assertThatThrownBy(() -> new DenyList().denySubject(" ", T0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
