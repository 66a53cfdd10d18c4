package dev.wsgate.server;

/**
 * Per-address limit on failed handshakes ({@code wsgate.rate-limit.*}): an address that failed
 * {@code burst} times in a row gets 429 with {@code Retry-After} until its bucket refills at {@code
 * perMinute}. Behind a reverse proxy every client shares the proxy's address: raise the limits or
 * disable it there.
 *
 * @param enabled whether the limit applies ({@code wsgate.rate-limit.enabled})
 * @param burst failures in a row before refusing ({@code wsgate.rate-limit.burst})
 * @param perMinute sustained failures per minute ({@code wsgate.rate-limit.per-minute})
 * @param maxAddresses addresses tracked at once ({@code wsgate.rate-limit.max-addresses})
 */
public record FailureLimit(boolean enabled, int burst, int perMinute, int maxAddresses) {

  /** The defaults: on, 50 in a row, 120 per minute, 100,000 addresses. */
  public static final FailureLimit DEFAULT = new FailureLimit(true, 50, 120, 100_000);

  /** No limit. */
  public static final FailureLimit OFF = new FailureLimit(false, 1, 1, 1);

  /** Validates the numbers. */
  public FailureLimit {
    if (burst < 1 || perMinute < 1 || maxAddresses < 1) {
      throw new IllegalArgumentException("rate-limit numbers must be positive");
    }
  }
}
