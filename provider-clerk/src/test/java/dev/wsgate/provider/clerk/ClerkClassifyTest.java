package dev.wsgate.provider.clerk;

import static org.assertj.core.api.Assertions.assertThat;

import com.clerk.backend_api.helpers.security.models.TokenVerificationErrorReason;
import com.clerk.backend_api.helpers.security.models.TokenVerificationException;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.security.SignatureException;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** classify(): every reason the SDK can give has a deliberate Failure. */
final class ClerkClassifyTest {

  @Test
  void classify_everySdkReason_mapsToItsFailure() {
    Map<TokenVerificationErrorReason, Failure> expected =
        new EnumMap<>(TokenVerificationErrorReason.class);
    expected.put(TokenVerificationErrorReason.JWK_FAILED_TO_LOAD, Failure.PROVIDER_UNAVAILABLE);
    expected.put(TokenVerificationErrorReason.JWK_REMOTE_INVALID, Failure.PROVIDER_UNAVAILABLE);
    expected.put(TokenVerificationErrorReason.JWK_LOCAL_INVALID, Failure.INTERNAL_ERROR);
    expected.put(TokenVerificationErrorReason.JWK_FAILED_TO_RESOLVE, Failure.PROVIDER_UNAVAILABLE);
    expected.put(TokenVerificationErrorReason.JWK_KID_MISMATCH, Failure.UNKNOWN_KEY);
    expected.put(TokenVerificationErrorReason.TOKEN_EXPIRED, Failure.EXPIRED);
    expected.put(TokenVerificationErrorReason.TOKEN_INVALID, Failure.MALFORMED_TOKEN);
    expected.put(
        TokenVerificationErrorReason.TOKEN_INVALID_AUTHORIZED_PARTIES, Failure.WRONG_AUDIENCE);
    expected.put(TokenVerificationErrorReason.TOKEN_INVALID_AUDIENCE, Failure.WRONG_AUDIENCE);
    expected.put(TokenVerificationErrorReason.TOKEN_IAT_IN_THE_FUTURE, Failure.NOT_YET_VALID);
    expected.put(TokenVerificationErrorReason.TOKEN_NOT_ACTIVE_YET, Failure.NOT_YET_VALID);
    expected.put(TokenVerificationErrorReason.TOKEN_INVALID_SIGNATURE, Failure.INVALID_SIGNATURE);
    expected.put(TokenVerificationErrorReason.SECRET_KEY_MISSING, Failure.INTERNAL_ERROR);
    expected.put(
        TokenVerificationErrorReason.FAILED_TO_PROCESS_RESPONSE, Failure.PROVIDER_UNAVAILABLE);

    assertThat(expected).hasSameSizeAs(TokenVerificationErrorReason.values());
    expected.forEach(
        (reason, failure) ->
            assertThat(
                    ClerkTokenVerifier.classify(new TokenVerificationException(reason)).failure())
                .as(reason.name())
                .isEqualTo(failure));
  }

  @Test
  void classify_tokenInvalidCausedByBadSignature_isInvalidSignature() {
    TokenVerificationException e =
        new TokenVerificationException(
            TokenVerificationErrorReason.TOKEN_INVALID, new SignatureException("bad"));
    assertThat(ClerkTokenVerifier.classify(e).failure()).isEqualTo(Failure.INVALID_SIGNATURE);
  }

  @Test
  void classify_tokenInvalidCausedByMalformedJwt_isMalformedToken() {
    TokenVerificationException e =
        new TokenVerificationException(
            TokenVerificationErrorReason.TOKEN_INVALID, new MalformedJwtException("bad"));
    assertThat(ClerkTokenVerifier.classify(e).failure()).isEqualTo(Failure.MALFORMED_TOKEN);
  }

  @Test
  void classify_ioAndInterruption_areProviderUnavailable() {
    assertThat(ClerkTokenVerifier.classify(new IOException("down")).failure())
        .isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    AuthenticationException interrupted = ClerkTokenVerifier.classify(new InterruptedException());
    assertThat(interrupted.failure()).isEqualTo(Failure.PROVIDER_UNAVAILABLE);
    assertThat(Thread.interrupted()).as("interrupt flag restored").isTrue();
  }

  @Test
  void classify_unexpectedRuntimeException_isInternalErrorWithoutItsMessage() {
    AuthenticationException e =
        ClerkTokenVerifier.classify(new IllegalStateException("eyJsecretish"));
    assertThat(e.failure()).isEqualTo(Failure.INTERNAL_ERROR);
    assertThat(e.getMessage()).doesNotContain("eyJsecretish");
  }
}
