package dev.wsgate.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * RS256, ES256 and EdDSA (Ed25519) through the {@code jwks} provider, with the key set served by a
 * local JDK {@link HttpServer} and fetched once at start-up, against nimbus-jose-jwt's {@link
 * RSASSAVerifier}, {@link ECDSAVerifier} and {@link Ed25519Verifier} (on Google Tink) with the key
 * in hand (parse, signature, exp/iss/aud), and for Ed25519 also against the JDK's own EdDSA, which
 * the provider uses. Goals: gate + JWKS RS256 at least 0.9x raw nimbus; a cache hit at least 5x
 * raw. Measured in microseconds per operation because asymmetric verification is slow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JwksVerificationBenchmark {
  static final String ISSUER = BenchGate.ISSUER;
  static final String AUDIENCE = BenchGate.AUDIENCE;
  static final String ORIGIN = BenchGate.ORIGIN;

  private HttpServer jwksServer;
  private String rsToken;
  private String esToken;
  private String edToken;
  private JWSVerifier rsNimbus;
  private JWSVerifier esNimbus;
  private JWSVerifier edNimbusTink;
  private JWSVerifier edJdk;
  private TokenVerifier provider;
  private TokenVerifier cached;
  private HandshakeGate gate;
  private HandshakeRequest rsRequest;
  private HandshakeRequest esRequest;
  private HandshakeRequest edRequest;
  private VerificationContext context;

  @Setup
  public void setUp() throws JOSEException, IOException, GeneralSecurityException {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    OctetKeyPair ed = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate();
    byte[] jwks =
        new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK(), ed.toPublicJWK()))
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    jwksServer = JwksServer.serve(jwks);

    Instant now = Instant.now();
    rsToken = sign(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsa), now);
    esToken = sign(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ec), now);
    rsNimbus = new RSASSAVerifier(rsa.toRSAPublicKey());
    esNimbus = new ECDSAVerifier(ec.toECPublicKey());
    edToken = sign(JWSAlgorithm.EdDSA, "ed-1", new Ed25519Signer(ed), now);
    edNimbusTink = new Ed25519Verifier(ed.toPublicJWK());
    edJdk = new RawJdkEd25519(jdkKey(ed));

    String uri = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json";
    provider =
        ProviderRegistry.load(getClass().getClassLoader())
            .get("jwks")
            .create(
                ProviderSettings.builder("wsgate.provider.jwks.")
                    .values(
                        Map.of(
                            "jwks-uri", uri,
                            "issuer", ISSUER,
                            "audience", AUDIENCE,
                            "algorithms", "RS256,ES256,EdDSA"))
                    .build());
    gate = BenchGate.gate(provider);
    rsRequest = BenchGate.request(rsToken);
    esRequest = BenchGate.request(esToken);
    edRequest = BenchGate.request(edToken);
    context = VerificationContext.of("default", ORIGIN, now);
    cached = BenchGate.cached(provider);
    if (!(gate.evaluate(rsRequest) instanceof Decision.Accepted)
        || !(gate.evaluate(esRequest) instanceof Decision.Accepted)
        || !(gate.evaluate(edRequest) instanceof Decision.Accepted)) {
      throw new IllegalStateException("the benchmark tokens must be accepted");
    }
  }

  /** The JDK's public key for an Ed25519 JWK: its 32 bytes after the X.509 prefix (RFC 8410). */
  private static PublicKey jdkKey(OctetKeyPair ed) throws GeneralSecurityException {
    byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    byte[] x = ed.getDecodedX();
    byte[] der = new byte[prefix.length + x.length];
    System.arraycopy(prefix, 0, der, 0, prefix.length);
    System.arraycopy(x, 0, der, prefix.length, x.length);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
  }

  private static String sign(JWSAlgorithm alg, String kid, JWSSigner signer, Instant now)
      throws JOSEException {
    return BenchGate.sign(new JWSHeader.Builder(alg).keyID(kid).build(), signer, now);
  }

  @TearDown
  public void tearDown() {
    provider.close();
    jwksServer.stop(0);
  }

  /** nimbus with the RSA public key in hand: the floor for RS256. */
  @Benchmark
  public JWTClaimsSet rs256RawNimbus() throws ParseException, JOSEException {
    return BenchGate.rawNimbus(rsToken, JWSAlgorithm.RS256, rsNimbus);
  }

  @Benchmark
  public VerifiedToken rs256Provider() throws AuthenticationException {
    return provider.verify(rsToken, context);
  }

  @Benchmark
  public Decision rs256Gate() {
    return gate.evaluate(rsRequest);
  }

  /** A reconnect with an RS256 token verified moments ago. */
  @Benchmark
  public VerifiedToken rs256CacheHit() throws AuthenticationException {
    return cached.verify(rsToken, context);
  }

  /** nimbus with the P-256 public key in hand: the floor for ES256 on this JDK. */
  @Benchmark
  public JWTClaimsSet es256RawNimbus() throws ParseException, JOSEException {
    return BenchGate.rawNimbus(esToken, JWSAlgorithm.ES256, esNimbus);
  }

  @Benchmark
  public Decision es256Gate() {
    return gate.evaluate(esRequest);
  }

  /** nimbus's Ed25519Verifier (Google Tink's Ed25519Verify) with the key in hand. */
  @Benchmark
  public JWTClaimsSet ed25519RawNimbusTink() throws ParseException, JOSEException {
    return BenchGate.rawNimbus(edToken, JWSAlgorithm.EdDSA, edNimbusTink);
  }

  /**
   * The JDK's EdDSA (SunEC) with the key in hand, under nimbus's parsing: the floor for the JDK.
   */
  @Benchmark
  public JWTClaimsSet ed25519RawJdk() throws ParseException, JOSEException {
    return BenchGate.rawNimbus(edToken, JWSAlgorithm.EdDSA, edJdk);
  }

  @Benchmark
  public VerifiedToken ed25519Provider() throws AuthenticationException {
    return provider.verify(edToken, context);
  }

  @Benchmark
  public Decision ed25519Gate() {
    return gate.evaluate(edRequest);
  }
}
