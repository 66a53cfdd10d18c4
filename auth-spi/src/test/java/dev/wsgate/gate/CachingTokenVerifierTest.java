package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class CachingTokenVerifierTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static final Duration SKEW = Duration.ofSeconds(30);

  /** Accepts {@code ok.<subject>.<expEpochSeconds>} (or no exp with {@code ok.<subject>.-}). */
  private static final class CountingVerifier implements TokenVerifier {
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean closed;

    @Override
    public VerifiedToken verify(String token, VerificationContext context)
        throws AuthenticationException {
      calls.incrementAndGet();
      String[] p = token.split("\\.");
      if (!p[0].equals("ok")) {
        throw new AuthenticationException(Failure.INVALID_SIGNATURE, "bad");
      }
      VerifiedToken.Builder b = VerifiedToken.builder("test", p[1]).tenant(context.tenant());
      if (!p[2].equals("-")) {
        Instant exp = Instant.ofEpochSecond(Long.parseLong(p[2]));
        if (!context.now().isBefore(exp.plus(SKEW))) {
          throw new AuthenticationException(Failure.EXPIRED, "expired");
        }
        b.expiresAt(exp);
      }
      return b.build();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final CountingVerifier delegate = new CountingVerifier();

  private static VerificationContext at(Instant now, String origin) {
    return VerificationContext.of("t", origin, now);
  }

  private static String token(String subject, Instant exp) {
    return "ok." + subject + "." + exp.getEpochSecond();
  }

  @Test
  void verify_repeatedToken_callsDelegateOnce() throws Exception {
    TokenVerifier cache = CachingTokenVerifier.wrap(delegate, 100, Duration.ofMinutes(5), SKEW);
    String t = token("alice", T0.plusSeconds(600));
    for (int i = 0; i < 5; i++) {
      assertThat(cache.verify(t, at(T0.plusSeconds(i), "https://a.example")).subject())
          .isEqualTo("alice");
    }
    assertThat(delegate.calls).hasValue(1);
  }

  @Test
  void probe_answersOnlyWhatVerifyWouldFromTheCache_andNeverCallsTheDelegate() throws Exception {
    CachingTokenVerifier cache =
        (CachingTokenVerifier)
            CachingTokenVerifier.wrap(delegate, 100, Duration.ofMinutes(5), SKEW);
    Instant exp = T0.plusSeconds(60);
    String t = token("alice", exp);

    assertThat(cache.probe(t, at(T0, "https://a.example")).hit()).isNull();
    cache.verify(t, at(T0, "https://a.example"));
    assertThat(cache.probe(t, at(T0.plusSeconds(1), "https://a.example")).hit().subject())
        .isEqualTo("alice");
    assertThat(cache.probe(t, at(T0, "https://b.example")).hit()).as("another origin").isNull();
    assertThat(cache.probe(t, at(exp.plus(SKEW), "https://a.example")).hit())
        .as("past exp")
        .isNull();
    assertThat(delegate.calls).hasValue(1);
  }

  @Test
  void verify_afterExpPlusSkew_asksDelegateAgainAndFails() throws Exception {
    TokenVerifier cache = CachingTokenVerifier.wrap(delegate, 100, Duration.ofHours(5), SKEW);
    Instant exp = T0.plusSeconds(60);
    String t = token("alice", exp);
    cache.verify(t, at(T0, null));
    assertThat(cache.verify(t, at(exp.plus(SKEW).minusMillis(1), null))).isNotNull();
    assertThat(delegate.calls).hasValue(1);
    assertThatThrownBy(() -> cache.verify(t, at(exp.plus(SKEW), null)))
        .extracting(e -> ((AuthenticationException) e).failure())
        .isEqualTo(Failure.EXPIRED);
    assertThat(delegate.calls).hasValue(2);
  }

  @Test
  void verify_olderThanMaxAge_reverified() throws Exception {
    TokenVerifier cache = CachingTokenVerifier.wrap(delegate, 100, Duration.ofMinutes(1), SKEW);
    String t = token("alice", T0.plusSeconds(3600));
    cache.verify(t, at(T0, null));
    cache.verify(t, at(T0.plusSeconds(59), null));
    assertThat(delegate.calls).hasValue(1);
    cache.verify(t, at(T0.plusSeconds(60), null));
    assertThat(delegate.calls).hasValue(2);
  }

  @Test
  void verify_sameTokenOtherOrigin_isAnotherEntry() throws Exception {
    TokenVerifier cache = CachingTokenVerifier.wrap(delegate, 100, Duration.ofMinutes(5), SKEW);
    String t = token("alice", T0.plusSeconds(600));
    cache.verify(t, at(T0, "https://a.example"));
    cache.verify(t, at(T0, "https://b.example"));
    cache.verify(t, at(T0, null));
    assertThat(delegate.calls).hasValue(3);
  }

  @Test
  void verify_failuresAndTokensWithoutExp_notCached() throws Exception {
    TokenVerifier cache = CachingTokenVerifier.wrap(delegate, 100, Duration.ofMinutes(5), SKEW);
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> cache.verify("bad.x.1", at(T0, null)))
          .isInstanceOf(AuthenticationException.class);
      cache.verify("ok.forever.-", at(T0, null));
    }
    assertThat(delegate.calls).hasValue(6);
    assertThat(((CachingTokenVerifier) cache).size()).isZero();
  }

  @Test
  void verify_full_staysWithinBound() throws Exception {
    CachingTokenVerifier cache =
        (CachingTokenVerifier) CachingTokenVerifier.wrap(delegate, 10, Duration.ofMinutes(5), SKEW);
    for (int i = 0; i < 100; i++) {
      cache.verify(token("u" + i, T0.plusSeconds(600)), at(T0, null));
      assertThat(cache.size()).isLessThanOrEqualTo(10);
    }
    String last = token("u99", T0.plusSeconds(600));
    int before = delegate.calls.get();
    cache.verify(last, at(T0, null));
    assertThat(delegate.calls).as("the newest entry survives eviction").hasValue(before);
  }

  @Test
  void verify_full_dropsTheOlderGenerationWhole_andKeepsTokensInUse() throws Exception {
    CachingTokenVerifier cache =
        (CachingTokenVerifier) CachingTokenVerifier.wrap(delegate, 80, Duration.ofMinutes(5), SKEW);
    for (int i = 0; i < 60; i++) {
      cache.verify(token("u" + i, T0.plusSeconds(600)), at(T0, null));
      if (i < 40) {
        // u0 is used again all along: it moves into the current generation each time
        cache.verify(token("u0", T0.plusSeconds(600)), at(T0, null));
      }
    }
    // generations of 40: u0..u39 filled the first; u40..u59 half of the second
    assertThat(cache.size()).isLessThanOrEqualTo(80);
    int before = delegate.calls.get();
    cache.verify(token("u59", T0.plusSeconds(600)), at(T0, null));
    cache.verify(token("u0", T0.plusSeconds(600)), at(T0, null));
    assertThat(delegate.calls).as("the newest and the reused entry stay").hasValue(before);
    for (int i = 60; i < 120; i++) {
      cache.verify(token("u" + i, T0.plusSeconds(600)), at(T0, null));
    }
    before = delegate.calls.get();
    cache.verify(token("u1", T0.plusSeconds(600)), at(T0, null));
    assertThat(delegate.calls).as("an entry two generations old is gone").hasValue(before + 1);
  }

  @Test
  void wrap_zeroEntries_returnsDelegate_andCloseClosesDelegate() {
    assertThat(CachingTokenVerifier.wrap(delegate, 0, Duration.ofMinutes(5), SKEW))
        .isSameAs(delegate);
    TokenVerifier cache = CachingTokenVerifier.wrap(delegate, 5, Duration.ofMinutes(5), SKEW);
    cache.close();
    assertThat(delegate.closed).isTrue();
  }
}
