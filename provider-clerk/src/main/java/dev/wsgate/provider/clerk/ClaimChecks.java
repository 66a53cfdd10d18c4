package dev.wsgate.provider.clerk;

import dev.wsgate.internal.TimeWindow;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.Failure;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The checks wsgate makes after the SDK has verified the signature, closing the SDK's gaps (each
 * shown by a test): it accepts tokens without {@code exp}, never checks {@code iss}, lets a token
 * without {@code azp} pass, and reads the system clock instead of the server's injected one.
 */
final class ClaimChecks {
  private static final String CLERK_DEV_SUFFIX = ".clerk.accounts.dev";

  private ClaimChecks() {}

  /** {@code exp} required; {@code exp}, {@code nbf}, {@code iat} judged at {@code now} ± skew. */
  static void time(Map<String, Object> claims, Instant now, Duration skew)
      throws AuthenticationException {
    TimeWindow.check(
        instant(claims, "exp").orElse(null),
        instant(claims, "nbf").orElse(null),
        instant(claims, "iat").orElse(null),
        now,
        skew);
  }

  /**
   * With {@code issuer} set, {@code iss} must equal it. Otherwise {@code iss} must be a Clerk
   * Frontend API origin: {@code https://<slug>.clerk.accounts.dev} (development instances) or
   * {@code https://clerk.<your-domain>} (production instances).
   */
  static void issuer(Map<String, Object> claims, String configured) throws AuthenticationException {
    Object iss = claims.get("iss");
    boolean ok =
        iss instanceof String
            && (configured.isEmpty() ? isClerkFrontendApi((String) iss) : configured.equals(iss));
    if (!ok) {
      throw new AuthenticationException(
          Failure.WRONG_ISSUER, "token was not issued by this Clerk instance");
    }
  }

  static boolean isClerkFrontendApi(String iss) {
    URI uri;
    try {
      uri = new URI(iss);
    } catch (URISyntaxException e) {
      return false;
    }
    boolean bare =
        "https".equals(uri.getScheme())
            && uri.getHost() != null
            && uri.getPort() == -1
            && uri.getRawUserInfo() == null
            && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
            && uri.getRawQuery() == null
            && uri.getRawFragment() == null;
    if (!bare) {
      return false;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    boolean development =
        host.endsWith(CLERK_DEV_SUFFIX) && host.length() > CLERK_DEV_SUFFIX.length();
    boolean production =
        host.startsWith("clerk.")
            && host.indexOf('.', "clerk.".length()) > 0
            && !host.equals(CLERK_DEV_SUFFIX.substring(1));
    return development || production;
  }

  /** With {@code audience} set, {@code aud} (a string or a list) must contain it. */
  static void audience(Map<String, Object> claims, String required) throws AuthenticationException {
    if (required.isEmpty()) {
      return;
    }
    Object aud = claims.get("aud");
    boolean ok =
        required.equals(aud)
            || (aud instanceof Collection && ((Collection<?>) aud).contains(required));
    if (!ok) {
      throw new AuthenticationException(
          Failure.WRONG_AUDIENCE, "token audience does not include '" + required + "'");
    }
  }

  /**
   * {@code azp} is required and must be one of the authorized parties; when the request carries an
   * {@code Origin}, it must be the same origin as {@code azp} (a token minted for one front end is
   * not replayed from another).
   */
  static void authorizedParty(
      Map<String, Object> claims, List<String> parties, Optional<String> requestOrigin)
      throws AuthenticationException {
    Object raw = claims.get("azp");
    if (!(raw instanceof String) || ((String) raw).isBlank()) {
      throw new AuthenticationException(
          Failure.WRONG_AUDIENCE,
          "token has no authorized party (azp); it cannot be accepted here");
    }
    String azp = (String) raw;
    Optional<String> normalised = Origins.normalise(azp);
    if (normalised.isEmpty() || !parties.contains(normalised.get())) {
      throw new AuthenticationException(
          Failure.WRONG_AUDIENCE,
          "token was issued to '" + azp + "', which is not an authorized party here");
    }
    if (requestOrigin.isPresent()) {
      Optional<String> origin = Origins.normalise(requestOrigin.get());
      if (!origin.equals(normalised)) {
        throw new AuthenticationException(
            Failure.WRONG_AUDIENCE,
            "token was issued to '"
                + azp
                + "' but the request comes from '"
                + requestOrigin.get()
                + "'");
      }
    }
  }

  private static Optional<Instant> instant(Map<String, Object> claims, String name)
      throws AuthenticationException {
    Object v = claims.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof Number)) {
      throw new AuthenticationException(
          Failure.MALFORMED_TOKEN, "claim " + name + " is not a number of seconds");
    }
    return Optional.of(Instant.ofEpochSecond(((Number) v).longValue()));
  }
}
