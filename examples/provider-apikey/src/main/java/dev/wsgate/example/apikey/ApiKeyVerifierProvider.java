package dev.wsgate.example.apikey;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;

/** The ServiceLoader entry of the {@code apikey} example plugin. */
public final class ApiKeyVerifierProvider implements TokenVerifierProvider {
  /** Does no work: the registry constructs every provider it finds to read its id. */
  public ApiKeyVerifierProvider() {}

  @Override
  public String id() {
    return "apikey";
  }

  @Override
  public TokenVerifier create(ProviderSettings settings) {
    ApiKeySettings parsed = ApiKeySettings.from(settings);
    return new ApiKeyTokenVerifier(parsed, ApiKeyFile.load(parsed.keysFile(), settings));
  }
}
