package dev.wsgate.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

final class ConfigurationExceptionTest {

  @Test
  void new_severalProblems_joinsThemOnePerLine() {
    ConfigurationException e = new ConfigurationException(List.of("a.b is bad", "a.c is bad"));
    assertThat(e.problems()).containsExactly("a.b is bad", "a.c is bad");
    assertThat(e).hasMessage("a.b is bad" + System.lineSeparator() + "a.c is bad");
    assertThat(e.getStackTrace()).isEmpty();
  }

  @Test
  void new_noProblem_throws() {
    assertThatThrownBy(() -> new ConfigurationException(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
