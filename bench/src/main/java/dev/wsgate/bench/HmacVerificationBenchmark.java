package dev.wsgate.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.wsgate.gate.Decision;
import dev.wsgate.gate.HandshakeGate;
import dev.wsgate.gate.HandshakeRequest;
import dev.wsgate.gate.ProviderRegistry;
import dev.wsgate.spi.AuthenticationException;
import dev.wsgate.spi.ProviderSettings;
import dev.wsgate.spi.TokenVerifier;
import dev.wsgate.spi.VerificationContext;
import dev.wsgate.spi.VerifiedToken;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
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
 * HS256 verification three ways on the same token: nimbus-jose-jwt called directly (parse, MAC,
 * claims, exp/iss/aud), the {@code hmac} provider, and the whole gate (origin, query extraction,
 * size check, provider, decision), plus the verified-token cache's hit path. Goals: provider and
 * gate at least 0.9x raw nimbus; a cache hit at least 5x raw nimbus.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HmacVerificationBenchmark {
  static final String SECRET = "benchmark-secret-that-is-at-least-32-bytes";
  static final String ISSUER = BenchGate.ISSUER;
  static final String AUDIENCE = BenchGate.AUDIENCE;
  static final String ORIGIN = BenchGate.ORIGIN;

  private String token;
  private MACVerifier nimbus;
  private TokenVerifier provider;
  private TokenVerifier cached;
  private HandshakeGate gate;
  private HandshakeRequest request;
  private VerificationContext context;

  @Setup
  public void setUp() throws JOSEException {
    Instant now = Instant.now();
    token =
        BenchGate.sign(
            new JWSHeader(JWSAlgorithm.HS256),
            new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)),
            now);
    nimbus = new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8));
    provider =
        ProviderRegistry.load(getClass().getClassLoader())
            .get("hmac")
            .create(
                ProviderSettings.builder("wsgate.provider.hmac.")
                    .values(Map.of("secret", SECRET, "issuer", ISSUER, "audience", AUDIENCE))
                    .build());
    gate = BenchGate.gate(provider);
    request = BenchGate.request(token);
    context = VerificationContext.of("default", ORIGIN, now);
    cached = BenchGate.cached(provider);
    if (!(gate.evaluate(request) instanceof Decision.Accepted)) {
      throw new IllegalStateException("the benchmark token must be accepted");
    }
  }

  @TearDown
  public void tearDown() {
    provider.close();
  }

  /** What a hand-rolled Java server does ({@link BenchGate#rawNimbus}). */
  @Benchmark
  public JWTClaimsSet rawNimbus() throws ParseException, JOSEException {
    return BenchGate.rawNimbus(token, JWSAlgorithm.HS256, nimbus);
  }

  @Benchmark
  public VerifiedToken provider() throws AuthenticationException {
    return provider.verify(token, context);
  }

  /** A reconnect with a token verified moments ago: the cache-hit path. */
  @Benchmark
  public VerifiedToken cacheHit() throws AuthenticationException {
    return cached.verify(token, context);
  }

  @Benchmark
  public Decision gate() {
    return gate.evaluate(request);
  }
}
