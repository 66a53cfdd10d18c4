package dev.wsgate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class ConnectionCounterTest {

  private static ConnectionCounter counter(int total, int perSubject) {
    return new ConnectionCounter(total, perSubject, null);
  }

  @Test
  void acquire_overPerSubjectLimit_refusesThatSubjectOnly() {
    ConnectionCounter c = counter(10, 2);
    c.acquire("t", "alice");
    c.acquire("t", "alice");

    assertThat(c.acquire("t", "alice").permit()).isEmpty();
    assertThat(c.acquire("t", "alice").refusal()).contains("subject");
    assertThat(c.acquire("t", "bob").permit()).isPresent();
    assertThat(c.acquire("other-tenant", "alice").permit()).isPresent();
    assertThat(c.open()).isEqualTo(4);
  }

  @Test
  void acquire_overTotal_refusesEveryone() {
    ConnectionCounter c = counter(2, 0);
    c.acquire("t", "a");
    c.acquire("t", "b");

    ConnectionCounter.Outcome o = c.acquire("t", "c");

    assertThat(o.permit()).isEmpty();
    assertThat(o.refusal()).contains("maximum number of connections");
    assertThat(c.open()).isEqualTo(2);
  }

  @Test
  void release_twice_givesBackOneShare() {
    ConnectionCounter c = counter(1, 1);
    ConnectionCounter.Permit p = c.acquire("t", "a").permit().orElseThrow();

    p.release();
    p.release();

    assertThat(c.open()).isZero();
    assertThat(c.acquire("t", "a").permit()).isPresent();
    assertThat(c.acquire("t", "b").permit()).isEmpty();
  }

  @Test
  void zeroLimits_meanNoLimit() {
    ConnectionCounter c = counter(0, 0);
    for (int i = 0; i < 1000; i++) {
      assertThat(c.acquire("t", "same").permit()).isPresent();
    }
  }
}
