package dev.wsgate.internal.keys;

import java.io.IOException;

/**
 * Where a {@link KeySet} gets its keys: one provider's fetch (a JWKS URL, OpenID discovery, Clerk's
 * bearer-authenticated JWKS, Google's certificate map). The URL is configuration, never read from a
 * token.
 *
 * @param <S> the provider's key set: what its verifier needs to find a token's key
 */
public interface KeySource<S> {

  /**
   * Fetches and parses the whole key set once. Called on the key set's own thread, never twice at
   * once; blocks, bounded by the source's connect and read timeouts.
   *
   * @throws IOException for every way the key set cannot be had (network, status, size, content);
   *     its message may be logged and must hold no secret
   */
  Fetched<S> fetch() throws IOException;

  /** Where the keys come from, for log lines: a URL without credentials. */
  String location();

  /**
   * Told the outcome of every fetch, for metrics; called on the fetch thread, must not block or
   * throw.
   */
  default void fetched(boolean succeeded) {}
}
