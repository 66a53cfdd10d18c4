package dev.wsgate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Project Wycheproof's Ed25519 signature vectors ({@code ed25519_test.json}, Apache License 2.0,
 * see {@code wycheproof/LICENSE} and {@code SOURCE.md} beside it): raw messages, not JWS signing
 * inputs, for tests of a provider's Ed25519 key conversion and signature check.
 */
public final class WycheproofEd25519 {
  private static final String RESOURCE = "wycheproof/ed25519_test.json";

  private WycheproofEd25519() {}

  /**
   * One vector.
   *
   * @param tcId the vector's id
   * @param comment what it tests
   * @param jwk the group's public key as an {@code OKP} JWK (JSON)
   * @param publicKey the group's public key, 32 bytes
   * @param message the signed message
   * @param signature the signature to check
   * @param valid whether a correct verifier must accept it
   * @param flags Wycheproof's flags
   */
  public record Vector(
      int tcId,
      String comment,
      String jwk,
      byte[] publicKey,
      byte[] message,
      byte[] signature,
      boolean valid,
      List<String> flags) {
    @Override
    public String toString() {
      return "tcId "
          + tcId
          + " "
          + String.join(",", flags)
          + (comment.isEmpty() ? "" : " " + comment)
          + (valid ? " (valid)" : " (invalid)");
    }
  }

  /** Every vector of every group. */
  public static List<Vector> all() {
    ObjectMapper json = new ObjectMapper();
    HexFormat hex = HexFormat.of();
    try (InputStream in = WycheproofEd25519.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      List<Vector> out = new ArrayList<>();
      for (JsonNode group : json.readTree(in).path("testGroups")) {
        String jwk = json.writeValueAsString(group.path("publicKeyJwk"));
        byte[] publicKey = hex.parseHex(group.path("publicKey").path("pk").asText());
        for (JsonNode t : group.path("tests")) {
          List<String> flags = new ArrayList<>();
          t.path("flags").forEach(f -> flags.add(f.asText()));
          out.add(
              new Vector(
                  t.path("tcId").asInt(),
                  t.path("comment").asText(),
                  jwk,
                  publicKey,
                  hex.parseHex(t.path("msg").asText()),
                  hex.parseHex(t.path("sig").asText()),
                  "valid".equals(t.path("result").asText()),
                  List.copyOf(flags)));
        }
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
