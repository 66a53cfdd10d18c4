package dev.wsgate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Project Wycheproof's JSON Web Signature vectors ({@code json_web_signature_test.json}, Apache
 * License 2.0, see {@code wycheproof/LICENSE} and {@code SOURCE.md} beside it), for tests of a
 * provider's signature layer: key + algorithm selection + signature check. The payloads are
 * arbitrary bytes, not claim sets.
 */
public final class WycheproofJws {
  private static final String RESOURCE = "wycheproof/json_web_signature_test.json";

  private WycheproofJws() {}

  /**
   * One vector.
   *
   * @param tcId the vector's id
   * @param comment what it tests
   * @param algorithm the algorithm of the group's key, such as {@code RS256}, or {@code none}
   * @param jwk the verification key as JWK JSON: the group's public key, or its private key for
   *     symmetric groups; empty when the group has no key
   * @param jws the JWS in compact or JSON serialization
   * @param valid whether a correct verifier must accept it
   * @param flags Wycheproof's flags
   */
  public record Vector(
      int tcId,
      String comment,
      String algorithm,
      String jwk,
      String jws,
      boolean valid,
      List<String> flags) {
    /** Whether the JWS is in compact serialization (three dot-separated parts, no JSON). */
    public boolean isCompact() {
      return !jws.trim().startsWith("{");
    }

    @Override
    public String toString() {
      return "tcId " + tcId + " " + algorithm + " " + comment + (valid ? " (valid)" : " (invalid)");
    }
  }

  /** Every vector of every group. */
  public static List<Vector> all() {
    ObjectMapper json = new ObjectMapper();
    try (InputStream in = WycheproofJws.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      JsonNode root = json.readTree(in);
      List<Vector> out = new ArrayList<>();
      for (JsonNode group : root.path("testGroups")) {
        JsonNode key = group.has("public") ? group.get("public") : group.path("private");
        String alg = key.path("alg").asText("none");
        String jwk = key.isMissingNode() || key.isEmpty() ? "" : json.writeValueAsString(key);
        for (JsonNode t : group.path("tests")) {
          List<String> flags = new ArrayList<>();
          t.path("flags").forEach(f -> flags.add(f.asText()));
          String jws =
              t.get("jws").isTextual()
                  ? t.get("jws").asText()
                  : json.writeValueAsString(t.get("jws"));
          out.add(
              new Vector(
                  t.path("tcId").asInt(),
                  t.path("comment").asText(),
                  alg,
                  jwk,
                  jws,
                  "valid".equals(t.path("result").asText()),
                  List.copyOf(flags)));
        }
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The vectors whose key algorithm is one of {@code algorithms} (such as HS256). */
  public static List<Vector> forAlgorithms(String... algorithms) {
    List<String> wanted = List.of(algorithms);
    return all().stream().filter(v -> wanted.contains(v.algorithm())).toList();
  }
}
