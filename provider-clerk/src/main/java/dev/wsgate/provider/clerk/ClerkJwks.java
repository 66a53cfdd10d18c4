package dev.wsgate.provider.clerk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wsgate.internal.keys.Fetched;
import dev.wsgate.internal.keys.KeyServerHttp;
import dev.wsgate.internal.keys.KeySource;
import dev.wsgate.spi.ProviderEvents;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The secret-key mode's key source: Clerk's JWKS ({@code GET {api-url}/v1/jwks} with the secret key
 * as bearer), fetched through the shared bounded GET and turned into PEMs by kid, the only form in
 * which keys reach the SDK. The shared {@link dev.wsgate.internal.keys.KeySet} caches them per
 * verifier instance and rules when to fetch.
 *
 * <p>Why not the SDK's own fetch: its key cache is static and keyed by kid alone (two tenants share
 * it), it fetches once per unknown kid, and its HTTP client has no timeout.
 */
final class ClerkJwks implements KeySource<Map<String, String>> {
  private static final System.Logger LOG = System.getLogger(ClerkJwks.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ClerkSettings settings;
  private final ProviderEvents events;
  private final KeyServerHttp http;

  ClerkJwks(ClerkSettings settings, ProviderEvents events) {
    this.settings = settings;
    this.events = events;
    this.http =
        new KeyServerHttp(
            settings.connectTimeout(), settings.readTimeout(), ClerkSettings.MAX_JWKS_BYTES);
  }

  @Override
  public Fetched<Map<String, String>> fetch() throws IOException {
    KeyServerHttp.Response r =
        http.get(
            settings.jwksUri(), Map.of("Authorization", "Bearer " + settings.secretKey().reveal()));
    Map<String, String> pems = parse(r.body());
    return new Fetched<>(pems, pems.keySet(), settings.cacheTtl());
  }

  @Override
  public String location() {
    return settings.jwksUri().toString();
  }

  @Override
  public void fetched(boolean succeeded) {
    events.keyFetch(source(), succeeded);
  }

  /** The Clerk API as a metric label: host and port of the configured URL, never a path. */
  private String source() {
    URI uri = settings.jwksUri();
    return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** Clerk's RSA signing keys by kid; other keys are skipped. */
  static Map<String, String> parse(byte[] body) throws IOException {
    JsonNode keys = JSON.readTree(body).path("keys");
    if (!keys.isArray()) {
      throw new IOException("no 'keys' array");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode k : keys) {
      boolean signingRsa =
          k.path("kty").asText().equals("RSA")
              && k.path("use").asText("sig").equals("sig")
              && k.path("alg").asText("RS256").equals("RS256")
              && k.path("kid").isTextual();
      if (signingRsa) {
        try {
          BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(k.path("n").asText()));
          BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(k.path("e").asText()));
          RSAPublicKey key =
              (RSAPublicKey)
                  KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
          if (key.getModulus().bitLength() >= ClerkSettings.MIN_RSA_BITS) {
            out.put(k.path("kid").asText(), ClerkPem.pem(key.getEncoded()));
          }
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
          LOG.log(System.Logger.Level.WARNING, "clerk: JWKS key skipped: not a valid RSA key");
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException("no RSA signing key of at least 2048 bits");
    }
    return Map.copyOf(out);
  }
}
