package dev.wsgate.adapter.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wsgate.config.ConfigReader;
import dev.wsgate.config.GateConfig;
import dev.wsgate.config.VerifierHooks;
import dev.wsgate.gate.ProviderRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code META-INF/spring-configuration-metadata.json} (what IDEs complete) against the keys the
 * starter really reads: every key of the gate (read by {@link GateConfig}, the server's code) and
 * of the starter is described, and nothing else is.
 */
final class MetadataTest {
  /** Keys of features the starter refuses (tickets, first-message authentication). */
  private static final Set<String> UNSERVED =
      Set.of(
          "wsgate.tickets.enabled",
          "wsgate.tickets.ttl",
          "wsgate.extractor.ticket.param",
          "wsgate.auth.message-timeout");

  private static Set<String> described() throws Exception {
    String json;
    try (InputStream in =
        MetadataTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int hints = json.indexOf("\"hints\"");
    Matcher m =
        Pattern.compile("\"name\": \"(wsgate\\.[^\"]+)\"").matcher(json.substring(0, hints));
    Set<String> names = new TreeSet<>();
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The keys the starter reads for a one-tenant HMAC gate. */
  private static Set<String> read() {
    ConfigReader r =
        new ConfigReader(
            Map.of(
                "wsgate.origins", TestGate.ORIGIN,
                "wsgate.provider", "hmac",
                "wsgate.provider.hmac.secret", PropertiesApp.SECRET),
            name -> null);
    try (GateConfig config =
        GateConfig.read(
            r,
            ProviderRegistry.load(MetadataTest.class.getClassLoader()),
            Clock.systemUTC(),
            VerifierHooks.NONE,
            "/")) {
      StarterKeys.markKnown(r);
      assertThat(r.problems()).isEmpty();
      Set<String> known = new TreeSet<>(r.known());
      known.removeAll(UNSERVED);
      return known;
    }
  }

  @Test
  void metadata_everyKeyTheStarterReads_isDescribed() throws Exception {
    assertThat(described()).containsAll(read());
  }

  @Test
  void metadata_describesNoKeyTheStarterDoesNotRead() throws Exception {
    Set<String> extra = described();
    extra.removeAll(read());
    // the map of per-tenant keys, and the other providers' settings (read only when selected)
    extra.removeIf(
        k ->
            k.equals("wsgate.tenant")
                || k.matches("wsgate\\.provider\\.(jwks|firebase|clerk|introspection)\\..+"));

    assertThat(extra).isEmpty();
  }
}
