package dev.wsgate.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.gate.DenyList;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.OriginPolicy;
import dev.wsgate.gate.RefreshFrames;
import dev.wsgate.gate.TenantPolicy;
import dev.wsgate.gate.TenantResolver;
import dev.wsgate.gate.TokenExtractors;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.VerifiedToken;
import dev.wsgate.testkit.RecordingTokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

final class SessionRegistryTest {
  private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String APP = "https://app.example.com";
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2ln";

  private final AtomicLong ticker = new AtomicLong(1_000_000_000_000L);
  private final List<String> closes = new CopyOnWriteArrayList<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final DenyList deny = new DenyList();

  private static TenantPolicy tenant(String id) {
    return new TenantPolicy(
        id,
        OriginPolicy.of(List.of(APP), false),
        List.of(TokenExtractors.query("token")),
        RecordingTokenVerifier.accepting(),
        List.of(),
        TenantPolicy.DEFAULT_MAX_TOKEN_BYTES,
        Duration.ofSeconds(30));
  }

  private SessionRegistry registry(boolean refresh) {
    HandshakeGate gate =
        HandshakeGate.builder()
            .tenant(tenant("default"))
            .tenant(tenant("other"))
            .resolver(TenantResolver.byHost(Map.of("other.example.com", "other")))
            .clock(CLOCK)
            .revocationCheck(deny)
            .build();
    SessionEvents recording =
        new SessionEvents() {
          @Override
          public void refreshed(
              LiveSession s, String fingerprint, @Nullable Failure failure, int closeCode) {
            events.add("refreshed " + failure + " " + closeCode);
          }

          @Override
          public void revoked(LiveSession s) {
            events.add("revoked " + s.token().subject());
          }
        };
    return new SessionRegistry(
        gate,
        SessionPolicy.defaults().withRefresh(refresh),
        CLOCK,
        Runnable::run,
        recording,
        () -> 0,
        ticker::get);
  }

  private static VerifiedToken token(String tenant, String subject, Instant exp) {
    return VerifiedToken.builder("recording", subject).expiresAt(exp).build().withTenant(tenant);
  }

  private LiveSession open(SessionRegistry r, String name, String tenant, String subject) {
    return r.open(
        new RecordingChannel(name, closes), token(tenant, subject, NOW.plusSeconds(60)), APP);
  }

  private static List<Runnable> walk(SessionRegistry r) {
    List<Runnable> tasks = new ArrayList<>();
    r.armDue((delay, task) -> tasks.add(task));
    return tasks;
  }

  @Test
  void open_tokenExpiresSoon_walkClosesItWith4002AtExp() {
    SessionRegistry r = registry(false);
    r.open(new RecordingChannel("a", closes), token("default", "ann", NOW.plusMillis(800)), APP);
    r.open(new RecordingChannel("b", closes), token("default", "bob", NOW.plusSeconds(60)), APP);

    List<Runnable> due = walk(r);
    ticker.addAndGet(Duration.ofMillis(800).toNanos());
    due.forEach(Runnable::run);

    assertThat(due).hasSize(1);
    assertThat(closes).containsExactly("a 4002 token expired");
    assertThat(r.size()).isEqualTo(2); // until the adapter reports the close
  }

  @Test
  void closed_forgetsTheSession_noCloseAfterwards() {
    SessionRegistry r = registry(false);
    LiveSession s =
        r.open(
            new RecordingChannel("a", closes), token("default", "ann", NOW.plusMillis(800)), APP);

    r.closed(s);
    r.closed(s);

    assertThat(r.size()).isZero();
    assertThat(walk(r)).isEmpty();
    assertThat(r.disconnectSubject("ann", 4001, "revoked")).isZero();
  }

  @Test
  void disconnectSubject_byTenantAndSubject_closesOnlyThatUsersConnections() {
    SessionRegistry r = registry(false);
    open(r, "ann1", "default", "ann");
    open(r, "ann2", "default", "ann");
    open(r, "annOther", "other", "ann");
    open(r, "bob", "default", "bob");

    assertThat(r.disconnectSubject("default", "ann", 4001, "revoked")).isEqualTo(2);
    assertThat(closes).containsExactlyInAnyOrder("ann1 4001 revoked", "ann2 4001 revoked");
    assertThat(r.disconnectSubject("ann", 4003, "bye")).isEqualTo(3);
    assertThat(closes).contains("annOther 4003 bye");
    assertThat(r.disconnectSubject("nobody", 4003, "bye")).isZero();
  }

  @Test
  void closed_subjectGoesFromOneToSeveralAndBack_everyOpenSessionStaysReachable() {
    SessionRegistry r = registry(false);
    LiveSession a = open(r, "a", "default", "ann");
    LiveSession b = open(r, "b", "default", "ann");
    LiveSession c = open(r, "c", "default", "ann");

    r.closed(b);
    assertThat(r.size()).isEqualTo(2);
    r.closed(a);
    assertThat(r.size()).isEqualTo(1);
    r.closed(a); // again: harmless, c stays
    LiveSession d = open(r, "d", "default", "ann");

    assertThat(r.size()).isEqualTo(2);
    assertThat(r.disconnectSubject("default", "ann", 4001, "revoked")).isEqualTo(2);
    assertThat(closes).containsExactlyInAnyOrder("c 4001 revoked", "d 4001 revoked");
    r.closed(c);
    r.closed(d);
    assertThat(r.size()).isZero();
    assertThat(r.disconnectSubject("ann", 4001, "revoked")).isZero();
  }

  @Test
  void forEach_visitsEveryOpenSessionOfEveryTenantOnce() {
    SessionRegistry r = registry(false);
    LiveSession a = open(r, "a", "default", "ann");
    LiveSession b = open(r, "b", "default", "ann");
    LiveSession c = open(r, "c", "other", "ann");
    LiveSession d = open(r, "d", "default", "bob");
    r.closed(d);

    List<LiveSession> seen = new ArrayList<>();
    r.forEach(seen::add);

    assertThat(seen).containsExactlyInAnyOrder(a, b, c);
  }

  @Test
  void handledInBand_refreshAccepted_replacesTheTokenAndAcknowledges() {
    SessionRegistry r = registry(true);
    LiveSession s = open(r, "a", "default", "user");

    boolean handled =
        r.handledInBand(s, "{\"type\":\"wsgate.refresh\",\"token\":\"" + TOKEN + "\"}");

    assertThat(handled).isTrue();
    assertThat(s.token().expiresAt()).hasValue(NOW.plus(Duration.ofHours(1)));
    assertThat(((RecordingChannel) s.channel()).sent)
        .containsExactly(RefreshFrames.refreshed(s.token()));
    assertThat(events).containsExactly("refreshed null 0");
    assertThat(closes).isEmpty();
  }

  @Test
  void handledInBand_refreshOfAnotherSubjectOrMalformed_closes() {
    SessionRegistry r = registry(true);
    LiveSession other = open(r, "other", "default", "mallory");
    LiveSession malformed = open(r, "malformed", "default", "user");

    r.handledInBand(other, "{\"type\":\"wsgate.refresh\",\"token\":\"" + TOKEN + "\"}");
    r.handledInBand(malformed, "{\"type\":\"wsgate.refresh\",\"token\":42}");

    int mismatch = RefreshFrames.closeCode(Failure.SUBJECT_MISMATCH);
    assertThat(closes)
        .containsExactly(
            "other " + mismatch + " " + RefreshFrames.closeReason(Failure.SUBJECT_MISMATCH),
            "malformed 4001 " + RefreshFrames.MALFORMED);
    assertThat(other.token().subject()).isEqualTo("mallory");
  }

  @Test
  void handledInBand_refreshOffOrOrdinaryText_notHandled() {
    LiveSession off = open(registry(false), "off", "default", "user");
    SessionRegistry on = registry(true);
    LiveSession s = open(on, "on", "default", "user");

    assertThat(registry(false).handledInBand(off, "{\"type\":\"wsgate.refresh\",\"token\":\"x\"}"))
        .isFalse();
    assertThat(on.handledInBand(s, "hello")).isFalse();
    assertThat(closes).isEmpty();
  }

  @Test
  void closeRevoked_deniedSubject_closedWith4001_othersStay() {
    SessionRegistry r = registry(false);
    open(r, "eve", "default", "eve");
    open(r, "ann", "default", "ann");

    deny.denySubject("default", "eve", NOW.plusSeconds(3600));
    r.closeRevoked();

    assertThat(closes).containsExactly("eve 4001 " + Failure.REVOKED.logReason());
    assertThat(events).containsExactly("revoked eve");
  }
}
