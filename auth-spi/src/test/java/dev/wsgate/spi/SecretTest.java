package dev.wsgate.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class SecretTest {

  @Test
  void toString_neverShowsTheValue() {
    assertThat(Secret.of("hunter2")).hasToString("****");
    assertThat(String.valueOf(java.util.List.of(Secret.of("hunter2")))).doesNotContain("hunter2");
  }

  @Test
  void bytes_areCopiedInAndOut() {
    byte[] raw = "abc".getBytes(StandardCharsets.UTF_8);
    Secret secret = Secret.of(raw);
    raw[0] = 'x';
    secret.bytes()[1] = 'y';
    assertThat(secret.reveal()).isEqualTo("abc");
    assertThat(secret.length()).isEqualTo(3);
  }

  @Test
  void equals_comparesContent() {
    assertThat(Secret.of("abc")).isEqualTo(Secret.of("abc".getBytes(StandardCharsets.UTF_8)));
    assertThat(Secret.of("abc")).isNotEqualTo(Secret.of("abd"));
    assertThat(Secret.of("abc")).hasSameHashCodeAs(Secret.of("abc"));
  }

  @Test
  void length_countsUtf8Bytes() {
    assertThat(Secret.of("é").length()).isEqualTo(2);
  }
}
