package dev.wsgate.provider.firebase;

import dev.wsgate.internal.keys.KeySet;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.util.Set;

/**
 * Serves firebase-admin its certificates from wsgate's {@link KeySet} instead of the network: the
 * SDK's request for Google's certificate URL is answered from memory with the keys held, as {@code
 * Cache-Control: max-age=301}. The SDK refreshes when fewer than 300 s are left, so it asks again
 * at most once a second (a cheap answer from memory), and never fetches, waits for, or caches
 * anything wsgate does not hold.
 *
 * <p>What the SDK last read is remembered, so that a token whose {@code kid} wsgate just learnt is
 * not handed to an SDK still holding the previous response: {@link #untilSdkHolds} says how long
 * until the SDK's copy lapses (at most a second). Thread-safe.
 */
final class SdkCertificateFeed {
  /** The {@code max-age} served: the SDK keeps a response for {@code max-age - 300} s. */
  static final long SERVED_MAX_AGE_SECONDS = 301;

  /** From the SDK's read of a response to its next refresh, plus a margin for clock reads. */
  private static final long SDK_COPY_NANOS = Duration.ofMillis(1_005).toNanos();

  private record Read(Set<String> kids, long atNanos) {}

  private final KeySet<GoogleCertificates> keys;
  private volatile Read lastRead;

  SdkCertificateFeed(KeySet<GoogleCertificates> keys) {
    this.keys = keys;
  }

  /** The connection the SDK's request for {@code url} gets: the held certificates, or 503. */
  HttpURLConnection open(URL url) {
    return new ServedCertificates(url, keys.held(), this);
  }

  /** Called when the SDK reads the body: after it has set its cache expiry from the headers. */
  void read(GoogleCertificates served) {
    lastRead = new Read(served.keys().keySet(), System.nanoTime());
  }

  /**
   * How long until the SDK's copy of the certificates can hold {@code kid}: zero when it does or
   * has none, else the rest of the second it keeps a response.
   */
  Duration untilSdkHolds(String kid) {
    Read r = lastRead;
    if (r == null || r.kids().contains(kid)) {
      return Duration.ZERO;
    }
    long left = r.atNanos() + SDK_COPY_NANOS - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }
}
