package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.testkit.RecordingTokenVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class TenantPolicyTest {
  private static final OriginPolicy ORIGINS = OriginPolicy.of(List.of("https://a.test"), false);

  private static TenantPolicy policy(List<TokenExtractor> extractors, int maxTokenBytes) {
    return new TenantPolicy(
        "acme",
        ORIGINS,
        extractors,
        RecordingTokenVerifier.accepting(),
        List.of("app.v1"),
        maxTokenBytes,
        Duration.ofSeconds(30));
  }

  @Test
  void new_copiesLists() {
    List<TokenExtractor> extractors = new ArrayList<>(List.of(TokenExtractors.header()));
    TenantPolicy p = policy(extractors, 8192);
    extractors.add(TokenExtractors.query("token"));
    assertThat(p.extractors()).hasSize(1);
  }

  @Test
  void new_noExtractor_throws() {
    assertThatThrownBy(() -> policy(List.of(), 8192))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tenant acme needs at least one extractor");
  }

  @Test
  void new_tinyMaxTokenBytes_throws() {
    assertThatThrownBy(() -> policy(List.of(TokenExtractors.header()), 15))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max-token-bytes must be at least 16");
  }

  @Test
  void subprotocolPrefix_followsTheSubprotocolExtractorOrDefaults() {
    assertThat(policy(List.of(TokenExtractors.subprotocol("jwt.")), 8192).subprotocolPrefix())
        .isEqualTo("jwt.");
    assertThat(policy(List.of(TokenExtractors.header()), 8192).subprotocolPrefix())
        .isEqualTo("bearer.");
  }

  @Test
  void new_subprotocolStartingWithTokenPrefix_throws() {
    assertThatThrownBy(
            () ->
                new TenantPolicy(
                    "acme",
                    ORIGINS,
                    List.of(TokenExtractors.subprotocol("app.")),
                    RecordingTokenVerifier.accepting(),
                    List.of("app.v1"),
                    8192,
                    Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "subprotocol 'app.v1' of tenant acme starts with the token prefix 'app.'; rename it or"
                + " change wsgate.extractor.subprotocol.prefix");
  }

  @Test
  void new_subprotocolLookingLikeDefaultTokenEntry_throws() {
    assertThatThrownBy(
            () ->
                new TenantPolicy(
                    "acme",
                    ORIGINS,
                    List.of(TokenExtractors.header()),
                    RecordingTokenVerifier.accepting(),
                    List.of("app.v1", "base64url.bearer.x"),
                    8192,
                    Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'base64url.bearer.x'");
  }

  @Test
  void defaultMaxTokenBytes_isTheDesignDefault() {
    assertThat(TenantPolicy.DEFAULT_MAX_TOKEN_BYTES).isEqualTo(8192);
  }
}
