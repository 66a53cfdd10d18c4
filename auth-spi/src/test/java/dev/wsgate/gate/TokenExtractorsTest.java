package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class TokenExtractorsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "query, query(token)",
    "cookie, cookie(wsgate_token)",
    "subprotocol, subprotocol(bearer.)",
    "header, header(Authorization: Bearer)"
  })
  void named_builtInWithoutSetting_usesDesignDefault(String name, String described) {
    TokenExtractor extractor = TokenExtractors.named(name, null);
    assertThat(extractor.name()).isEqualTo(name);
    assertThat(extractor).hasToString(described);
  }

  @Test
  void named_withSetting_usesIt() {
    assertThat(TokenExtractors.named("query", "access_token")).hasToString("query(access_token)");
    assertThat(TokenExtractors.named("subprotocol", "jwt.")).hasToString("subprotocol(jwt.)");
  }

  @Test
  void named_unknownExtractor_listsKnownOnes() {
    assertThatThrownBy(() -> TokenExtractors.named("body", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown extractor 'body'; known: query, cookie, subprotocol, header, message");
  }

  @Test
  void browserCanSend_onlyTheHeaderExtractorIsExempt() {
    assertThat(TokenExtractors.query("token").browserCanSend()).isTrue();
    assertThat(TokenExtractors.cookie("c").browserCanSend()).isTrue();
    assertThat(TokenExtractors.subprotocol("bearer.").browserCanSend()).isTrue();
    assertThat(TokenExtractors.header().browserCanSend()).isFalse();
  }
}
