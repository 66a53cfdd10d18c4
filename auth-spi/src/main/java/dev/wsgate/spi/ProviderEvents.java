package dev.wsgate.spi;

/**
 * What a provider tells the server about its work in the background, for metrics: the end of every
 * fetch of keys or certificates. Handed to a provider through {@link ProviderSettings#events()};
 * the server counts the events by tenant, provider and source.
 *
 * <p>Implementations are thread-safe and never block or throw. A provider calls it from its fetch
 * thread; {@code source} is configuration (the host of the key URL), never token data, so metric
 * labels stay bounded.
 */
@FunctionalInterface
public interface ProviderEvents {
  /** Ignores every event: the default when no server listens. */
  ProviderEvents NONE = (source, succeeded) -> {};

  /**
   * A fetch of keys or certificates from {@code source} ended.
   *
   * @param source where the keys came from: the host (and port) of the configured URL
   * @param succeeded whether usable keys arrived
   */
  void keyFetch(String source, boolean succeeded);
}
