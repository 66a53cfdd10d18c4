package dev.wsgate.provider.clerk;

import dev.wsgate.spi.AuthenticationException;

/** Where the verifier gets the PEM public key for a token's {@code kid}. Thread-safe. */
interface ClerkKeys {

  /**
   * The PEM of the key that signed a token.
   *
   * @throws AuthenticationException {@code UNKNOWN_KEY} or {@code PROVIDER_UNAVAILABLE}
   */
  String pemFor(String kid) throws AuthenticationException;

  /** Whether keys are loaded; never blocks. */
  boolean isReady();

  /** The fixed key of {@code jwt-key} mode: the kid is not consulted and nothing is fetched. */
  static ClerkKeys fixed(String pem) {
    return new ClerkKeys() {
      @Override
      public String pemFor(String kid) {
        return pem;
      }

      @Override
      public boolean isReady() {
        return true;
      }
    };
  }
}
