package dev.wsgate.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cold reconnect storm: a freshly launched server, and as soon as it listens {@code --clients}
 * clients connect at once (at most {@code --window} handshakes in flight, below the listen backlog
 * of 1024 both servers use, so the kernel's SYN retransmit timers stay out of the figure), each
 * with its own valid token, and stay open. Reported: seconds from the JVM's launch until all are
 * open, of which the part after it listens, and the server's CPU. {@code --tokens hs256} uses the
 * harness's HMAC settings; {@code --tokens rs256} gives wsgate a {@code jwks} provider whose keys
 * come from a local key server and every client a distinct RS256 token, and measures raw nimbus
 * RS256 verification of the same tokens as the reference.
 *
 * <pre>
 * taskset -c 1 java -cp bench/target/benchmarks.jar dev.wsgate.bench.ColdStorm \
 *     --jar server/target/wsgate-server.jar --tokens hs256 --clients 10000 --rounds 3
 * </pre>
 */
public final class ColdStorm {
  private ColdStorm() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Options.parse(args);
    FreshServer.Launch launch = FreshServer.Launch.from(opts);
    int clients = Integer.parseInt(opts.getOrDefault("clients", "10000"));
    int window = Integer.parseInt(opts.getOrDefault("window", "1000"));
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "3"));
    String secret = opts.getOrDefault("secret", Options.HARNESS_SECRET);
    String kind = opts.getOrDefault("tokens", "hs256");
    List<String> servers = List.of(opts.getOrDefault("servers", "wsgate,bare").split(","));
    Path dir = Files.createDirectories(Path.of(opts.getOrDefault("out", "bench/results/storm")));

    List<String> targets = new ArrayList<>(clients);
    String wsgateConfig = "";
    HttpServer keys = null;
    RSAKey rsa = null;
    if (kind.equals("rs256")) {
      rsa = new RSAKeyGenerator(2048).keyID("storm-rsa").generate();
      keys = keyServer(rsa);
      wsgateConfig =
          "wsgate.provider=jwks\n"
              + "wsgate.provider.jwks.jwks-uri=http://127.0.0.1:"
              + keys.getAddress().getPort()
              + "/jwks.json\n"
              + "wsgate.provider.jwks.issuer="
              + FreshServer.ISSUER
              + "\nwsgate.provider.jwks.audience="
              + FreshServer.AUDIENCE;
      RSASSASigner signer = new RSASSASigner(rsa);
      for (int i = 0; i < clients; i++) {
        targets.add(target(rs256(signer, "storm-" + i)));
      }
    } else if (kind.equals("hs256")) {
      Tokens tokens = new Tokens(secret, FreshServer.ISSUER, FreshServer.AUDIENCE);
      for (int i = 0; i < clients; i++) {
        targets.add(target(tokens.mint("storm-" + i, Duration.ofHours(2))));
      }
    } else {
      throw new IllegalArgumentException("--tokens is hs256 or rs256, got '" + kind + "'");
    }
    try {
      // the client's own code warms up first, against a server that is not measured
      try (FreshServer bare = FreshServer.start(launch, "bare", dir, secret, "")) {
        bare.awaitListening(TimeUnit.SECONDS.toNanos(30));
        StormClient.run(bare.port, targets.subList(0, Math.min(clients, 3000)), window);
      }
      Map<String, List<double[]>> results = new LinkedHashMap<>();
      for (int r = 1; r <= rounds; r++) {
        for (String name : servers) {
          double[] res =
              storm(
                  launch,
                  name,
                  dir,
                  secret,
                  launch.variants().get(name).kind().equals("wsgate") ? wsgateConfig : "",
                  targets,
                  window);
          results.computeIfAbsent(name, k -> new ArrayList<>()).add(res);
          System.out.printf(
              Locale.ROOT,
              "RESULT storm tokens=%s server=%s round=%d listening_s=%.3f all_open_s=%.3f"
                  + " after_listen_s=%.3f opened=%d refused=%d server_cpu_s=%.3f%n",
              kind,
              name,
              r,
              res[0],
              res[1],
              res[1] - res[0],
              (long) res[2],
              (long) res[3],
              res[4]);
        }
      }
      for (Map.Entry<String, List<double[]>> e : results.entrySet()) {
        System.out.printf(
            Locale.ROOT,
            "MEDIAN storm tokens=%s server=%s listening_s=%.3f all_open_s=%.3f after_listen_s=%.3f"
                + " server_cpu_s=%.3f%n",
            kind,
            e.getKey(),
            med(e.getValue(), 0),
            med(e.getValue(), 1),
            Options.median(e.getValue().stream().mapToDouble(v -> v[1] - v[0]).toArray()),
            med(e.getValue(), 4));
      }
      if (rsa != null) {
        nimbusReference(rsa, targets);
      }
    } finally {
      if (keys != null) {
        keys.stop(0);
      }
    }
  }

  private static double med(List<double[]> rows, int column) {
    return Options.median(rows.stream().mapToDouble(v -> v[column]).toArray());
  }

  /**
   * {listening s, all open s, opened, refused, server CPU s, 503s retried}, times from the JVM's
   * launch.
   */
  private static double[] storm(
      FreshServer.Launch launch,
      String name,
      Path dir,
      String secret,
      String config,
      List<String> targets,
      int window)
      throws Exception {
    try (FreshServer server = FreshServer.start(launch, name, dir, secret, config)) {
      long listening = server.awaitListening(TimeUnit.SECONDS.toNanos(60));
      StormClient.Result res = StormClient.run(server.port, targets, window);
      double cpu = server.cpuMicros() / 1e6;
      res.closeAll();
      return new double[] {
        server.secondsSinceStart(listening),
        server.secondsSinceStart(res.lastOpenNanos()),
        res.opened(),
        res.refused(),
        cpu,
        res.retried()
      };
    }
  }

  /**
   * What a hand-written server pays for the same tokens: nimbus parses and verifies each distinct
   * RS256 token with the key in hand (no key fetch, no origin check), once from cold in this JVM
   * and once more warm.
   */
  private static void nimbusReference(RSAKey rsa, List<String> targets) throws Exception {
    RSASSAVerifier verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
    List<String> tokens = new ArrayList<>();
    for (String t : targets) {
      tokens.add(
          java.net.URLDecoder.decode(t.substring(t.indexOf('=') + 1), StandardCharsets.UTF_8));
    }
    for (String pass : List.of("first", "second")) {
      long t0 = System.nanoTime();
      for (String token : tokens) {
        SignedJWT jwt = SignedJWT.parse(token);
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        if (!jwt.verify(verifier) || !claims.getExpirationTime().after(new Date())) {
          throw new IllegalStateException("a storm token does not verify");
        }
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "RESULT nimbus-rs256 pass=%s tokens=%d secs=%.3f us_per_token=%.1f%n",
          pass,
          tokens.size(),
          secs,
          secs * 1e6 / tokens.size());
    }
  }

  private static String target(String token) {
    return FreshServer.PATH + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
  }

  private static String rs256(RSASSASigner signer, String subject) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("storm-rsa").build(),
            new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(FreshServer.ISSUER)
                .audience(FreshServer.AUDIENCE)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(2))))
                .build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static HttpServer keyServer(RSAKey rsa) throws IOException {
    return JwksServer.serve(
        new JWKSet(rsa.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8));
  }
}
