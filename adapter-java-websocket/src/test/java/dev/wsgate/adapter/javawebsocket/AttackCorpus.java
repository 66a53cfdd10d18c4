package dev.wsgate.adapter.javawebsocket;

import static dev.wsgate.adapter.javawebsocket.AttackCorpusTest.SECRET;
import static dev.wsgate.adapter.javawebsocket.AttackCorpusTest.attackerPrivate;
import static dev.wsgate.adapter.javawebsocket.AttackCorpusTest.ecPrivate;
import static dev.wsgate.adapter.javawebsocket.AttackCorpusTest.rsaHeader;
import static dev.wsgate.adapter.javawebsocket.AttackCorpusTest.rsaPrivate;
import static dev.wsgate.adapter.javawebsocket.AttackCorpusTest.trapUrl;
import static dev.wsgate.adapter.javawebsocket.AttackCorpusTest.validHmac;
import static dev.wsgate.adapter.javawebsocket.AttackCorpusTest.validRsa;

import dev.wsgate.adapter.javawebsocket.fixtures.Jose;
import dev.wsgate.testkit.RawHttp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The attack corpus of {@link AttackCorpusTest}: hostile upgrade requests and the exact status each
 * must get. Built after the test's key servers started (keys and the trap's port are needed).
 */
public final class AttackCorpus {
  private AttackCorpus() {}

  public record Case(String name, int status, byte[] request) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String HS = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

  static String query(String tenant, String token, String... headers) {
    String[] all = new String[headers.length + 1];
    all[0] = AttackCorpusTest.ORIGIN;
    System.arraycopy(headers, 0, all, 1, headers.length);
    return RawHttp.upgrade("/" + tenant + "/ws?token=" + token, all);
  }

  static String withHeaders(String tenant, String... headers) {
    return RawHttp.upgrade("/" + tenant + "/ws", headers);
  }

  public static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    String claims = Jose.claims("alice", 600);
    String admin = Jose.claims("admin", 600);

    // alg none, every spelling, unsigned and with a signature part
    for (String none : List.of("none", "None", "NONE", "nOnE")) {
      String header = "{\"alg\":\"" + none + "\",\"typ\":\"JWT\"}";
      add(
          c,
          "alg " + none + " unsigned (hmac)",
          401,
          query("h", Jose.signingInput(header, admin) + "."));
      add(
          c,
          "alg " + none + " unsigned (jwks)",
          401,
          query("j", Jose.signingInput(header, admin) + "."));
    }
    add(
        c,
        "alg none with an HMAC signature",
        401,
        query("h", Jose.hs256("{\"alg\":\"none\"}", admin, SECRET)));
    add(
        c,
        "alg none with kid and an RSA signature",
        401,
        query("j", Jose.rs256("{\"alg\":\"none\",\"kid\":\"rsa1\"}", admin, rsaPrivate())));
    add(
        c,
        "alg none without a signature part (2 parts)",
        401,
        query("j", Jose.signingInput("{\"alg\":\"none\"}", admin)));

    // alg confusion: the RSA public key used as an HMAC secret
    String hsRsa = "{\"alg\":\"HS256\",\"kid\":\"rsa1\"}";
    add(
        c,
        "HS256 keyed with the RSA public key (DER)",
        401,
        query("j", Jose.hs256(hsRsa, admin, AttackCorpusTest.rsaPublicDer())));
    add(
        c,
        "HS256 keyed with the RSA public key (PEM)",
        401,
        query(
            "j",
            Jose.hs256(
                hsRsa,
                admin,
                AttackCorpusTest.rsaPublicPem().getBytes(StandardCharsets.US_ASCII))));
    add(
        c,
        "HS256 keyed with the RSA public key (JWK JSON)",
        401,
        query(
            "j",
            Jose.hs256(
                hsRsa,
                admin,
                AttackCorpusTest.rsa
                    .toPublicJWK()
                    .toJSONString()
                    .getBytes(StandardCharsets.UTF_8))));
    add(
        c,
        "HS256 keyed with the EC public key (JWK JSON)",
        401,
        query(
            "j",
            Jose.hs256(
                "{\"alg\":\"HS256\",\"kid\":\"ec1\"}",
                admin,
                AttackCorpusTest.ec
                    .toPublicJWK()
                    .toJSONString()
                    .getBytes(StandardCharsets.UTF_8))));
    add(
        c,
        "RS256 token at the hmac tenant",
        401,
        query("h", Jose.rs256(rsaHeader(""), admin, rsaPrivate())));

    // key-bearing headers: the trap listener must receive nothing
    String jku = ",\"jku\":\"" + trapUrl() + "\"";
    String x5u = ",\"x5u\":\"" + trapUrl() + "\"";
    add(
        c,
        "jku to the trap, signed by the real key",
        101,
        query("j", Jose.rs256(rsaHeader(jku), claims, rsaPrivate())));
    add(
        c,
        "jku to the trap, attacker key and kid",
        401,
        query(
            "j",
            Jose.rs256(
                "{\"alg\":\"RS256\",\"kid\":\"attacker\"" + jku + "}", admin, attackerPrivate())));
    add(
        c,
        "x5u to the trap, attacker key",
        401,
        query(
            "j",
            Jose.rs256(
                "{\"alg\":\"RS256\",\"kid\":\"attacker\"" + x5u + "}", admin, attackerPrivate())));
    add(
        c,
        "x5u to the trap, hmac tenant",
        401,
        query(
            "h",
            Jose.hs256(
                "{\"alg\":\"HS256\"" + x5u + "}",
                admin,
                "wrong-secret-wrong-secret-wrong-secret".getBytes(StandardCharsets.US_ASCII))));
    add(
        c,
        "jku to the trap, hmac tenant, real secret",
        101,
        query("h", Jose.hs256("{\"alg\":\"HS256\"" + jku + "}", claims, SECRET)));
    String jwk = AttackCorpusTest.attacker.toPublicJWK().toJSONString();
    add(
        c,
        "embedded jwk of the attacker, no kid",
        401,
        query(
            "j", Jose.rs256("{\"alg\":\"RS256\",\"jwk\":" + jwk + "}", admin, attackerPrivate())));
    add(
        c,
        "embedded jwk of the attacker, real kid",
        401,
        query(
            "j",
            Jose.rs256(
                "{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"jwk\":" + jwk + "}",
                admin,
                attackerPrivate())));
    add(
        c,
        "x5c chain of the attacker",
        401,
        query(
            "j",
            Jose.rs256(
                "{\"alg\":\"RS256\",\"kid\":\"rsa1\",\"x5c\":[\""
                    + java.util.Base64.getEncoder().encodeToString(AttackCorpusTest.rsaPublicDer())
                    + "\"]}",
                admin,
                attackerPrivate())));

    // kid injection
    for (String kid :
        List.of(
            "../../../../etc/passwd",
            "/dev/null",
            "' OR '1'='1",
            "rsa1' UNION SELECT 'k' --",
            "rsa1\\u0000",
            "$(id)",
            "rsa1\\r\\nX: y")) {
      add(
          c,
          "kid " + kid + " (jwks)",
          401,
          query(
              "j",
              Jose.rs256("{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}", admin, attackerPrivate())));
    }
    add(
        c,
        "kid /dev/null with an HMAC over one zero byte",
        401,
        query("h", Jose.hs256("{\"alg\":\"HS256\",\"kid\":\"/dev/null\"}", admin, new byte[] {0})));
    add(
        c,
        "kid of 4 KB",
        401,
        query(
            "j",
            Jose.rs256(
                "{\"alg\":\"RS256\",\"kid\":\"" + "k".repeat(4096) + "\"}",
                admin,
                attackerPrivate())));
    add(
        c,
        "kid of 10 KB (over max-token-bytes)",
        431,
        query(
            "j",
            Jose.rs256(
                "{\"alg\":\"RS256\",\"kid\":\"" + "k".repeat(10240) + "\"}",
                admin,
                attackerPrivate())));

    // crit, b64
    add(
        c,
        "unknown crit, real RSA key",
        401,
        query(
            "j",
            Jose.rs256(
                rsaHeader(",\"crit\":[\"x-policy\"],\"x-policy\":1"), claims, rsaPrivate())));
    add(
        c,
        "unknown crit, real HMAC secret",
        401,
        query(
            "h",
            Jose.hs256(
                "{\"alg\":\"HS256\",\"crit\":[\"x-policy\"],\"x-policy\":1}", claims, SECRET)));
    String b64h = "{\"alg\":\"HS256\",\"b64\":false,\"crit\":[\"b64\"]}";
    add(
        c,
        "b64 false (RFC 7797), real HMAC secret",
        401,
        query(
            "h",
            Jose.b64(b64h)
                + "."
                + Jose.b64(claims)
                + "."
                + Jose.b64(Jose.hmac(SECRET, Jose.b64(b64h) + "." + claims))));
    add(
        c,
        "b64 false, real RSA key",
        401,
        query(
            "j", Jose.rs256(rsaHeader(",\"b64\":false,\"crit\":[\"b64\"]"), claims, rsaPrivate())));

    // JWE and part counts
    add(
        c,
        "JWE encrypted to the server's RSA key",
        401,
        query("j", AttackCorpusTest.jweToServerKey()));
    add(c, "JWE dir with the HMAC secret", 401, query("h", AttackCorpusTest.jweWithSecret()));
    add(c, "2 parts (hmac)", 401, query("h", Jose.signingInput(HS, claims)));
    add(c, "4 parts (hmac)", 401, query("h", validHmac() + ".AAAA"));
    add(c, "4 parts (jwks)", 401, query("j", validRsa() + ".AAAA"));
    add(c, "1 part", 401, query("h", "eyJhbGciOiJIUzI1NiJ9"));
    add(c, "3 empty parts", 401, query("h", ".."));

    // sizes
    String big64k = "a".repeat(64 * 1024);
    String big1m = "a".repeat(1024 * 1024);
    add(c, "64 KB token in the query", 431, query("h", big64k));
    add(c, "1 MB token in the query", 431, query("h", big1m));
    add(
        c,
        "64 KB token in Authorization",
        431,
        withHeaders("h", AttackCorpusTest.ORIGIN, "Authorization: Bearer " + big64k));
    add(
        c,
        "1 MB token in a cookie",
        431,
        withHeaders("h", AttackCorpusTest.ORIGIN, "Cookie: wsgate_token=" + big1m));
    add(
        c,
        "9 KB token in a cookie (over max-token-bytes)",
        431,
        withHeaders("h", AttackCorpusTest.ORIGIN, "Cookie: wsgate_token=" + "a".repeat(9000)));
    add(c, "64 KB header", 431, query("h", validHmac(), "X-Junk: " + big64k));
    add(c, "1 MB header", 431, query("h", validHmac(), "X-Junk: " + big1m));
    add(c, "3000 small headers", 431, query("h", validHmac(), manyHeaders(3000)));

    // malformed base64url and JSON
    String sig = ".c2ln";
    add(
        c,
        "base64 with + and / (percent-encoded)",
        401,
        query("h", "eyJhbGciOiJIUzI1NiJ9%2B%2F." + Jose.b64(claims) + sig));
    add(
        c,
        "base64url with padding",
        401,
        query("h", Jose.b64(HS) + "%3D%3D." + Jose.b64(claims) + sig));
    add(c, "characters outside base64url", 401, query("h", "eyJ!!!." + Jose.b64(claims) + sig));
    add(
        c,
        "truncated header JSON",
        401,
        query("h", Jose.hs256("{\"alg\":\"HS256\"", claims, SECRET)));
    add(c, "header is a JSON string", 401, query("h", Jose.hs256("\"HS256\"", claims, SECRET)));
    add(c, "payload is not JSON", 401, query("h", Jose.hs256(HS, "sub=admin", SECRET)));
    add(c, "payload is a JSON array", 401, query("h", Jose.hs256(HS, "[\"admin\"]", SECRET)));
    add(
        c,
        "exp is a string",
        401,
        query("h", Jose.hs256(HS, "{\"sub\":\"a\",\"exp\":\"never\"}", SECRET)));
    add(
        c,
        "payload not JSON (jwks)",
        401,
        query("j", Jose.rs256(rsaHeader(""), "sub=admin", rsaPrivate())));

    // duplicate JSON keys
    add(
        c,
        "duplicate alg in the header",
        401,
        query("h", Jose.hs256("{\"alg\":\"HS256\",\"alg\":\"none\"}", claims, SECRET)));
    add(
        c,
        "duplicate sub in the claims (hmac)",
        401,
        query("h", Jose.hs256(HS, claims.replace("{", "{\"sub\":\"admin\","), SECRET)));
    add(
        c,
        "duplicate sub in the claims (jwks)",
        401,
        query(
            "j",
            Jose.rs256(rsaHeader(""), claims.replace("{", "{\"sub\":\"admin\","), rsaPrivate())));
    add(
        c,
        "duplicate kid in the header",
        401,
        query(
            "j",
            Jose.rs256(
                "{\"alg\":\"RS256\",\"kid\":\"attacker\",\"kid\":\"rsa1\"}", admin, rsaPrivate())));

    // NUL and control characters
    add(c, "NUL in the query token", 401, query("h", validHmac() + "%00"));
    add(c, "CR LF in the query token", 401, query("h", validHmac() + "%0D%0AX-Injected:%201"));
    add(
        c,
        "raw control byte inside the Authorization token",
        400,
        withHeaders(
            "h",
            AttackCorpusTest.ORIGIN,
            "Authorization: Bearer "
                + validHmac().substring(0, 20)
                + "\u0001"
                + validHmac().substring(20)));
    // Java-WebSocket trims header values (String.trim): the token reaching the gate is the signed
    // one
    add(
        c,
        // control characters other than HTAB are refused in any field (RFC 9110 §5.5)
        "trailing control byte after the Authorization token",
        400,
        withHeaders(
            "h", AttackCorpusTest.ORIGIN, "Authorization: Bearer " + validHmac() + "\u0001"));
    add(
        c,
        "raw NUL in Origin",
        400,
        query("h", validHmac()).replace(EmbeddedServer.ORIGIN, EmbeddedServer.ORIGIN + "\u0000"));
    add(
        c,
        "raw DEL in the cookie token",
        400,
        withHeaders(
            "h", AttackCorpusTest.ORIGIN, "Cookie: wsgate_token=" + validHmac() + "\u007f"));

    // duplicate query parameters and tokens in several places
    add(c, "token twice, different values", 400, query("h", validHmac() + "&token=" + validRsa()));
    add(c, "token twice, same value", 101, query("h", validHmac() + "&token=" + validHmac()));
    add(
        c,
        "query token and a different Authorization token",
        400,
        query("h", validHmac(), "Authorization: Bearer " + validRsa()));

    // CR/LF in header values
    add(
        c,
        "bare CR inside Origin",
        400,
        query("h", validHmac())
            .replace(EmbeddedServer.ORIGIN, EmbeddedServer.ORIGIN + "\rX-Injected: 1"));
    add(
        c,
        "obs-fold continuation of Origin",
        400,
        query("h", validHmac())
            .replace(EmbeddedServer.ORIGIN + "\r\n", EmbeddedServer.ORIGIN + "\r\n evil\r\n"));
    add(
        c,
        "bare LF line endings, refused at the first",
        400,
        query("h", validHmac()).replace("\r\n", "\n"));
    add(
        c,
        "second Origin smuggled after a header",
        400,
        query("h", validHmac(), "X-Note: a\r\nOrigin: https://evil.example.com"));

    // origins
    for (String origin :
        List.of(
            "https://app.example.com.evil.com",
            "https://evilapp.example.com",
            "https://app.example.com@evil.com",
            "https://evil.com#https://app.example.com",
            "null",
            "http://app.example.com",
            "https://app.example.com:8443",
            "wss://app.example.com",
            "https://app.example.com%2eevil.com",
            "https://app.example.co",
            " https://evil.com")) {
      add(
          c,
          "origin " + origin,
          403,
          query("h", validHmac()).replace(EmbeddedServer.ORIGIN, origin));
    }
    add(c, "no Origin", 403, RawHttp.upgrade("/h/ws?token=" + validHmac()));
    add(
        c,
        "origin in upper case",
        101,
        query("h", validHmac()).replace(EmbeddedServer.ORIGIN, "HTTPS://APP.EXAMPLE.COM"));
    add(
        c,
        "origin with the default port",
        101,
        query("h", validHmac()).replace(EmbeddedServer.ORIGIN, EmbeddedServer.ORIGIN + ":443"));
    add(
        c,
        "origin with a trailing slash",
        403,
        query("h", validHmac()).replace(EmbeddedServer.ORIGIN, EmbeddedServer.ORIGIN + "/"));

    // ECDSA (CVE-2022-21449) and other signature shapes
    String es = "{\"alg\":\"ES256\",\"kid\":\"ec1\"}";
    add(
        c,
        "ES256 with r = s = 0",
        401,
        query("j", Jose.signingInput(es, admin) + "." + Jose.b64(new byte[64])));
    byte[] order =
        java.util.HexFormat.of()
            .parseHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
    byte[] rsN = new byte[64];
    System.arraycopy(order, 0, rsN, 0, 32);
    System.arraycopy(order, 0, rsN, 32, 32);
    add(
        c,
        "ES256 with r = s = n",
        401,
        query("j", Jose.signingInput(es, admin) + "." + Jose.b64(rsN)));
    add(c, "ES256 with an empty signature", 401, query("j", Jose.signingInput(es, admin) + "."));
    add(c, "ES256 valid", 101, query("j", Jose.es256(es, claims, ecPrivate())));
    add(
        c,
        "expired, real key",
        401,
        query("j", Jose.rs256(rsaHeader(""), Jose.claims("alice", -3600), rsaPrivate())));
    add(
        c,
        "signature of another token",
        401,
        query(
            "h",
            Jose.signingInput(HS, admin) + validHmac().substring(validHmac().lastIndexOf('.'))));
    return c;
  }

  private static String manyHeaders(int n) {
    StringBuilder b = new StringBuilder("X-H0: v");
    for (int i = 1; i < n; i++) {
      b.append("\r\nX-H").append(i).append(": v");
    }
    return b.toString();
  }

  private static void add(List<Case> cases, String name, int status, String request) {
    cases.add(new Case(name, status, request.getBytes(StandardCharsets.UTF_8)));
  }
}
