package dev.wsgate.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every input of the WHATWG URL test data (web-platform-tests {@code urltestdata.json}, see {@code
 * wpt/SOURCE.md}) as an allowlist entry: start-up either keeps it in exactly the origin a browser
 * serializes for that URL, which the policy then accepts, or refuses it; and when the refusal says
 * how a browser reads the entry, that is the browser's origin. An input browsers fail to parse is
 * always refused.
 */
final class OriginDataTest {
  private static final Pattern READS_AS = Pattern.compile("a browser reads it as '([^']*)'");

  /**
   * One input.
   *
   * @param input the URL as typed
   * @param origin the origin browsers serialize for it when it is http(s); empty when they refuse
   *     it or its origin is opaque or another scheme's
   * @param failure whether browsers refuse to parse it
   */
  record Case(String input, Optional<String> origin, boolean failure) {
    boolean http() {
      return origin.isPresent() || input.strip().regionMatches(true, 0, "http", 0, 4);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      input
          .codePoints()
          .forEach(
              c ->
                  s.append(
                      c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u{%x}", c)));
      return s + (failure ? " (failure)" : " -> " + origin.orElse("non-http origin"));
    }
  }

  static List<Case> cases() throws IOException {
    try (InputStream in = OriginDataTest.class.getResourceAsStream("wpt/urltestdata.json")) {
      assertThat(in).as("wpt/urltestdata.json").isNotNull();
      List<Case> out = new ArrayList<>();
      for (JsonNode e : new ObjectMapper().readTree(in)) {
        if (!e.isObject()) {
          continue; // a comment
        }
        boolean failure = e.path("failure").asBoolean(false);
        Optional<String> origin = Optional.empty();
        if (!failure) {
          String protocol = e.path("protocol").asText();
          String o =
              e.has("origin")
                  ? e.get("origin").asText()
                  : protocol + "//" + e.path("host").asText();
          if (protocol.equals("http:") || protocol.equals("https:")) {
            origin = Optional.of(o);
          }
        }
        out.add(new Case(e.get("input").asText(), origin, failure));
      }
      return out;
    }
  }

  @TestFactory
  Stream<DynamicTest> of_everyUrlOfTheWhatwgData_keepsTheBrowsersOriginOrRefuses()
      throws IOException {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
  }

  private static void check(Case c) {
    IllegalArgumentException refused =
        catchThrowableOfType(
            () -> {
              OriginPolicy policy = OriginPolicy.of(List.of(c.input()), false);
              assertThat(c.failure()).as("browsers refuse this URL; start-up must too").isFalse();
              assertThat(c.origin()).as("kept an entry whose origin is not http(s)").isPresent();
              assertThat(policy.patterns()).containsExactly(c.origin().get());
              assertThat(policy.check(c.origin().get()).allowed()).isTrue();
            },
            IllegalArgumentException.class);
    if (refused != null) {
      Matcher m = READS_AS.matcher(refused.getMessage());
      if (m.find()) {
        assertThat(c.origin()).as(refused.getMessage()).contains(m.group(1));
      }
    }
  }

  @Test
  void cases_coverHttpHosts_andBothOutcomes() throws IOException {
    List<Case> cases = cases();
    List<Case> http = cases.stream().filter(Case::http).toList();
    long kept = http.stream().filter(OriginDataTest::kept).count();
    long refusedWithForm =
        http.stream()
            .filter(c -> !kept(c))
            .filter(c -> READS_AS.matcher(message(c)).find())
            .count();
    System.out.println(
        "COUNTS "
            + cases.size()
            + " "
            + http.size()
            + " "
            + http.stream().filter(Case::failure).count()
            + " "
            + kept
            + " "
            + refusedWithForm);
    assertThat(cases).hasSizeGreaterThan(800);
    assertThat(http).hasSizeGreaterThan(400);
    assertThat(http.stream().filter(Case::failure).count()).isGreaterThan(100);
    assertThat(kept).isGreaterThan(20);
    assertThat(refusedWithForm).isGreaterThan(100);
  }

  private static boolean kept(Case c) {
    try {
      OriginPolicy.of(List.of(c.input()), false);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String message(Case c) {
    try {
      OriginPolicy.of(List.of(c.input()), false);
      return "";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
