package dev.wsgate.internal.firstmessage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

final class PendingAuthenticationsTest {

  @Test
  void acquire_perAddressCap_refusesThatAddressOnly() {
    PendingAuthentications p = new PendingAuthentications(10, 2);
    assertThat(p.acquire("10.0.0.1")).isPresent();
    assertThat(p.acquire("10.0.0.1")).isPresent();
    assertThat(p.acquire("10.0.0.1")).isEmpty();
    assertThat(p.acquire("10.0.0.2")).isPresent();
    assertThat(p.pending()).isEqualTo(3);
  }

  @Test
  void acquire_totalCap_refusesEveryone() {
    PendingAuthentications p = new PendingAuthentications(2, 100);
    assertThat(p.acquire("a")).isPresent();
    assertThat(p.acquire("b")).isPresent();
    assertThat(p.acquire("c")).isEmpty();
    assertThat(p.pending()).isEqualTo(2);
  }

  @Test
  void release_givesTheSlotBackOnce() {
    PendingAuthentications p = new PendingAuthentications(1, 1);
    Optional<PendingAuthentications.Slot> slot = p.acquire("a");
    assertThat(slot).isPresent();
    slot.get().release();
    slot.get().release();
    assertThat(p.pending()).isZero();
    assertThat(p.acquire("a")).isPresent();
    assertThat(p.acquire("b")).isEmpty();
  }
}
