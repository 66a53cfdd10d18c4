package dev.wsgate.provider.hmac;

import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;

/** The ServiceLoader entry of the {@code hmac} provider. */
public final class HmacVerifierProvider implements TokenVerifierProvider {
  /** The provider id, {@code hmac}. */
  public static final String ID = "hmac";

  /** Does no work: the registry may construct providers it never uses. */
  public HmacVerifierProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public TokenVerifier create(ProviderSettings settings) {
    return new HmacTokenVerifier(HmacSettings.from(settings));
  }
}
