package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.cluster.Denial;
import dev.wsgate.spi.VerifiedToken;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class DenyListTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

  private static VerifiedToken token(String tenant, String subject, String jti) {
    VerifiedToken.Builder b = VerifiedToken.builder("test", subject).tenant(tenant);
    if (jti != null) {
      b.claims(Map.of("jti", jti));
    }
    return b.build();
  }

  @Test
  void isRevoked_deniedSubject_untilItsInstant() {
    DenyList list = new DenyList();
    list.denySubject("acme", "alice", T0.plusSeconds(60));
    assertThat(list.isRevoked(token("acme", "alice", null), T0)).isTrue();
    assertThat(list.isRevoked(token("acme", "alice", "j1"), T0.plusSeconds(59))).isTrue();
    assertThat(list.isRevoked(token("acme", "alice", null), T0.plusSeconds(60))).isFalse();
    assertThat(list.isRevoked(token("acme", "bob", null), T0)).isFalse();
  }

  @Test
  void isRevoked_deniedSubject_notTheSameSubjectOfAnotherTenant() {
    DenyList list = new DenyList();
    list.denySubject("acme", "mallory", T0.plusSeconds(3600));

    assertThat(list.isRevoked(token("acme", "mallory", null), T0)).isTrue();
    assertThat(list.isRevoked(token("globex", "mallory", null), T0)).isFalse();
  }

  @Test
  void isRevoked_deniedTokenId_onlyThatTokenOfThatTenant() {
    DenyList list = new DenyList();
    list.denyTokenId("acme", "j1", T0.plusSeconds(60));
    assertThat(list.isRevoked(token("acme", "alice", "j1"), T0)).isTrue();
    assertThat(list.isRevoked(token("acme", "alice", "j2"), T0)).isFalse();
    assertThat(list.isRevoked(token("acme", "alice", null), T0)).isFalse();
    assertThat(list.isRevoked(token("globex", "alice", "j1"), T0)).isFalse();
  }

  @Test
  void allowAndPurge_forgetDenials() {
    DenyList list = new DenyList();
    list.denySubject("acme", "alice", T0.plusSeconds(60));
    list.denySubject("globex", "alice", T0.plusSeconds(60));
    list.denyTokenId("acme", "j1", T0.plusSeconds(10));
    list.allowSubject("acme", "alice");
    assertThat(list.isRevoked(token("acme", "alice", null), T0)).isFalse();
    assertThat(list.isRevoked(token("globex", "alice", null), T0)).isTrue();
    list.purge(T0.plusSeconds(60));
    assertThat(list.toString()).contains("subjects=0").contains("tokenIds=0");
  }

  @Test
  void deny_blankValueOrTenant_throws() {
    assertThatThrownBy(() -> new DenyList().denySubject("acme", " ", T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DenyList().denyTokenId("", "j1", T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenant");
  }

  @Test
  void deny_tellsTheListener_mergeDoesNot_andKeepsTheLaterEnd() {
    DenyList list = new DenyList();
    List<Denial> heard = new ArrayList<>();
    list.onDeny(heard::add);
    list.denySubject("acme", "alice", T0.plusSeconds(60));
    list.denyTokenId("acme", "j1", T0.plusSeconds(30));
    assertThat(heard)
        .containsExactly(
            new Denial(Denial.Kind.SUBJECT, "acme", "alice", T0.plusSeconds(60)),
            new Denial(Denial.Kind.TOKEN_ID, "acme", "j1", T0.plusSeconds(30)));

    assertThat(list.merge(new Denial(Denial.Kind.SUBJECT, "acme", "alice", T0.plusSeconds(10))))
        .as("an earlier end changes nothing")
        .isFalse();
    assertThat(list.merge(new Denial(Denial.Kind.TOKEN_ID, "globex", "j1", T0.plusSeconds(90))))
        .isTrue();
    assertThat(heard).hasSize(2);
    assertThat(list.isRevoked(token("globex", "bob", "j1"), T0.plusSeconds(89))).isTrue();
    assertThat(list.active(T0.plusSeconds(45)))
        .containsExactlyInAnyOrder(
            new Denial(Denial.Kind.SUBJECT, "acme", "alice", T0.plusSeconds(60)),
            new Denial(Denial.Kind.TOKEN_ID, "globex", "j1", T0.plusSeconds(90)));
  }
}
