package dev.wsgate.adapter.javawebsocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.wsgate.adapter.javawebsocket.fixtures.Jose;
import dev.wsgate.testkit.RawHttp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile upgrade requests over real sockets against two tenants: {@code /h/ws} (the {@code hmac}
 * provider) and {@code /j/ws} (the {@code jwks} provider, RS256 and ES256 keys served by a local
 * HTTP server). Each case asserts the exact status read from the raw response, that the trap
 * listener named by {@code jku}/{@code x5u} headers was never contacted, and that valid handshakes
 * on both tenants still succeed afterwards. The Netty adapter's {@code NettyAttackCorpusTest} runs
 * the same corpus against its own listener on this class's gate, keys and trap ({@link #start},
 * {@link #gate}, {@link #assertHealthy(int)}).
 */
public final class AttackCorpusTest {
  static final String ORIGIN = "Origin: " + EmbeddedServer.ORIGIN;
  static final byte[] SECRET =
      "attack-corpus-secret-0123456789-abcdef".getBytes(StandardCharsets.UTF_8);

  static RSAKey rsa;
  static ECKey ec;
  static RSAKey attacker;
  static HttpServer keyServer;
  static ServerSocket trap;

  /** Connections the {@code jku}/{@code x5u} trap listener accepted: none, ever. */
  public static final AtomicInteger trapConnections = new AtomicInteger();

  static EmbeddedServer server;

  /** Keys, their server, the trap and the Java-WebSocket server under test. */
  @BeforeAll
  public static void start() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec1").generate();
    attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
    String jwks = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString();
    keyServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    keyServer.createContext(
        "/jwks.json",
        exchange -> {
          byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    keyServer.start();
    trap = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    Thread t =
        new Thread(
            () -> {
              while (!trap.isClosed()) {
                try (Socket s = trap.accept()) {
                  trapConnections.incrementAndGet();
                  s.shutdownOutput();
                } catch (IOException e) {
                  // closed
                }
              }
            },
            "trap");
    t.setDaemon(true);
    t.start();
    Clock clock = Clock.systemUTC();
    server =
        EmbeddedServer.builder()
            .handshakeTimeout(Duration.ofSeconds(2)) // a request that never ends gets 408 soon
            .byPath(
                "h",
                EmbeddedServer.provider(
                    "hmac",
                    "h",
                    clock,
                    Map.of("secret", new String(SECRET, StandardCharsets.UTF_8))))
            .byPath(
                "j",
                EmbeddedServer.provider(
                    "jwks",
                    "j",
                    clock,
                    Map.of(
                        "jwks-uri",
                        "http://127.0.0.1:" + keyServer.getAddress().getPort() + "/jwks.json",
                        "algorithms",
                        "RS256,ES256")))
            .start();
  }

  /** Stops what {@link #start} started. */
  @AfterAll
  public static void stop() throws IOException {
    server.close();
    keyServer.stop(0);
    trap.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.wsgate.adapter.javawebsocket.AttackCorpus#cases")
  void attack_answersExactStatus_andServerStaysHealthy(AttackCorpus.Case attack) throws Exception {
    RawHttp.Response r = RawHttp.exchange(server.port, attack.request());

    assertThat(r.status()).as(attack.name() + ": " + r.statusLine()).isEqualTo(attack.status());
    if (r.status() != 101) {
      assertThat(r.closed()).as("socket closed after the refusal").isTrue();
    }
    assertThat(trapConnections.get()).as("connections to the jku/x5u trap").isZero();
    assertHealthy();
  }

  static void assertHealthy() throws IOException {
    assertHealthy(server.port);
  }

  /** Valid upgrades on both tenants of the listener at {@code port} still get 101. */
  public static void assertHealthy(int port) throws IOException {
    assertThat(RawHttp.exchange(port, AttackCorpus.query("h", validHmac())).status())
        .isEqualTo(101);
    assertThat(RawHttp.exchange(port, AttackCorpus.query("j", validRsa())).status()).isEqualTo(101);
  }

  /** The gate of the two tenants ({@code /h/ws}, {@code /j/ws}), after {@link #start}. */
  public static dev.wsgate.gate.HandshakeGate gate() {
    return server.gate;
  }

  static String validHmac() {
    return Jose.hs256("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", Jose.claims("alice", 600), SECRET);
  }

  static String validRsa() {
    return Jose.rs256(rsaHeader(""), Jose.claims("alice", 600), rsaPrivate());
  }

  static String rsaHeader(String extra) {
    return "{\"alg\":\"RS256\",\"kid\":\"rsa1\"" + extra + "}";
  }

  static java.security.PrivateKey rsaPrivate() {
    try {
      return rsa.toPrivateKey();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static java.security.PrivateKey ecPrivate() {
    try {
      return ec.toECPrivateKey();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static java.security.PrivateKey attackerPrivate() {
    try {
      return attacker.toPrivateKey();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String trapUrl() {
    return "http://127.0.0.1:" + trap.getLocalPort() + "/keys";
  }

  static String jweToServerKey() {
    try {
      JWEObject jwe =
          new JWEObject(
              new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM),
              new Payload(validRsa()));
      jwe.encrypt(new RSAEncrypter(rsa.toRSAPublicKey()));
      return jwe.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String jweWithSecret() {
    try {
      JWEObject jwe =
          new JWEObject(
              new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A128CBC_HS256),
              new Payload(Jose.claims("alice", 600)));
      jwe.encrypt(new DirectEncrypter(java.util.Arrays.copyOf(SECRET, 32)));
      return jwe.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] rsaPublicDer() {
    try {
      return rsa.toRSAPublicKey().getEncoded();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String rsaPublicPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(rsaPublicDer())
        + "\n-----END PUBLIC KEY-----\n";
  }
}
