package dev.wsgate.example.apikey;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifierProvider;
import dev.wsgate.testkit.ProviderConformanceKit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The example plugin passes the same conformance kit as the bundled providers. */
final class ApiKeyConformanceTest extends ProviderConformanceKit {
  private final Path keys;

  ApiKeyConformanceTest() {
    try {
      keys = Files.createTempFile("wsgate-apikeys", ".txt");
      keys.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected TokenVerifierProvider provider() {
    return new ApiKeyVerifierProvider();
  }

  @Override
  protected ProviderSettings settings() {
    return ProviderSettings.builder("wsgate.provider.apikey.")
        .values(Map.of("keys-file", keys.toString(), "reload-interval", "0s"))
        .build();
  }

  @Override
  protected String mint(String subject, Instant issuedAt, Instant expiresAt) throws IOException {
    String key = "ak_" + UUID.randomUUID();
    Files.writeString(
        keys,
        ApiKeyFile.digest(key) + " " + subject + " " + expiresAt + "\n",
        StandardOpenOption.APPEND);
    return key;
  }

  @Override
  protected ProviderSettings badSettings() {
    return ProviderSettings.builder("wsgate.provider.apikey.")
        .values(Map.of("keys-file", keys.toString(), "reload-interval", "often"))
        .build();
  }

  @Override
  protected String badSettingKey() {
    return "wsgate.provider.apikey.reload-interval";
  }
}
