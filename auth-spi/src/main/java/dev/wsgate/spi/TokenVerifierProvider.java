package dev.wsgate.spi;

/**
 * The {@link java.util.ServiceLoader} entry point of a provider, registered in {@code
 * META-INF/services/dev.wsgate.spi.TokenVerifierProvider}.
 *
 * <p>Implementations have a public no-argument constructor that does no work: the registry may
 * instantiate every provider on the class path to read its id. {@link #id()} returns a constant and
 * never throws. {@link #create} is called at start-up, from one thread at a time; it may read files
 * and fetch keys, but a verifier it returns must not need the provider afterwards.
 */
public interface TokenVerifierProvider {

  /** The id selected by {@code wsgate.provider}, such as {@code hmac}; lower case, stable. */
  String id();

  /**
   * Creates a verifier from the settings under this provider's prefix. Called once per tenant at
   * start-up.
   *
   * @throws ConfigurationException when a setting is missing or malformed; the message names the
   *     full property key and what was expected, never a secret's value
   */
  TokenVerifier create(ProviderSettings settings);
}
