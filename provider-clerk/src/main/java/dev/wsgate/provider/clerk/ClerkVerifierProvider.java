package dev.wsgate.provider.clerk;

import dev.wsgate.internal.keys.KeyPolicy;
import dev.wsgate.internal.keys.KeyScheduler;
import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.TokenVerifierProvider;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code clerk} provider: Clerk session tokens, verified with Clerk's backend SDK plus wsgate's
 * own claim checks. Found through {@link java.util.ServiceLoader}; see the module README for its
 * settings.
 */
public final class ClerkVerifierProvider implements TokenVerifierProvider {
  static final String ID = "clerk";

  /** Does no work: the registry may instantiate every provider to read its id. */
  public ClerkVerifierProvider() {}

  @Override
  public String id() {
    return ID;
  }

  /**
   * Creates a verifier for one tenant. In {@code secret-key} mode the first JWKS fetch starts here,
   * in the background on the verifier's own daemon thread ({@code wsgate-clerk-keys-<tenant>});
   * handshakes that arrive meanwhile wait for it, and a failure is logged and retried (see the
   * module README).
   *
   * @throws dev.wsgate.spi.ConfigurationException naming every bad key at once
   */
  @Override
  public TokenVerifier create(ProviderSettings settings) {
    return create(
        settings, settings.clock(), KeyScheduler.thread("wsgate-clerk-keys-" + settings.tenant()));
  }

  /** {@link #create(ProviderSettings)} with the key set's time and thread given by the caller. */
  static TokenVerifier create(ProviderSettings settings, Clock clock, KeyScheduler scheduler) {
    ClerkSettings clerk = ClerkSettings.from(settings);
    if (clerk.networkless()) {
      scheduler.close();
      return new ClerkTokenVerifier(clerk, ClerkKeys.fixed(clerk.jwtKeyPem()));
    }
    KeySet<Map<String, String>> keys =
        new KeySet<>(
            new ClerkJwks(clerk, settings.events()),
            new KeyPolicy(ClerkSettings.REFRESH_AHEAD, ClerkSettings.STALE_IF_ERROR),
            clock,
            scheduler);
    keys.start();
    return new ClerkTokenVerifier(clerk, ClerkKeys.fetched(keys));
  }
}
