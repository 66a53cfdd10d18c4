package dev.wsgate.example.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.ConfigurationException;
import dev.wsgate.spi.Failure;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ApiKeyTokenVerifierTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  @TempDir Path dir;

  private TokenVerifier create(String fileContent, String reload) throws Exception {
    Path file = Files.writeString(dir.resolve("keys.txt"), fileContent);
    return new ApiKeyVerifierProvider()
        .create(
            ProviderSettings.builder("wsgate.provider.apikey.")
                .values(Map.of("keys-file", file.toString(), "reload-interval", reload))
                .build());
  }

  private static VerificationContext at(Instant now) {
    return VerificationContext.of("t1", null, now);
  }

  @Test
  void verify_listedKey_returnsSubjectAndScopes() throws Exception {
    String line = ApiKeyFile.digest("k-alice") + " alice 2027-01-01T00:00:00Z chat:read,chat:write";
    try (TokenVerifier v = create("# keys\n\n" + line + "\n", "30s")) {
      var t = v.verify("k-alice", at(NOW));
      assertThat(t.subject()).isEqualTo("alice");
      assertThat(t.scopes()).containsExactlyInAnyOrder("chat:read", "chat:write");
      assertThat(t.tenant()).isEqualTo("t1");
      assertThat(t.expiresAt()).contains(Instant.parse("2027-01-01T00:00:00Z"));
    }
  }

  @Test
  void verify_unknownOrExpiredKey_rejects() throws Exception {
    String line = ApiKeyFile.digest("k-old") + " bob 2026-11-29T09:00:00Z";
    try (TokenVerifier v = create(line + "\n", "30s")) {
      assertThatThrownBy(() -> v.verify("k-nobody", at(NOW)))
          .extracting(e -> ((AuthenticationException) e).failure())
          .isEqualTo(Failure.INVALID_SIGNATURE);
      assertThatThrownBy(() -> v.verify("k-old", at(NOW)))
          .extracting(e -> ((AuthenticationException) e).failure())
          .isEqualTo(Failure.EXPIRED);
    }
  }

  @Test
  void create_badLine_namesKeyAndLineButNotItsContent() {
    String secretLooking = "not-a-digest-but-maybe-a-pasted-key";
    assertThatThrownBy(
            () -> create("# ok\n" + secretLooking + " alice 2027-01-01T00:00:00Z\n", "1s"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("wsgate.provider.apikey.keys-file")
        .hasMessageContaining("line 2")
        .hasMessageNotContaining(secretLooking);
  }

  @Test
  void verify_fileChangedAndReloadDue_seesNewKey() throws Exception {
    try (TokenVerifier v = create("", "0s")) {
      assertThatThrownBy(() -> v.verify("k-new", at(NOW)))
          .isInstanceOf(AuthenticationException.class);
      Files.writeString(
          dir.resolve("keys.txt"), ApiKeyFile.digest("k-new") + " carol 2027-01-01T00:00:00Z\n");
      assertThat(v.verify("k-new", at(NOW)).subject()).isEqualTo("carol");
      Files.writeString(dir.resolve("keys.txt"), "garbage line\n");
      assertThat(v.verify("k-new", at(NOW)).subject())
          .as("an invalid file keeps the previous keys")
          .isEqualTo("carol");
    }
  }
}
