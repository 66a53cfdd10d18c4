package dev.wsgate.provider.clerk;

import dev.wsgate.internal.keys.KeySet;
import dev.wsgate.internal.keys.Verifications;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Where the verifier gets the PEM public key for a token's {@code kid}. Thread-safe. */
interface ClerkKeys extends AutoCloseable {

  /**
   * The PEM of the key that signed a token: at once when the key is at hand, else once a fetch
   * brings it. Fails with an {@link dev.wsgate.spi.AuthenticationException} ({@code UNKNOWN_KEY} or
   * {@code PROVIDER_UNAVAILABLE}).
   */
  CompletableFuture<String> pemFor(String kid);

  /** Whether keys are loaded; never blocks. */
  boolean isReady();

  /** Stops fetching. Idempotent. */
  @Override
  default void close() {}

  /** The fixed key of {@code jwt-key} mode: the kid is not consulted and nothing is fetched. */
  static ClerkKeys fixed(String pem) {
    CompletableFuture<String> always = CompletableFuture.completedFuture(pem);
    return new ClerkKeys() {
      @Override
      public CompletableFuture<String> pemFor(String kid) {
        return always;
      }

      @Override
      public boolean isReady() {
        return true;
      }
    };
  }

  /** The keys of secret-key mode: Clerk's JWKS, fetched by {@code keys} (PEMs by kid). */
  static ClerkKeys fetched(KeySet<Map<String, String>> keys) {
    return new ClerkKeys() {
      @Override
      public CompletableFuture<String> pemFor(String kid) {
        return Verifications.then(keys.forKid(kid), pems -> pems.get(kid));
      }

      @Override
      public boolean isReady() {
        return keys.isReady();
      }

      @Override
      public void close() {
        keys.close();
      }
    };
  }
}
