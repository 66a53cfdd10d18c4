package dev.wsgate.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class AuthenticationExceptionTest {

  @Test
  void new_withoutMessage_usesFailureLogReason() {
    AuthenticationException e = new AuthenticationException(Failure.EXPIRED);
    assertThat(e.failure()).isEqualTo(Failure.EXPIRED);
    assertThat(e).hasMessage("token expired");
  }

  @Test
  void new_carriesNoStackTraceButKeepsCause() {
    IllegalStateException cause = new IllegalStateException("vendor detail");
    AuthenticationException e =
        new AuthenticationException(Failure.INVALID_SIGNATURE, "signature does not match", cause);
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e.getSuppressed()).isEmpty();
    assertThat(e).hasMessage("signature does not match").hasCause(cause);
  }

  @Test
  void new_nullFailureOrMessage_throws() {
    assertThatThrownBy(() -> new AuthenticationException(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new AuthenticationException(Failure.EXPIRED, null))
        .isInstanceOf(NullPointerException.class);
  }
}
